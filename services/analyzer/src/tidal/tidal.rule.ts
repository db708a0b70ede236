import type { CycleType, TidalEvidence as TidalFindingEvidence } from '@justfit/events';
import type { VmFacts } from '../estate/vm';
import { wholeVcpus } from '../estate/vm-sizes';
import type { TidalPolicy } from '../policies/policy';
import {
  acfPeak,
  chiSquareQuantile,
  cyclesFollowing,
  foldProfile,
  kruskalWallis,
  profileStrength,
  removeLinearTrend,
  removeMovingAverage,
  swingPermutationP,
} from './periodicity';

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
 * On an hourly grid from `windowStartHour` (NaN where there is no data): trims the empty ends, interpolates gaps up
 * to `maxGapHours` linearly and leaves longer gaps empty (the tests use the observed hours only), and clamps values
 * outside P0.1..P99.9 (Crane). Crane drops everything before the last long gap; on a month of real samples one
 * collector outage would then throw away weeks. Null when nothing is left.
 */
export function prepareGrid(grid: Float64Array, windowStartHour: number, maxGapHours: number): DenseSeries | null {
  let first = -1;
  let last = -1;
  for (let i = 0; i < grid.length; i++) {
    if (Number.isFinite(grid[i]!)) {
      if (first < 0) first = i;
      last = i;
    }
  }
  if (first < 0) return null;
  const out = new Float64Array(last - first + 1);
  let observed = 0;
  for (let i = 0; i < out.length; i++) {
    const v = grid[first + i]!;
    out[i] = Number.isFinite(v) ? v : Number.NaN;
    if (Number.isFinite(v)) observed++;
  }
  let previous = 0;
  for (let i = 1; i < out.length; i++) {
    if (Number.isNaN(out[i]!)) continue;
    if (i - previous - 1 <= maxGapHours) {
      for (let j = previous + 1; j < i; j++)
        out[j] = out[previous]! + ((out[i]! - out[previous]!) * (j - previous)) / (i - previous);
    }
    previous = i;
  }
  // Order statistics, not interpolated quantiles: up to 1,001 points (six weeks of hours) P0.1 and P99.9 are the
  // extremes themselves and nothing is clamped, so the sort is skipped.
  if (observed > 1001) {
    const sorted = Float64Array.from(out.filter(Number.isFinite)).sort();
    const lo = sorted[Math.floor(0.001 * (sorted.length - 1))]!;
    const hi = sorted[Math.ceil(0.999 * (sorted.length - 1))]!;
    for (let i = 0; i < out.length; i++) if (Number.isFinite(out[i]!)) out[i] = Math.min(hi, Math.max(lo, out[i]!));
  }
  return { startHour: windowStartHour + first, values: out };
}

