/**
 * Active hours, recurring jobs and days of use, from a VM's hourly series. An idle share cannot tell a VM nobody
 * uses from one that runs a job for twenty minutes every night: both are idle 98 % of the time. What tells them
 * apart is when the activity happens. Activity at the same hour on most days (or the same hour of the week in most
 * weeks) is a job; activity on most days, at whatever hours, is somebody using the VM.
 */

import { binomialDistribution } from 'simple-statistics';

/** One VM's hours over the window: index i is hour `startHour + i` (hours since the epoch, UTC); NaN = no data. */
export interface HourlyActivity {
  startHour: number;
  /** Highest 5-minute CPU average of the hour (%): a 10-minute job shows here even when the hourly mean hides it. */
  cpuMax: Float64Array;
  /** Hourly mean disk and network throughput (KB/s). */
  diskKBps: Float64Array;
  netKBps: Float64Array;
}

export interface ActivityThresholds {
  activeCpuPoints: number;
  activeDiskKBps: number;
  activeNetKBps: number;
  jobDaysShare: number;
  jobMinDays: number;
  jobMinWeeks: number;
}

export interface RecurringJob {
  period: 'daily' | 'weekly';
  /** Hour of day (daily) or hour of week, Monday 00:00 UTC = 0 (weekly). */
  hour: number;
  /** Days (or weeks) with activity at that hour, and out of how many observed. */
  occurrences: number;
  observed: number;
}

export interface ActivityProfile {
  activeHours: number;
  /** Days with at least one active hour, of the days with data. */
  activeDays: number;
  observedDays: number;
  job: RecurringJob | null;
}

const HOURS_PER_WEEK = 168;
/** Epoch hour 0 (1970-01-01) was a Thursday: 72 hours after a Monday 00:00. */
const EPOCH_HOUR_OF_WEEK = 72;

/** The median of the finite values (NaN when there are none). */
export function median(values: ArrayLike<number>): number {
  const finite = Array.from(values).filter(Number.isFinite);
  if (finite.length === 0) return Number.NaN;
  finite.sort((a, b) => a - b);
  const mid = finite.length >> 1;
  return finite.length % 2 ? finite[mid]! : (finite[mid - 1]! + finite[mid]!) / 2;
}

/**
 * Hours whose value rises clearly above the VM's usual level: at least the usual level (the median hour) plus the
 * larger of `step` and the usual level itself, i.e. at least double it. Relative to the VM's own level, so an idle
 * VM's noise is not activity, and absolute enough that a VM idling at 0.1 % is not "active" at 0.3 %.
 */
function activeBy(values: Float64Array, step: number, active: Uint8Array): void {
  const usual = median(values);
  if (!Number.isFinite(usual)) return;
  const threshold = usual + Math.max(step, usual);
  for (let i = 0; i < values.length; i++) if (values[i]! >= threshold) active[i] = 1;
}

/** Active hours (1), idle hours (0) and hours without data (NaN in every metric: 255). */
export function activeHours(series: HourlyActivity, t: ActivityThresholds): Uint8Array {
  const n = series.cpuMax.length;
  const active = new Uint8Array(n);
  activeBy(series.cpuMax, t.activeCpuPoints, active);
  activeBy(series.diskKBps, t.activeDiskKBps, active);
  activeBy(series.netKBps, t.activeNetKBps, active);
  for (let i = 0; i < n; i++) {
    const seen =
      Number.isFinite(series.cpuMax[i]!) || Number.isFinite(series.diskKBps[i]!) || Number.isFinite(series.netKBps[i]!);
    if (!seen) active[i] = 255;
  }
  return active;
}

/** Chance of a recurrence claim being a fluke, summed over the phases tried (Bonferroni). */
const FLUKE_LEVEL = 0.01;

