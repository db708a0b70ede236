import { countFinite, hourly, percentile, round } from './series-stats';
import { HOURS_PER_WEEK } from './trace-time';

/**
 * Recurring activity, the "busy at similar hours on most days or weeks" (issue 9, "Zombie means nobody uses
 * it"). No published rule defines it; this is the rule the labels use, chosen so a person looking at the plot agrees.
 *
 * - Hourly view: the highest 5-minute average of each hour, so a 10-minute nightly job counts as much as an hour-long
 *   one (an hourly mean would dilute it to a sixth and hide it).
 * - Idle baseline: the 20th percentile of those hourly values over the 24 hours before the hour, and over the 24
 *   hours after it (the VM's quiet level, not raised by a job that keeps to less than most of the day).
 * - Busy hour: above max(5 %, min(baseline + 10 points, 3 x baseline), baseline + 3 x (median - baseline)) for the
 *   baselines on both sides. On a near-idle VM (baseline 0.5 %) a climb to 5 % is ten times its quiet level, plainly
 *   visible; on a busier VM (baseline >= 5 %) the climb must be 10 points, the issue's own floor for a visible tide;
 *   on a VM whose hourly peaks scatter widely (baseline 25 %, median 31 %) it must clear that scatter, or any noisy
 *   hour would count. The 5 % floor keeps jitter of a fraction of a percent from counting. A job is a climb from
 *   quiet and back: a VM whose level changes for good (common on real VMs) is above the level before the change but
 *   not above the level after it, and is not called busy for it.
 * - Jitter: a job at 02:00 one day and 03:00 the next is the same job, so hour h counts as busy on a day when any of
 *   h-1, h, h+1 is busy (over midnight too).
 * - Daily job at hour h: busy on at least half of the days that have samples around h, and on at least 3 of them,
 *   and more often than chance at the VM's typical rate: the binomial tail of that count, at the median busy share of
 *   the 24 hours, is below 5 % after a Bonferroni correction for the 24 hours tried. A VM busy at any hour is active,
 *   but has no job "at similar hours"; a VM busy at random at a few hours a day does not line up on most days.
 * - Weekly job at hour-of-week h: the same over the weeks (at least 2 whole weeks of data), busy in most of them (more
 *   than half, at least 2, and at least 3 where 3 weeks were seen: twice in three weeks is what a person would call a
 *   coincidence), and more often than chance at the larger of the VM's typical rate and that hour's rate on the other
 *   six days of the week (a job that runs at 10h on most days is not a Friday job because it ran on every Friday),
 *   corrected for the 168 hours tried; its hour of day must not be a daily-job hour.
 */
export const RECURRING = {
  baselinePercentile: 20,
  busyFloorPct: 5,
  busyPoints: 10,
  busyFactor: 3,
  scatterFactor: 3,
  baselineWindowHours: 24,
  jitterHours: 1,
  minShare: 0.5,
  minDays: 3,
  minWeeks: 2,
  minWeeksIfSeen: 3,
  alpha: 0.05,
} as const;

export interface RecurringJob {
  daily: boolean;
  weekly: boolean;
  /** The median busy threshold (it follows the VM's level week by week). */
  busyAbovePct: number;
  /** Hours of day (UTC from step 0) of the daily job, with the share of days busy at each. */
  dailyHours: Array<{ hour: number; shareOfDays: number; days: number }>;
  /** Hours of week (0 = Monday 00:00) of the weekly job, with the share of weeks busy at each. */
  weeklyHours: Array<{ hourOfWeek: number; shareOfWeeks: number; weeks: number }>;
  observedDays: number;
  wholeWeeks: number;
  why: string;
}

export function recurringJob(cpuAvg: Float64Array): RecurringJob {
  const peaks = hourly(cpuAvg, 'max');
  const thresholds = busyThresholds(peaks);
  const busy = peaks.map((v, t) => (Number.isFinite(v) ? (v > thresholds[t]! ? 1 : 0) : Number.NaN));
  const jittered = jitter(busy);

  const daily = jobPositions(jittered, 24, (share, days) => {
    return share >= RECURRING.minShare && days >= RECURRING.minDays;
  });
  const dailyHours = daily.map((p) => ({ hour: p.position, shareOfDays: p.share, days: p.cycles }));
  const dailyHourSet = new Set(dailyHours.map((h) => h.hour));

  const wholeWeeks = Math.floor(peaks.length / HOURS_PER_WEEK);
  const weekly =
    wholeWeeks < RECURRING.minWeeks
      ? []
      : jobPositions(jittered, HOURS_PER_WEEK, (share, weeks, seen) => {
          const needed = Math.max(RECURRING.minWeeks, Math.min(RECURRING.minWeeksIfSeen, seen));
          return share > RECURRING.minShare && weeks >= needed;
        });
  const weeklyHours = weekly
    .filter((p) => !dailyHourSet.has(p.position % 24))
    .map((p) => ({ hourOfWeek: p.position, shareOfWeeks: p.share, weeks: p.cycles }));

  const observedDays = Math.round(countFinite(peaks) / 24);
  const found = [
    dailyHours.length ? `busy at ${describeDaily(dailyHours)}` : '',
    weeklyHours.length ? `weekly at ${weeklyHours.map((h) => weekHour(h.hourOfWeek)).join(', ')}` : '',
  ].filter(Boolean);
  const weeks = wholeWeeks >= RECURRING.minWeeks ? ` or ${wholeWeeks} weeks` : '';
  return {
    daily: dailyHours.length > 0,
    weekly: weeklyHours.length > 0,
    busyAbovePct: round(percentile(thresholds, 50)),
    dailyHours,
    weeklyHours,
    observedDays,
    wholeWeeks,
    why: found.length ? found.join('; ') : `no hour busy on most of ${observedDays} days${weeks}`,
  };
}

