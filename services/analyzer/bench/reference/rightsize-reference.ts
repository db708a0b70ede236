import { countFinite, percentile, round, tail } from './series-stats';
import { STEPS_PER_DAY } from './trace-time';

/**
 * The "plain p95 + 20 % rule" for right-sizing (issue 9, "Right-size"; the pattern in
 * shared/research/algorithms.md lines 56 and 82-85: P95 CPU plus a 20 % buffer, as ITRS and Turbonomic's default
 * percentile do): cores needed = P95 of the 5-minute CPU % x vCPUs / 100 x 1.2, and the same rounded up to a whole
 * core (at least 1). Savings are the vCPUs above that; a VM that needs more than it has saves nothing.
 * Samples: every 5-minute average in the window (by default the whole series), CPU above 100 % kept as data.
 */
export const RIGHTSIZE = { percentile: 95, headroom: 0.2 } as const;

export interface RightsizeReference {
  vcpus: number;
  samples: number;
  windowDays: number;
  p95Pct: number;
  coresUnrounded: number;
  cores: number;
  savingsCores: number;
  savingsCoresUnrounded: number;
}

export function rightsizeReference(cpuAvg: Float64Array, vcpus: number, windowDays?: number): RightsizeReference {
  if (!(vcpus > 0)) throw new RangeError(`vcpus must be positive, not ${vcpus}`);
  const window = windowDays === undefined ? cpuAvg : tail(cpuAvg, windowDays * STEPS_PER_DAY);
  const p95 = percentile(window, RIGHTSIZE.percentile);
  const coresUnrounded = ((p95 * vcpus) / 100) * (1 + RIGHTSIZE.headroom);
  const cores = Number.isFinite(coresUnrounded) ? Math.max(1, Math.ceil(coresUnrounded - 1e-9)) : Number.NaN;
  return {
    vcpus,
    samples: countFinite(window),
    windowDays: round(window.length / STEPS_PER_DAY, 2),
    p95Pct: round(p95, 4),
    coresUnrounded: round(coresUnrounded, 4),
    cores,
    savingsCores: Number.isFinite(cores) ? Math.max(0, vcpus - cores) : 0,
    savingsCoresUnrounded: Number.isFinite(coresUnrounded) ? round(Math.max(0, vcpus - coresUnrounded), 4) : 0,
  };
}
