import { countFinite, max, mean, round, tail } from './series-stats';
import { STEP_SEC, STEPS_PER_DAY } from './trace-time';
import type { IdleVerdict, VmSeries } from './vm-series';

/** AWS Compute Optimizer needs at least 30 h of data (algorithms.md line 22): the floor for the Cost Explorer rule. */
const MIN_OBSERVED_HOURS = 30;
const LOOKBACK_DAYS = 14;

/**
 * AWS Trusted Advisor, low-utilisation EC2 check (shared/research/algorithms.md line 26): "daily CPU <= 10% and
 * network I/O <= 5 MB on at least 4 of the last 14 days". A low-utilisation rule rather than an idle one: kept as an
 * extra, lenient reference.
 *
 * - Days are calendar days from step 0 (00:00 UTC); the last 14 are those ending at the data's last whole day
 *   (plus the partial day at the end when it is at least half observed). A day counts when at least half of its
 *   steps have a sample; daily CPU is the mean of its samples.
 * - Network I/O is bytes received plus sent in the day (the mean rate x 86,400 s, so gaps do not shrink it);
 *   5 MB = 5,000,000 bytes. CPU-only traces skip the network condition and say so.
 */
export const TRUSTED_ADVISOR = { dailyCpuPct: 10, dailyNetBytes: 5_000_000, minDays: 4, lookbackDays: 14 } as const;

export function trustedAdvisorLowUtilisation(series: VmSeries): IdleVerdict {
  const days = dayWindows(series.cpuAvg.length).slice(-TRUSTED_ADVISOR.lookbackDays);
  const hasNet = Boolean(series.netInBps && series.netOutBps);
  let judged = 0;
  let low = 0;
  for (const [from, to] of days) {
    const cpu = series.cpuAvg.subarray(from, to);
    if (countFinite(cpu) < STEPS_PER_DAY / 2) continue;
    judged++;
    const cpuLow = mean(cpu) <= TRUSTED_ADVISOR.dailyCpuPct;
    let netLow = true;
    if (hasNet) {
      const bytes = (mean(series.netInBps!.subarray(from, to)) + mean(series.netOutBps!.subarray(from, to))) * 86_400;
      netLow = bytes <= TRUSTED_ADVISOR.dailyNetBytes;
    }
    if (cpuLow && netLow) low++;
  }
  const idle = low >= TRUSTED_ADVISOR.minDays;
  const net = hasNet ? 'and network I/O <= 5 MB' : '(network not in the trace: CPU condition only)';
  return {
    idle,
    why: `${low} of ${judged} observed days in the last 14 had daily CPU <= 10 % ${net} (flags at >= 4)`,
    figures: { lowDays: low, judgedDays: judged, network: hasNet ? 'checked' : 'not in trace' },
  };
}

/**
 * AWS Cost Explorer rightsizing, idle instance (shared/research/algorithms.md line 25): "Idle if max CPU <= 1% over
 * 14 d". The maximum is taken over the max trace where there is one (CloudWatch's Maximum statistic), else over the
 * 5-minute averages. Needs 30 h of samples in the window.
 */
export const COST_EXPLORER = { maxCpuPct: 1, lookbackDays: LOOKBACK_DAYS } as const;

export function costExplorerIdle(series: VmSeries): IdleVerdict {
  const steps = COST_EXPLORER.lookbackDays * STEPS_PER_DAY;
  const peak = tail(series.cpuMax ?? series.cpuAvg, steps);
  const hours = (countFinite(peak) * STEP_SEC) / 3600;
  const figures: IdleVerdict['figures'] = { observedHours: round(hours, 1), maxTrace: series.cpuMax ? 'max' : 'avg' };
  if (hours < MIN_OBSERVED_HOURS)
    return { idle: false, why: `only ${round(hours, 1)} h of samples (needs 30)`, figures };
  const peakPct = max(peak);
  figures.maxCpuPct = round(peakPct, 3);
  const idle = peakPct <= COST_EXPLORER.maxCpuPct;
  return { idle, why: `max CPU over the last 14 d ${round(peakPct, 2)} % (idle at <= 1)`, figures };
}

/** [from, to) step ranges of the calendar days; the trailing partial day is kept when at least half long. */
function dayWindows(length: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let from = 0; from < length; from += STEPS_PER_DAY) {
    const to = Math.min(length, from + STEPS_PER_DAY);
    if (to - from >= STEPS_PER_DAY / 2) out.push([from, to]);
  }
  return out;
}
