import { STEPS_PER_DAY, STEPS_PER_HOUR } from './trace-time';

/** Hand-made 5-minute series for the unit tests: `value(step, hourOfDay, day)` per step from a Monday 00:00. */
export function makeSeries(days: number, value: (step: number, hour: number, day: number) => number): Float64Array {
  const out = new Float64Array(Math.round(days * STEPS_PER_DAY));
  for (let k = 0; k < out.length; k++) {
    out[k] = value(k, Math.floor(k / STEPS_PER_HOUR) % 24, Math.floor(k / STEPS_PER_DAY));
  }
  return out;
}

/** A reproducible uniform [0, 1) source (mulberry32), so noisy test series are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
