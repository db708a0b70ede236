import { blocks, countFinite, percentile, round } from './series-stats';
import { STEPS_PER_DAY, STEPS_PER_HOUR } from './trace-time';
import type { IdleVerdict, VmSeries } from './vm-series';

/**
 * Azure Advisor, shutdown recommendation (shared/research/algorithms.md line 27): "7-d lookback (configurable).
 * Samples every 30 s, rolled up to 1 min, then to 30 min (max of averages). Fires if P95 of max CPU summed over cores
 * < 3%, P100 of average CPU over the last 3 d <= 2%, and outbound network < 2% over 7 d."
 *
 * Adaptations the data forces:
 * - The finest samples are 5-minute ones, so a 30-minute value is the max of its six 5-minute values: of the max
 *   trace for "max CPU" (the Azure V1 max files, the max of Alibaba's raw readings), of the 5-minute averages for
 *   "average CPU" (Azure's own roll-up takes the max of 1-minute averages; 5-minute averages are the nearest we have,
 *   and slightly lower). Without a max trace, "max CPU" falls back to the 5-minute averages.
 * - "Summed over cores": the traces give CPU as a % of the whole VM, so the sum over cores is that % x vCPUs
 *   (a 4-vCPU VM at 1 % is 4 % summed over cores). The same absolute reading as GCP's 0.03 vCPU.
 * - Outbound network: only where the trace reports it as a % (Alibaba's normalised net_out); the text names no
 *   statistic, so the P95 of the 30-minute maxima is used as for CPU. CPU-only traces skip it and say so.
 * - The VM needs the whole lookback observed (at least 90 % of its steps) to be judged.
 */
export interface AzureIdleOptions {
  vcpus: number;
  lookbackDays?: number;
}

export const AZURE_SHUTDOWN = {
  lookbackDays: 7,
  p95MaxCpuSummedPct: 3,
  p100AvgCpuSummedPct: 2,
  avgCpuDays: 3,
  netOutPct: 2,
  minCoverage: 0.9,
} as const;

const STEPS_PER_30_MIN = STEPS_PER_HOUR / 2;

export function azureShutdown(
  series: VmSeries,
  { vcpus, lookbackDays = AZURE_SHUTDOWN.lookbackDays }: AzureIdleOptions,
): IdleVerdict {
  if (!(vcpus > 0)) throw new RangeError(`vcpus must be positive, not ${vcpus}`);
  const steps = lookbackDays * STEPS_PER_DAY;
  const avg = alignedTail(series.cpuAvg, steps);
  const peak = alignedTail(series.cpuMax ?? series.cpuAvg, steps);
  const coverage = countFinite(avg) / steps;
  const figures: IdleVerdict['figures'] = {
    lookbackDays,
    vcpus,
    coverage: round(coverage, 3),
    maxTrace: series.cpuMax ? 'max' : '5-minute average',
  };
  if (coverage < AZURE_SHUTDOWN.minCoverage) {
    return {
      idle: false,
      why: `only ${round(coverage * 100, 1)} % of the ${lookbackDays}-day lookback observed`,
      figures,
    };
  }
  const max30 = blocks(peak, STEPS_PER_30_MIN, 'max');
  const avg30 = blocks(avg, STEPS_PER_30_MIN, 'max');
  const p95Max = percentile(max30, 95) * vcpus;
  const lastDays = (AZURE_SHUTDOWN.avgCpuDays * STEPS_PER_DAY) / STEPS_PER_30_MIN;
  const p100Avg = percentile(avg30.subarray(avg30.length - lastDays), 100) * vcpus;
  figures.p95MaxCpuSummedPct = round(p95Max, 3);
  figures.p100AvgCpu3dSummedPct = round(p100Avg, 3);
  // Shown, not judged: the same with plain 30-minute means, which a 5-minute burst moves six times less.
  const mean30 = blocks(avg, STEPS_PER_30_MIN, 'mean');
  figures.p100Mean30Cpu3dSummedPct = round(percentile(mean30.subarray(mean30.length - lastDays), 100) * vcpus, 3);
  const cpuIdle = p95Max < AZURE_SHUTDOWN.p95MaxCpuSummedPct && p100Avg <= AZURE_SHUTDOWN.p100AvgCpuSummedPct;
  const reasons = [
    `P95 of 30-min max CPU summed over ${vcpus} cores ${round(p95Max, 2)} % (needs < 3)`,
    `P100 of 30-min average CPU over the last 3 d ${round(p100Avg, 2)} % (needs <= 2)`,
  ];
  let netIdle = true;
  if (series.netOutPct) {
    const p95Out = percentile(blocks(alignedTail(series.netOutPct, steps), STEPS_PER_30_MIN, 'max'), 95);
    figures.p95NetOutPct = round(p95Out, 3);
    figures.network = 'checked';
    netIdle = p95Out < AZURE_SHUTDOWN.netOutPct;
    reasons.push(`P95 of outbound network ${round(p95Out, 2)} % (needs < 2)`);
  } else {
    figures.network = 'not in trace';
    reasons.push('outbound network not in the trace: CPU conditions only');
  }
  const idle = cpuIdle && netIdle;
  return { idle, why: `${idle ? 'idle' : 'not idle'} over the last ${lookbackDays} d: ${reasons.join('; ')}`, figures };
}

/**
 * The last `steps` steps, ending at the series' last 30-minute boundary so the 30-minute windows keep to the clock
 * (step 0 is 00:00). Shorter series are padded with NaN at the front (not observed).
 */
function alignedTail(values: Float64Array, steps: number): Float64Array {
  const end = values.length - (values.length % STEPS_PER_30_MIN);
  const out = new Float64Array(steps).fill(Number.NaN);
  const from = Math.max(0, end - steps);
  out.set(values.subarray(from, end), steps - (end - from));
  return out;
}
