import type { TidalPolicy } from '../policies/policy';
import { vcpuSize } from '../rightsize/sizes';
import type { VmFacts } from '../zombie/zombie.rule';
import { acfPeak, binPower, foldProfile, profileStrength, rankThreshold, ranks } from './periodicity';
import { hashString, seededRng } from './random';

export type CycleType = 'daily' | 'weekly';
export const CYCLE_HOURS: Record<CycleType, number> = { daily: 24, weekly: 168 };
/** Epoch hour 0 (1970-01-01) was a Thursday: 72 hours after a Monday 00:00. */
const EPOCH_HOUR_OF_WEEK = 72;

/** A dense hourly series: values[i] is the hour `startHour + i` (hours since the Unix epoch). */
export interface DenseSeries {
  startHour: number;
  values: Float64Array;
}

/** Places hourly points on a dense grid of `windowHours` from `windowStartHour` (NaN where no point), then prepareGrid. */
export function prepareHourly(
  hours: ArrayLike<number>,
  values: ArrayLike<number>,
  windowStartHour: number,
  windowHours: number,
  maxGapHours: number,
): DenseSeries | null {
  const dense = new Float64Array(windowHours).fill(Number.NaN);
  for (let i = 0; i < hours.length; i++) {
    const index = hours[i]! - windowStartHour;
    const value = values[i]!;
    if (index >= 0 && index < windowHours && Number.isFinite(value)) dense[index] = value;
  }
  return prepareGrid(dense, windowStartHour, maxGapHours);
}

/**
 * After Crane, on an hourly grid from `windowStartHour` (NaN where there is no data): keeps only the data after the
 * last gap longer than `maxGapHours`, interpolates shorter gaps linearly and clamps values outside P0.1..P99.9. Null
 * when nothing is left.
 */
export function prepareGrid(grid: Float64Array, windowStartHour: number, maxGapHours: number): DenseSeries | null {
  const windowHours = grid.length;
  const dense = grid.map((v) => (Number.isFinite(v) ? v : Number.NaN));
  let first = -1;
  let last = -1;
  for (let i = 0; i < windowHours; i++) {
    if (!Number.isNaN(dense[i]!)) {
      if (first < 0) first = i;
      last = i;
    }
  }
  if (first < 0) return null;
  let start = first;
  let previous = first;
  for (let i = first + 1; i <= last; i++) {
    if (Number.isNaN(dense[i]!)) continue;
    if (i - previous - 1 > maxGapHours) start = i;
    previous = i;
  }
  const out = dense.slice(start, last + 1);
  previous = 0;
  for (let i = 1; i < out.length; i++) {
    if (Number.isNaN(out[i]!)) continue;
    for (let j = previous + 1; j < i; j++)
      out[j] = out[previous]! + ((out[i]! - out[previous]!) * (j - previous)) / (i - previous);
    previous = i;
  }
  // Order statistics, not interpolated quantiles: short series (under 1,000 hours at the ends) are not clamped at all.
  const sorted = Float64Array.from(out).sort();
  const lo = sorted[Math.floor(0.001 * (sorted.length - 1))]!;
  const hi = sorted[Math.ceil(0.999 * (sorted.length - 1))]!;
  for (let i = 0; i < out.length; i++) out[i] = Math.min(hi, Math.max(lo, out[i]!));
  return { startHour: windowStartHour + start, values: out };
}

/** The outcome of testing one period. Phases (hours) are local: hour of day for daily, hour of week (Monday 00:00 = 0) for weekly. */
export interface CycleTest {
  cycleType: CycleType;
  periodHours: number;
  cycles: number;
  /**
   * Rank-periodogram power at the period's bin and the permutation threshold it must beat; null when not computed
   * (the cheaper conditions below already failed).
   */
  power: number | null;
  threshold: number | null;
  significant: boolean | null;
  acf: number;
  acfPeak: boolean;
  /** Adjusted share of variance explained by the cycle profile (0..1). */
  stability: number;
  peakDiff: number;
  peakHours: number[];
  offPeakHours: number[];
  peakLevel: number;
  offPeakLevel: number;
  /** Highest profile value among the off-peak hours. */
  offPeakMax: number;
  passed: boolean;
  /** Why it did not pass (first failed condition). */
  failed?: string;
}