/** Per hour: the level above which it is busy, from the quiet level of the day before it and of the day after it. */
function busyThresholds(peaks: Float64Array): Float64Array {
  const span = RECURRING.baselineWindowHours;
  const threshold = (from: number, to: number) => {
    const window = peaks.subarray(Math.max(0, from), Math.min(peaks.length, to));
    const baseline = percentile(window, RECURRING.baselinePercentile);
    if (!Number.isFinite(baseline)) return Number.NaN;
    const climb = Math.min(baseline + RECURRING.busyPoints, RECURRING.busyFactor * baseline);
    const scatter = baseline + RECURRING.scatterFactor * (percentile(window, 50) - baseline);
    return Math.max(RECURRING.busyFloorPct, climb, scatter);
  };
  return peaks.map((_, t) => {
    const before = threshold(t - span, t + 1);
    const after = threshold(t, t + span + 1);
    return Math.max(Number.isFinite(before) ? before : after, Number.isFinite(after) ? after : before);
  });
}

/**
 * Positions in the cycle (hours of day or of week) where the VM is busy often enough (`enough`), more often than
 * chance would give.
 */
function jobPositions(
  jittered: Float64Array,
  period: number,
  enough: (share: number, busyCycles: number, seenCycles: number) => boolean,
): Array<{ position: number; share: number; cycles: number }> {
  const { shares, busyCycles, seenCycles } = foldShares(jittered, period);
  const typical = percentile(Float64Array.from(shares), 50);
  const otherDays = period === HOURS_PER_WEEK ? sameHourOnOtherDays(jittered) : undefined;
  const out: Array<{ position: number; share: number; cycles: number }> = [];
  shares.forEach((share, position) => {
    const k = busyCycles[position]!;
    const n = seenCycles[position]!;
    if (!enough(share, k, n)) return;
    const chance = Math.max(typical, otherDays?.[position] ?? 0);
    if (binomialTail(n, k, chance) * period >= RECURRING.alpha) return;
    out.push({ position, share: round(share), cycles: k });
  });
  return out;
}

/** Per hour of week: the busy share at that hour of day on the other six days of the week. */
function sameHourOnOtherDays(jittered: Float64Array): number[] {
  const hits = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  const seen = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  jittered.forEach((v, t) => {
    if (Number.isNaN(v)) return;
    const day = Math.floor(t / 24) % 7;
    hits[day]![t % 24]! += v;
    seen[day]![t % 24]!++;
  });
  return Array.from({ length: HOURS_PER_WEEK }, (_, p) => {
    const [day, hour] = [Math.floor(p / 24), p % 24];
    let h = 0;
    let n = 0;
    for (let d = 0; d < 7; d++) {
      if (d === day) continue;
      h += hits[d]![hour]!;
      n += seen[d]![hour]!;
    }
    return n ? h / n : 0;
  });
}

/** P(X >= k) for X ~ Binomial(n, p). */
export function binomialTail(n: number, k: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n || p <= 0) return 0;
  if (p >= 1) return 1;
  let pmf = (1 - p) ** n;
  let tailSum = 0;
  for (let i = 0; i <= n; i++) {
    if (i >= k) tailSum += pmf;
    pmf *= ((n - i) / (i + 1)) * (p / (1 - p));
  }
  return Math.min(1, tailSum);
}

/** 1 where the hour or a neighbour within the jitter is busy, 0 where none is, NaN where none has a sample. */
function jitter(busy: Float64Array): Float64Array {
  return busy.map((_, t) => {
    let seen = false;
    let hit = false;
    for (let k = t - RECURRING.jitterHours; k <= t + RECURRING.jitterHours; k++) {
      const v = busy[k];
      if (v === undefined || Number.isNaN(v)) continue;
      seen = true;
      if (v === 1) hit = true;
    }
    return seen ? (hit ? 1 : 0) : Number.NaN;
  });
}

/** Per position in the cycle: share of cycles busy there (over cycles with a value), busy and seen cycles. */
function foldShares(busy: Float64Array, period: number) {
  const hits = new Array<number>(period).fill(0);
  const seen = new Array<number>(period).fill(0);
  for (let t = 0; t < busy.length; t++) {
    const v = busy[t]!;
    if (Number.isNaN(v)) continue;
    seen[t % period]!++;
    hits[t % period]! += v;
  }
  return { shares: hits.map((h, i) => (seen[i]! ? h / seen[i]! : 0)), busyCycles: hits, seenCycles: seen };
}

function describeDaily(hours: RecurringJob['dailyHours']): string {
  return hours
    .map((h) => `${String(h.hour).padStart(2, '0')}h (${Math.round(h.shareOfDays * 100)} % of days)`)
    .join(', ');
}

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const weekHour = (h: number) => `${DAYS[Math.floor(h / 24)]} ${String(h % 24).padStart(2, '0')}h`;