/** P(X >= k) for X ~ Binomial(n, p). */
function binomialTail(n: number, p: number, k: number): number {
  if (k <= 0) return 1;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const pmf = binomialDistribution(n, p) ?? [];
  let tail = 0;
  for (let i = k; i <= n; i++) tail += pmf[i] ?? 0;
  return tail;
}

/**
 * The strongest recurrence at a fixed phase of a period (24 h or 168 h): for each phase, the cycles (days or weeks)
 * with activity within an hour of it, of the cycles observed at it; the phase with the highest share among those
 * active in at least `minOccurrences` cycles. A job that starts at 02:50 one night and 03:05 the next is the same
 * job, hence the hour either side. A VM active now and then at random hours hits some hour of the week twice in two
 * weeks by chance: a phase counts only when its occurrences are unlikely at the VM's overall rate of activity
 * (binomial, at 1 % over all the phases tried).
 */
function strongestPhase(
  active: Uint8Array,
  startHour: number,
  period: number,
  phaseOffset: number,
  minOccurrences: number,
): { hour: number; occurrences: number; observed: number } | null {
  const firstCycle = Math.floor((startHour + phaseOffset) / period);
  const lastCycle = Math.floor((startHour + phaseOffset + active.length - 1) / period);
  const near = (i: number) => active[i] === 1 || active[i - 1] === 1 || active[i + 1] === 1;
  let seen = 0;
  let nearActive = 0;
  for (let i = 0; i < active.length; i++) {
    if (active[i] === 255) continue;
    seen++;
    if (near(i)) nearActive++;
  }
  const rate = seen ? nearActive / seen : 0;
  let best: { hour: number; occurrences: number; observed: number } | null = null;
  let bestDirect = 0;
  for (let phase = 0; phase < period; phase++) {
    let occurrences = 0;
    let observed = 0;
    let direct = 0;
    for (let cycle = firstCycle; cycle <= lastCycle; cycle++) {
      const i = cycle * period + phase - phaseOffset - startHour;
      if (i < 0 || i >= active.length || active[i] === 255) continue;
      observed++;
      if (active[i] === 1) direct++;
      if (near(i)) occurrences++;
    }
    if (occurrences < minOccurrences || binomialTail(observed, rate, occurrences) > FLUKE_LEVEL / period) continue;
    const share = occurrences / observed;
    // Neighbouring phases share the job's hits; the phase the job actually runs at has the most of its own.
    if (
      !best ||
      share > best.occurrences / best.observed ||
      (share === best.occurrences / best.observed && direct > bestDirect)
    ) {
      best = { hour: phase, occurrences, observed };
      bestDirect = direct;
    }
  }
  return best;
}

/** Active hours and days, and the recurring job if there is one (daily first: it is the stronger claim). */
export function profileActivity(series: HourlyActivity, t: ActivityThresholds): ActivityProfile {
  const active = activeHours(series, t);
  let count = 0;
  const days = new Map<number, boolean>();
  for (let i = 0; i < active.length; i++) {
    if (active[i] === 255) continue;
    const day = Math.floor((series.startHour + i) / 24);
    if (active[i] === 1) count++;
    days.set(day, (days.get(day) ?? false) || active[i] === 1);
  }
  const activeDays = [...days.values()].filter(Boolean).length;
  const profile = { activeHours: count, activeDays, observedDays: days.size };
  if (count === 0) return { ...profile, job: null };

  const daily = strongestPhase(active, series.startHour, 24, 0, t.jobMinDays);
  if (daily && daily.occurrences / daily.observed >= t.jobDaysShare)
    return { ...profile, job: { period: 'daily', ...daily } };
  // Weekly: most weeks, as a weekly job cannot claim "most days".
  const weekly = strongestPhase(active, series.startHour, HOURS_PER_WEEK, EPOCH_HOUR_OF_WEEK, t.jobMinWeeks);
  if (weekly && weekly.occurrences / weekly.observed >= 0.5)
    return { ...profile, job: { period: 'weekly', ...weekly } };
  return { ...profile, job: null };
}