const round = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;

/** Tests one period on the most recent whole cycles of the series. Undefined when fewer than `minCycles` cycles exist. */
export function testCycle(
  series: DenseSeries,
  cycleType: CycleType,
  policy: TidalPolicy,
  seed: number,
  ranksCache?: Map<number, Float64Array>,
): CycleTest | undefined {
  const period = CYCLE_HOURS[cycleType];
  const cycles = Math.floor(series.values.length / period);
  if (cycles < policy.minCycles) return undefined;
  const n = cycles * period;
  const offset = series.values.length - n;
  const values = series.values.subarray(offset);
  const startHour = series.startHour + offset + policy.utcOffsetHours;
  const firstPhase = cycleType === 'daily' ? mod(startHour, 24) : mod(startHour + EPOCH_HOUR_OF_WEEK, 168);

  // The ACF on the values (as Crane): ranks blur the shape of a step (a weekend batch) into noise around the apex.
  const { acf, peak } = acfPeak(values, period, Math.min(policy.acfWindowHours, period / 2));
  const profile = foldProfile(values, period, firstPhase);
  const stability = profileStrength(values, profile, firstPhase);
  let min = Infinity;
  let max = -Infinity;
  for (const v of profile) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const mid = min + (max - min) / 2;
  const peakHours: number[] = [];
  const offPeakHours: number[] = [];
  let peakSum = 0;
  let offSum = 0;
  let offPeakMax = -Infinity;
  profile.forEach((v, phase) => {
    if (v >= mid && max > min) {
      peakHours.push(phase);
      peakSum += v;
    } else {
      offPeakHours.push(phase);
      offSum += v;
      offPeakMax = Math.max(offPeakMax, v);
    }
  });
  const test: CycleTest = {
    cycleType,
    periodHours: period,
    cycles,
    power: null,
    threshold: null,
    significant: null,
    acf: round(acf, 3),
    acfPeak: peak,
    stability: round(stability, 3),
    peakDiff: round(max - min),
    peakHours,
    offPeakHours,
    peakLevel: round(peakHours.length ? peakSum / peakHours.length : max),
    offPeakLevel: round(offPeakHours.length ? offSum / offPeakHours.length : min),
    offPeakMax: round(Number.isFinite(offPeakMax) ? offPeakMax : min),
    passed: false,
  };
  test.failed = !peak
    ? 'no autocorrelation peak at the period'
    : acf < policy.minAcf
      ? `autocorrelation ${test.acf} below ${policy.minAcf}`
      : stability < policy.minStability
        ? `stability ${test.stability} below ${policy.minStability}`
        : max - min < policy.minPeakDiff
          ? `peak-to-trough ${test.peakDiff} below ${policy.minPeakDiff}`
          : peakHours.length < policy.minPeakHours
            ? `only ${peakHours.length} peak hours (a burst, not a tide)`
            : undefined;
  if (test.failed !== undefined) return test;
  // The permutation test last: it needs the ranks (the costly step), and most series have already failed above.
  // The daily and weekly tests usually share the same slice, so they share its ranks.
  let ranked = ranksCache?.get(n);
  if (!ranked) {
    ranked = ranks(values, seededRng(seed));
    ranksCache?.set(n, ranked);
  }
  const power = binPower(ranked, cycles);
  const threshold = rankThreshold(n, policy.permutations, policy.significanceQuantile, policy.seed);
  Object.assign(test, { power: round(power, 1), threshold: round(threshold, 1), significant: power > threshold });
  if (!test.significant) test.failed = 'periodogram power below the permutation threshold';
  test.passed = test.failed === undefined;
  return test;
}

const mod = (a: number, m: number) => ((a % m) + m) % m;

