import { autocorrelation, countFinite, hourly, linearFit, pearson, round } from './series-stats';
import { HOURS_PER_WEEK } from './trace-time';

/**
 * "Clearly tidal", as issue 9 defines it: "hour-of-day CPU profile swinging at least 10 points, autocorrelation at
 * 24 h of at least 0.6, and at least 80 % of the days following the month's profile. [...] weekly likewise with a
 * 168 h lag and at least 2 weeks". The periodicity notes (shared/research/algorithms.md lines 61 and 65) give the
 * same floors on data: 2 full cycles (3 days for a daily period, 2 weeks for a weekly one).
 *
 * Choices the definition leaves open:
 * - The hourly series is the mean of each hour's 5-minute averages; the profile is the mean per hour of day (per hour
 *   of week) over every hour with a sample. Swing = max - min of the profile.
 * - Autocorrelation: the adjusted estimator (see series-stats), which can reach 0.6 at 168 h on two weeks.
 * - A day "follows" the profile when its 24 hourly values correlate with the profile at Pearson r >= 0.5 (same shape:
 *   r >= 0.5 on 24 points arises by chance less than 1 % of the time) and it carries at least half of the profile's
 *   tide (least-squares slope of the day on the profile >= 0.5: a day that barely moves is not following, even if
 *   its ripples have the right shape; a day with a bigger tide is). The profile it is compared with leaves that day
 *   out, so with few cycles (2-4 weeks) a cycle does not agree with itself. Only whole days (>= 20 hours with a
 *   sample) and whole weeks (>= 90 % of hours) are judged; at least 3 days / 2 weeks are needed.
 *
 * "Clearly not tidal" (the negatives for precision), when the VM is tidal neither daily nor weekly and is:
 * - flat: hour-of-day profile swing < 3 points and day-of-week means within 3 points;
 * - noisy without a cycle: autocorrelation < 0.2 at 24 h and at 168 h (168 h only with 2 whole weeks);
 * - trending: a straight line explains at least half of the hourly variance (R^2 >= 0.5) and what is left has no cycle
 *   (autocorrelation < 0.2 at 24 h and 168 h).
 * A VM with a recurring job (recurring-job.ts) is never "clearly not tidal": its load comes back at the same hours
 * even when too short-lived to move the hourly profile 10 points. Everything else (small tides, tides on some days
 * only, level shifts, series under 3 days) is "ambiguous" and is left out of scoring.
 */
export const TIDAL = {
  minSwing: 10,
  minAcf: 0.6,
  minFollowingShare: 0.8,
  followR: 0.5,
  followAmplitude: 0.5,
  minDayHours: 20,
  minWeekCoverage: 0.9,
  minDays: 3,
  minWeeks: 2,
  flatSwing: 3,
  noCycleAcf: 0.2,
  trendR2: 0.5,
} as const;

export interface CycleVerdict {
  tidal: boolean;
  evaluated: boolean;
  swing: number;
  acf: number;
  cyclesJudged: number;
  cyclesFollowing: number;
  shareFollowing: number;
  why: string;
}

export interface TidalReference {
  label: 'tidal' | 'not_tidal' | 'ambiguous';
  daily: CycleVerdict;
  weekly: CycleVerdict;
  notTidal: { flat: boolean; noisy: boolean; trending: boolean };
  why: string;
}

export function tidalReference(cpuAvg: Float64Array, hasRecurringJob = false): TidalReference {
  const hours = hourly(cpuAvg, 'mean');
  const daily = cycleVerdict(hours, 24, TIDAL.minDayHours, TIDAL.minDays, 'day');
  const weekly = cycleVerdict(hours, HOURS_PER_WEEK, TIDAL.minWeekCoverage * HOURS_PER_WEEK, TIDAL.minWeeks, 'week');
  const notTidal = { flat: false, noisy: false, trending: false };
  if (daily.tidal || weekly.tidal) {
    const which = [daily.tidal ? daily.why : '', weekly.tidal ? weekly.why : ''].filter(Boolean).join('; ');
    return { label: 'tidal', daily, weekly, notTidal, why: which };
  }
  if (!daily.evaluated) return { label: 'ambiguous', daily, weekly, notTidal, why: daily.why };

  const noCycle = (series: Float64Array) => {
    const a24 = autocorrelation(series, 24);
    const a168 = weekly.evaluated ? autocorrelation(series, HOURS_PER_WEEK) : Number.NaN;
    return !(a24 >= TIDAL.noCycleAcf) && !(a168 >= TIDAL.noCycleAcf);
  };
  notTidal.flat = daily.swing < TIDAL.flatSwing && dayOfWeekSwing(hours) < TIDAL.flatSwing;
  notTidal.noisy = !notTidal.flat && noCycle(hours);
  const fit = linearFit(hours);
  if (fit.r2 >= TIDAL.trendR2) {
    const residual = hours.map((v, i) => v - (fit.intercept + fit.slope * i));
    notTidal.trending = noCycle(residual);
  }
  const reasons = [
    notTidal.flat ? `flat (profile swing ${round(daily.swing, 1)} points)` : '',
    notTidal.noisy ? `no cycle (ACF 24 h ${round(daily.acf, 2)}, 168 h ${round(weekly.acf, 2)})` : '',
    notTidal.trending ? `trend (R^2 ${round(fit.r2, 2)}) with no cycle around it` : '',
  ].filter(Boolean);
  if (reasons.length && hasRecurringJob) {
    return { label: 'ambiguous', daily, weekly, notTidal, why: `${reasons.join('; ')}, but has a recurring job` };
  }
  if (reasons.length) return { label: 'not_tidal', daily, weekly, notTidal, why: reasons.join('; ') };
  return {
    label: 'ambiguous',
    daily,
    weekly,
    notTidal,
    why: `neither clearly tidal (${daily.why}) nor flat, noisy or trending`,
  };
}