/** The outcome of testing one period. Phases (hours) are local: hour of day for daily, hour of week (Monday 00:00 = 0) for weekly. */
export interface CycleTest {
  cycleType: CycleType;
  periodHours: number;
  /** Whole cycles in the series tested, and how many of them were observed well enough to be judged. */
  cycles: number;
  cyclesJudged: number;
  /** Cycles whose shape follows the profile (Pearson r at least the policy's). */
  cyclesFollowing: number;
  /**
   * Kruskal-Wallis H of the hours grouped by phase, and the chi-square quantile it must exceed (null: not computed,
   * an earlier check failed).
   */
  kruskalWallisH: number | null;
  criticalH: number | null;
  /** Permutation p-value of the profile's peak-to-trough; computed only when Kruskal-Wallis is not significant. */
  swingP: number | null;
  significant: boolean | null;
  /** Autocorrelation at the period, on the series without its trend (null: the profile does not swing enough). */
  acf: number | null;
  acfPeak: boolean | null;
  /** Adjusted share of variance (of the series without its trend) explained by the cycle profile (0..1). */
  stability: number | null;
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
/** Enough shuffles for a p-value of 0.01 (the default level); a fixed seed, so a run is reproducible. */
const SWING_SHUFFLES = 199;
const SWING_SEED = 0x7d1a1;

/**
 * Tests one period on the most recent whole cycles of the series. A period passes when the hour-of-cycle profile
 * swings by `minPeakDiff` points, the autocorrelation of the series without its trend peaks at the period and reaches
 * `minAcf`, most cycles follow the profile, and the phases differ significantly (Kruskal-Wallis, else the swing
 * permutation test). Undefined when fewer than `minCycles` cycles' worth of hours are observed. The checks run
 * cheapest first: on most series the profile does not swing, and nothing else is computed. `permutationTest: false`
 * stops at Kruskal-Wallis: the caller's verdict does not depend on this period's significance, and the permutation
 * test costs more than all the other checks together.
 */
export function testCycle(
  series: DenseSeries,
  cycleType: CycleType,
  policy: TidalPolicy,
  options: { permutationTest: boolean } = { permutationTest: true },
): CycleTest | undefined {
  const period = CYCLE_HOURS[cycleType];
  const cycles = Math.floor(series.values.length / period);
  const n = cycles * period;
  const offset = series.values.length - n;
  const values = series.values.subarray(offset);
  let observed = 0;
  for (const v of values) if (Number.isFinite(v)) observed++;
  if (cycles < policy.minCycles || observed < policy.minCycles * period) return undefined;
  const startHour = series.startHour + offset + policy.utcOffsetHours;
  const firstPhase = cycleType === 'daily' ? mod(startHour, 24) : mod(startHour + EPOCH_HOUR_OF_WEEK, 168);

  const test: CycleTest = { cycleType, periodHours: period, cycles, ...profileLevels(values, period, firstPhase) };
  if (test.peakDiff < policy.minPeakDiff)
    return fail(test, `peak-to-trough ${test.peakDiff} below ${policy.minPeakDiff}`);

  // The cycle is judged on the series without its trend: the daily test removes a one-day moving average (a trend,
  // a level shift, a slow wander), the weekly one a straight line (a one-week average would remove the weekly cycle).
  const cycle = cycleType === 'daily' ? removeMovingAverage(values, period) : removeLinearTrend(values);
  const { acf, peak } = acfPeak(cycle, period, Math.min(policy.acfWindowHours, period / 2));
  const cycleProfile = foldProfile(cycle, period, firstPhase);
  const follow = cyclesFollowing(cycle, cycleProfile, firstPhase, policy.followCorrelation);
  Object.assign(test, {
    acf: round(acf, 3),
    acfPeak: peak,
    stability: round(profileStrength(cycle, cycleProfile, firstPhase), 3),
    cyclesJudged: follow.judged,
    cyclesFollowing: follow.following,
  });
  if (!peak) return fail(test, 'no autocorrelation peak at the period');
  if (acf < policy.minAcf) return fail(test, `autocorrelation ${test.acf} below ${policy.minAcf}`);
  if (follow.following < policy.minCyclesFollowing * follow.judged || follow.judged === 0)
    return fail(test, `only ${follow.following} of ${follow.judged} cycles follow the profile`);
  if (test.peakHours.length < policy.minPeakHours) return fail(test, `only ${test.peakHours.length} peak hours`);

  // Significance last: it ranks every point, and most series have failed above.
  const kw = kruskalWallis(cycle, period, firstPhase);
  const criticalH = kw.groups > 1 ? chiSquareQuantile(kw.groups - 1, 1 - policy.significanceLevel) : Infinity;
  Object.assign(test, {
    kruskalWallisH: round(kw.h, 1),
    criticalH: round(criticalH, 1),
    significant: kw.h > criticalH,
  });
  if (!test.significant && !options.permutationTest) {
    test.significant = null;
    return fail(test, `H ${test.kruskalWallisH} <= ${test.criticalH}; the swing permutation test was not needed`);
  }
  if (!test.significant) {
    test.swingP = swingPermutationP(cycle, period, firstPhase, SWING_SHUFFLES, SWING_SEED);
    test.significant = test.swingP <= policy.significanceLevel;
    if (!test.significant) {
      return fail(
        test,
        `phases do not differ significantly (H ${test.kruskalWallisH} <= ${test.criticalH}, swing p ${round(test.swingP, 3)})`,
      );
    }
  }
  test.passed = true;
  return test;
}

function fail(test: CycleTest, why: string): CycleTest {
  test.failed = why;
  return test;
}

/** Levels, peak and off-peak hours, read off the profile of the values themselves. */
function profileLevels(values: Float64Array, period: number, firstPhase: number) {
  const profile = foldProfile(values, period, firstPhase);
  let min = Infinity;
  let max = -Infinity;
  for (const v of profile) {
    if (!Number.isFinite(v)) continue;
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
    if (!Number.isFinite(v)) return;
    if (v >= mid && max > min) {
      peakHours.push(phase);
      peakSum += v;
    } else {
      offPeakHours.push(phase);
      offSum += v;
      offPeakMax = Math.max(offPeakMax, v);
    }
  });
  return {
    cyclesJudged: 0,
    cyclesFollowing: 0,
    kruskalWallisH: null,
    criticalH: null,
    swingP: null,
    significant: null,
    acf: null,
    acfPeak: null,
    stability: null,
    peakDiff: round(max - min),
    peakHours,
    offPeakHours,
    peakLevel: round(peakHours.length ? peakSum / peakHours.length : max),
    offPeakLevel: round(offPeakHours.length ? offSum / offPeakHours.length : min),
    offPeakMax: round(Number.isFinite(offPeakMax) ? offPeakMax : min),
    passed: false,
  };
}