/** The seed's TidalEvidence (cycleType, stability, peakHours, offPeakHours, peakDiff), extended with the test figures. */
export interface TidalEvidence {
  cycleType: CycleType;
  stability: number;
  peakHours: number[];
  offPeakHours: number[];
  peakDiff: number;
  /** For a weekly cycle: days (0 = Monday) whose average is in the peak half. */
  peakDays?: number[];
  offPeakDays?: number[];
  periodHours: number;
  cycles: number;
  power: number | null;
  threshold: number | null;
  acf: number;
  peakLevel: number;
  offPeakLevel: number;
  metric: string;
  utcOffsetHours: number;
  historyHours: number;
  /** Average cores an off-peak schedule could free (off-peak share × cores not needed off-peak). */
  offPeakCoresFreeable: number;
  tests: Array<
    Pick<CycleTest, 'cycleType' | 'significant' | 'acfPeak' | 'stability' | 'peakDiff' | 'passed' | 'failed'>
  >;
}

export type TidalVerdict =
  | { kind: 'tidal'; confidence: number; riskLevel: 'low' | 'medium'; evidence: TidalEvidence; test: CycleTest }
  | { kind: 'aperiodic'; tests: CycleTest[] }
  | { kind: 'skipped'; reason: string };

/**
 * Tests the daily and the weekly cycle. A period counts when it is significant (permutation test), confirmed by an ACF
 * peak, stable, wide enough and busy long enough. A daily tide is reported as weekly when the weekly profile explains
 * clearly more variance and the ACF peaks at 168 h (weekday/weekend patterns); a weekly tide without a daily one
 * (a weekend batch) must pass the weekly test on its own.
 */
export function detectTidal(series: DenseSeries | null, policy: TidalPolicy, seedKey: string): TidalVerdict {
  if (!series) return { kind: 'skipped', reason: 'no hourly history in the lookback window' };
  const seed = (policy.seed ^ hashString(seedKey)) >>> 0;
  const ranksCache = new Map<number, Float64Array>();
  const daily = testCycle(series, 'daily', policy, seed, ranksCache);
  if (!daily) {
    return {
      kind: 'skipped',
      reason: `only ${series.values.length} h of history; ${policy.minCycles} daily cycles needed`,
    };
  }
  const weekly = testCycle(series, 'weekly', policy, seed, ranksCache);
  const tests = weekly ? [daily, weekly] : [daily];
  let chosen: CycleTest | undefined;
  if (daily.passed) {
    // A daily tide is established; whether it is better read as weekly is model choice: the weekly profile must
    // explain clearly more variance (adjusted R², so its 168 values are paid for) and the ACF must peak at 168 h.
    // Its own bin need not be significant: a weekdays-only pattern puts its weekly energy in sidebands of the daily
    // harmonics, not at the weekly fundamental.
    chosen =
      weekly &&
      weekly.stability - daily.stability >= policy.weeklyGain &&
      weekly.acfPeak &&
      weekly.acf >= policy.minAcf &&
      weekly.peakDiff >= policy.minPeakDiff
        ? weekly
        : daily;
  } else if (weekly?.passed) {
    chosen = weekly;
  }
  if (!chosen) return { kind: 'aperiodic', tests };

  const evidence: TidalEvidence = {
    cycleType: chosen.cycleType,
    stability: chosen.stability,
    peakHours: chosen.peakHours,
    offPeakHours: chosen.offPeakHours,
    peakDiff: chosen.peakDiff,
    periodHours: chosen.periodHours,
    cycles: chosen.cycles,
    power: chosen.power,
    threshold: chosen.threshold,
    acf: chosen.acf,
    peakLevel: chosen.peakLevel,
    offPeakLevel: chosen.offPeakLevel,
    metric: policy.metric,
    utcOffsetHours: policy.utcOffsetHours,
    historyHours: series.values.length,
    offPeakCoresFreeable: 0,
    tests: tests.map(({ cycleType, significant, acfPeak: peak, stability, peakDiff, passed, failed }) => ({
      cycleType,
      significant,
      acfPeak: peak,
      stability,
      peakDiff,
      passed,
      failed,
    })),
  };
  if (chosen.cycleType === 'weekly') Object.assign(evidence, weeklyDays(series, policy));
  const confidence = round(
    Math.min(
      0.99,
      0.45 +
        0.15 * Math.min(1, (chosen.cycles - policy.minCycles + 1) / 3) +
        0.25 * chosen.stability +
        0.1 * Math.min(1, Math.max(0, Math.log10((chosen.power ?? 0) / (chosen.threshold || 1)))),
    ),
  );
  return { kind: 'tidal', confidence, riskLevel: chosen.stability >= 0.6 ? 'low' : 'medium', evidence, test: chosen };
}

