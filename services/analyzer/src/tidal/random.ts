/** Small deterministic RNG (mulberry32): the same seed gives the same stream on every machine and run. */
export type Rng = () => number;

export function seededRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = mulberry32Advance(state);
    return mulberry32Output(state);
  };
}

/**
 * mulberry32's two halves, for a loop too hot for a generator closure (swingPermutationP): the next state, and the
 * number in [0, 1) a state gives. `seededRng(seed)` yields mulberry32Output(s1), mulberry32Output(s2), … with
 * s1 = mulberry32Advance(seed >>> 0), s2 = mulberry32Advance(s1).
 */
export const mulberry32Advance = (state: number): number => (state + 0x6d2b79f5) >>> 0;

export function mulberry32Output(state: number): number {
  let t = Math.imul(state ^ (state >>> 15), state | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** 32-bit FNV-1a of a string, to derive per-entity seeds. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