const mod = (a: number, m: number) => ((a % m) + m) % m;

/** The rule's evidence: the finding's, less the window read, which the analysis adds. */
export type TidalEvidence = Omit<TidalFindingEvidence, 'windowStart' | 'windowEnd'>;

export type TidalVerdict =
  | { kind: 'tidal'; confidence: number; riskLevel: 'low' | 'medium'; evidence: TidalEvidence; test: CycleTest }
  | { kind: 'aperiodic'; tests: CycleTest[] }
  | { kind: 'skipped'; reason: string };

/**
 * Tests the daily and the weekly cycle. A daily tide is reported as weekly when the weekly profile explains clearly
 * more variance and the ACF peaks at 168 h (weekday/weekend patterns); a weekly tide without a daily one (a weekend
 * batch) must pass the weekly test on its own.
 */
export function detectTidal(series: DenseSeries | null, policy: TidalPolicy): TidalVerdict {
  if (!series) return { kind: 'skipped', reason: 'no hourly history in the lookback window' };
  const daily = testCycle(series, 'daily', policy);
  if (!daily) {
    return {
      kind: 'skipped',
      reason: `only ${observedHours(series)} h of history; ${policy.minCycles} daily cycles needed`,
    };
  }
  // With a daily tide established, the weekly test only decides whether the tide reads better as weekly, which its
  // significance does not change: the permutation test is skipped there.
  const weekly = testCycle(series, 'weekly', policy, { permutationTest: !daily.passed });
  const tests = weekly ? [daily, weekly] : [daily];
  let chosen: CycleTest | undefined;
  if (daily.passed) {
    // A daily tide is established; whether it is better read as weekly is model choice: the weekly profile must
    // explain clearly more variance (adjusted R², so its 168 values are paid for) and the ACF must peak at 168 h.
    // The weekly reading must also have passed every check short of significance (its weeks follow the profile), so
    // it carries the figures a finding states.
    chosen =
      weekly &&
      hasEveryFigure(weekly) &&
      weekly.stability - (daily.stability ?? 0) >= policy.weeklyGain &&
      weekly.acfPeak &&
      weekly.acf >= policy.minAcf &&
      weekly.peakDiff >= policy.minPeakDiff
        ? weekly
        : daily;
  } else if (weekly?.passed) {
    chosen = weekly;
  }
  if (!chosen || !hasEveryFigure(chosen)) return { kind: 'aperiodic', tests };
  return tidalVerdict(series, chosen, tests, policy);
}

/** A test that passed, or got as far as its significance test, has every figure. */
type PassedTest = CycleTest & { acf: number; stability: number; kruskalWallisH: number; criticalH: number };