function cycleVerdict(
  hours: Float64Array,
  period: number,
  minHoursPerCycle: number,
  minCycles: number,
  unit: 'day' | 'week',
): CycleVerdict {
  const sums = new Float64Array(period);
  const counts = new Float64Array(period);
  hours.forEach((v, t) => {
    if (!Number.isFinite(v)) return;
    sums[t % period]! += v;
    counts[t % period]!++;
  });
  const profile = sums.map((s, i) => (counts[i] ? s / counts[i]! : Number.NaN));
  const swing = spread(profile);
  const cycles: number[] = [];
  for (let c = 0; (c + 1) * period <= hours.length; c++) {
    if (countFinite(hours.subarray(c * period, (c + 1) * period)) >= minHoursPerCycle) cycles.push(c);
  }
  const evaluated = cycles.length >= minCycles;
  const acf = evaluated ? autocorrelation(hours, period) : Number.NaN;
  let following = 0;
  for (const c of cycles) {
    const cycle = hours.subarray(c * period, (c + 1) * period);
    const others = profile.map((_, i) => {
      const v = cycle[i]!;
      const n = counts[i]! - (Number.isFinite(v) ? 1 : 0);
      return n > 0 ? (sums[i]! - (Number.isFinite(v) ? v : 0)) / n : Number.NaN;
    });
    if (follows(cycle, others)) following++;
  }
  const share = cycles.length ? following / cycles.length : 0;
  const figures = `swing ${round(swing, 1)} points, ACF ${period} h ${round(acf, 2)}, ${following}/${cycles.length} ${unit}s following`;
  if (!evaluated) {
    const tooShort = `${cycles.length} whole ${unit}s, needs ${minCycles}`;
    return {
      tidal: false,
      evaluated,
      swing,
      acf,
      cyclesJudged: cycles.length,
      cyclesFollowing: following,
      shareFollowing: share,
      why: tooShort,
    };
  }
  const tidal = swing >= TIDAL.minSwing && acf >= TIDAL.minAcf && share >= TIDAL.minFollowingShare;
  return {
    tidal,
    evaluated,
    swing,
    acf,
    cyclesJudged: cycles.length,
    cyclesFollowing: following,
    shareFollowing: share,
    why: `${tidal ? `${unit === 'day' ? 'daily' : 'weekly'} tide: ` : ''}${figures}`,
  };
}

/** Same shape as the profile (r >= 0.5) and at least half its amplitude (slope of cycle on profile >= 0.5). */
export function follows(cycle: ArrayLike<number>, profile: ArrayLike<number>): boolean {
  const r = pearson(cycle, profile);
  if (!(r >= TIDAL.followR)) return false;
  let n = 0;
  let mc = 0;
  let mp = 0;
  for (let i = 0; i < cycle.length; i++) {
    if (Number.isFinite(cycle[i]!) && Number.isFinite(profile[i]!)) {
      n++;
      mc += cycle[i]!;
      mp += profile[i]!;
    }
  }
  mc /= n;
  mp /= n;
  let cov = 0;
  let vp = 0;
  for (let i = 0; i < cycle.length; i++) {
    if (!Number.isFinite(cycle[i]!) || !Number.isFinite(profile[i]!)) continue;
    cov += (cycle[i]! - mc) * (profile[i]! - mp);
    vp += (profile[i]! - mp) ** 2;
  }
  return cov / vp >= TIDAL.followAmplitude;
}

function spread(values: ArrayLike<number>): number {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return hi >= lo ? hi - lo : Number.NaN;
}

/** Spread of the mean per day of week (0 when the series is under a week: no weekday is seen twice). */
function dayOfWeekSwing(hours: Float64Array): number {
  if (hours.length < HOURS_PER_WEEK) return 0;
  const sums = new Float64Array(7);
  const counts = new Float64Array(7);
  hours.forEach((v, t) => {
    if (!Number.isFinite(v)) return;
    sums[Math.floor(t / 24) % 7]! += v;
    counts[Math.floor(t / 24) % 7]!++;
  });
  return spread(sums.map((s, i) => (counts[i] ? s / counts[i]! : Number.NaN)));
}