function weeklyDays(series: DenseSeries, policy: TidalPolicy): { peakDays: number[]; offPeakDays: number[] } {
  const n = Math.floor(series.values.length / 168) * 168;
  const values = series.values.subarray(series.values.length - n);
  const startHour = series.startHour + (series.values.length - n) + policy.utcOffsetHours;
  const profile = foldProfile(values, 168, mod(startHour + EPOCH_HOUR_OF_WEEK, 168));
  const days = Array.from(
    { length: 7 },
    (_, d) => profile.subarray(d * 24, d * 24 + 24).reduce((a, b) => a + b, 0) / 24,
  );
  const min = Math.min(...days);
  const max = Math.max(...days);
  const mid = min + (max - min) / 2;
  return {
    peakDays: days.flatMap((v, d) => (v >= mid && max > min ? [d] : [])),
    offPeakDays: days.flatMap((v, d) => (v >= mid && max > min ? [] : [d])),
  };
}

/**
 * Average cores an off-peak schedule could free: the off-peak need is sized like right-sizing (the highest off-peak
 * hour + headroom, rounded up to a vCPU size); the cores above it are freeable for the off-peak share of the cycle.
 */
export function offPeakCoresFreeable(test: CycleTest, vcpu: number, policy: TidalPolicy): number {
  if (!(vcpu > 0)) return 0;
  const need = vcpuSize((Math.max(0, test.offPeakMax) / 100) * vcpu * (1 + policy.cpuHeadroom));
  return round(Math.max(0, vcpu - need) * (test.offPeakHours.length / test.periodHours));
}

/** The tidal verdict for one VM: templates and powered-off VMs are skipped; the savings use the VM's vCPUs. */
export function assessTidal(vm: VmFacts, series: DenseSeries | null, policy: TidalPolicy): TidalVerdict {
  if (vm.isTemplate) return { kind: 'skipped', reason: 'template' };
  if (vm.powerState !== 'poweredOn')
    return { kind: 'skipped', reason: `powered ${vm.powerState === 'poweredOff' ? 'off' : vm.powerState}` };
  const verdict = detectTidal(series, policy, `${vm.connectionId}/${vm.id}`);
  if (verdict.kind === 'tidal')
    verdict.evidence.offPeakCoresFreeable = offPeakCoresFreeable(verdict.test, vm.cpuCount, policy);
  return verdict;
}

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function describeTidal(evidence: TidalEvidence): { conclusion: string; recommendation: string } {
  const hours =
    evidence.cycleType === 'daily'
      ? `peak hours ${ranges(evidence.peakHours)} (UTC${evidence.utcOffsetHours >= 0 ? '+' : ''}${evidence.utcOffsetHours})`
      : `peak days ${(evidence.peakDays ?? []).map((d) => DAY_NAMES[d]).join(', ')}`;
  const conclusion =
    `${evidence.cycleType === 'daily' ? 'Daily' : 'Weekly'} tidal load over ${evidence.cycles} cycles: ${hours}, ` +
    `${evidence.peakLevel}% at peak vs ${evidence.offPeakLevel}% off-peak (stability ${evidence.stability}).`;
  const recommendation =
    'Schedule around the tide: move batch work into the off-peak hours, or consolidate/power-manage ' +
    'hosts off-peak (DRS/DPM); size for the peak, not for the average.';
  return { conclusion, recommendation };
}

function ranges(hours: number[]): string {
  const out: string[] = [];
  let start = hours[0];
  for (let i = 1; i <= hours.length; i++) {
    if (hours[i] !== hours[i - 1]! + 1) {
      out.push(start === hours[i - 1] ? `${start}` : `${start}-${hours[i - 1]}`);
      start = hours[i];
    }
  }
  return out.join(', ');
}