function hasEveryFigure(test: CycleTest): test is PassedTest {
  return test.acf !== null && test.stability !== null && test.kruskalWallisH !== null && test.criticalH !== null;
}

function tidalVerdict(series: DenseSeries, chosen: PassedTest, tests: CycleTest[], policy: TidalPolicy): TidalVerdict {
  const evidence: TidalEvidence = {
    cycleType: chosen.cycleType,
    stability: chosen.stability,
    peakHours: chosen.peakHours,
    offPeakHours: chosen.offPeakHours,
    peakDiff: chosen.peakDiff,
    periodHours: chosen.periodHours,
    cycles: chosen.cycles,
    cyclesJudged: chosen.cyclesJudged,
    cyclesFollowing: chosen.cyclesFollowing,
    kruskalWallisH: chosen.kruskalWallisH,
    criticalH: chosen.criticalH,
    acf: chosen.acf,
    peakLevel: chosen.peakLevel,
    offPeakLevel: chosen.offPeakLevel,
    metric: policy.metric,
    utcOffsetHours: policy.utcOffsetHours,
    historyHours: observedHours(series),
    offPeakCoresFreeable: 0,
    tests: tests.map(({ cycleType, significant, acfPeak: peak, acf, stability, peakDiff, passed, failed }) => ({
      cycleType,
      significant,
      acfPeak: peak,
      acf,
      stability,
      peakDiff,
      passed,
      failed,
    })),
  };
  if (chosen.cycleType === 'weekly') Object.assign(evidence, weeklyDays(series, policy));
  const following = chosen.cyclesJudged ? chosen.cyclesFollowing / chosen.cyclesJudged : 0;
  const confidence = round(
    Math.min(
      0.99,
      0.45 +
        0.15 * Math.min(1, (chosen.cycles - policy.minCycles + 1) / 3) +
        0.2 * following +
        0.15 * Math.min(1, Math.max(0, chosen.acf) / 0.8) +
        0.05 * Math.min(1, chosen.kruskalWallisH / (2 * chosen.criticalH)),
    ),
  );
  return { kind: 'tidal', confidence, riskLevel: chosen.stability >= 0.6 ? 'low' : 'medium', evidence, test: chosen };
}

function observedHours(series: DenseSeries): number {
  let n = 0;
  for (const v of series.values) if (Number.isFinite(v)) n++;
  return n;
}

function weeklyDays(series: DenseSeries, policy: TidalPolicy): { peakDays: number[]; offPeakDays: number[] } {
  const n = Math.floor(series.values.length / 168) * 168;
  const values = series.values.subarray(series.values.length - n);
  const startHour = series.startHour + (series.values.length - n) + policy.utcOffsetHours;
  const profile = foldProfile(values, 168, mod(startHour + EPOCH_HOUR_OF_WEEK, 168));
  const days = Array.from({ length: 7 }, (_, d) => {
    const hours = Array.from(profile.subarray(d * 24, d * 24 + 24)).filter(Number.isFinite);
    return hours.length ? hours.reduce((a, b) => a + b, 0) / hours.length : Number.NaN;
  });
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
 * hour + headroom, rounded up to whole vCPUs); the cores above it are freeable for the off-peak share of the cycle.
 */
export function offPeakCoresFreeable(test: CycleTest, vcpu: number, policy: TidalPolicy): number {
  if (!(vcpu > 0)) return 0;
  const need = wholeVcpus((Math.max(0, test.offPeakMax) / 100) * vcpu * (1 + policy.cpuHeadroom));
  return round(Math.max(0, vcpu - need) * (test.offPeakHours.length / test.periodHours));
}

/** The tidal verdict for one VM: templates and powered-off VMs are skipped; the savings use the VM's vCPUs. */
export function assessTidal(vm: VmFacts, series: DenseSeries | null, policy: TidalPolicy): TidalVerdict {
  if (vm.isTemplate) return { kind: 'skipped', reason: 'template' };
  if (vm.powerState !== 'poweredOn')
    return { kind: 'skipped', reason: `powered ${vm.powerState === 'poweredOff' ? 'off' : vm.powerState}` };
  const verdict = detectTidal(series, policy);
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
