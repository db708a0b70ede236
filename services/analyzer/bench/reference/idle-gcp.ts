import { countFinite, round, shareOf, tail } from './series-stats';
import { STEPS_PER_DAY } from './trace-time';
import type { IdleVerdict, VmSeries } from './vm-series';

/**
 * GCP Recommender, idle VM (shared/research/algorithms.md line 29): "all three must hold over 14 d (new VMs from
 * day 5): CPU < 0.03 vCPU for 97% of runtime; received < 2000 B/s for 95%; sent < 1000 B/s for 95%. The window can
 * be set to 1-14 d."
 *
 * Adaptations the data forces:
 * - CPU is a % of the VM, so 0.03 vCPU is 3 / vCPUs % of the VM: the VM's vCPU count is a parameter.
 * - "Runtime" is the 5-minute steps that have a sample (a gap is time the VM was not observed, not idle time).
 * - The window is the last `windowDays` of the series (it ends at the data). A VM with fewer days than
 *   min(window, 5) is too new to judge ("new VMs from day 5").
 * - CPU-only traces (Azure V1) have no network: the network conditions are skipped and the result says so.
 */
export interface GcpIdleOptions {
  vcpus: number;
  windowDays?: number;
}

export const GCP_IDLE = {
  cpuVcpu: 0.03,
  cpuShare: 0.97,
  netInBps: 2000,
  netOutBps: 1000,
  netShare: 0.95,
  windowDays: 14,
  minDays: 5,
} as const;

export function gcpIdle(series: VmSeries, { vcpus, windowDays = GCP_IDLE.windowDays }: GcpIdleOptions): IdleVerdict {
  if (!(windowDays >= 1 && windowDays <= 14)) throw new RangeError(`GCP's idle window is 1-14 days, not ${windowDays}`);
  if (!(vcpus > 0)) throw new RangeError(`vcpus must be positive, not ${vcpus}`);
  const steps = windowDays * STEPS_PER_DAY;
  const cpu = tail(series.cpuAvg, steps);
  const observedDays = countFinite(cpu) / STEPS_PER_DAY;
  const minDays = Math.min(windowDays, GCP_IDLE.minDays);
  const cpuLimitPct = (GCP_IDLE.cpuVcpu / vcpus) * 100;
  const figures: IdleVerdict['figures'] = {
    windowDays,
    observedDays: round(observedDays, 2),
    vcpus,
    cpuLimitPct: round(cpuLimitPct, 4),
  };
  if (observedDays < minDays) {
    return { idle: false, why: `only ${round(observedDays, 1)} d of samples; GCP judges from day ${minDays}`, figures };
  }
  const cpuShare = shareOf(cpu, (v) => v < cpuLimitPct);
  figures.cpuIdleShare = round(cpuShare, 4);
  const cpuIdle = cpuShare >= GCP_IDLE.cpuShare;
  const reasons = [
    `CPU < 0.03 vCPU (${round(cpuLimitPct, 3)} % of ${vcpus} vCPU) ${pct(cpuShare)} of runtime (needs 97 %)`,
  ];

  let netIdle = true;
  if (series.netInBps && series.netOutBps) {
    const inShare = shareOf(tail(series.netInBps, steps), (v) => v < GCP_IDLE.netInBps);
    const outShare = shareOf(tail(series.netOutBps, steps), (v) => v < GCP_IDLE.netOutBps);
    figures.netInIdleShare = round(inShare, 4);
    figures.netOutIdleShare = round(outShare, 4);
    netIdle = inShare >= GCP_IDLE.netShare && outShare >= GCP_IDLE.netShare;
    reasons.push(`received < 2000 B/s ${pct(inShare)}, sent < 1000 B/s ${pct(outShare)} (need 95 %)`);
    figures.network = 'checked';
  } else {
    figures.network = 'not in trace';
    reasons.push('network not in the trace: CPU condition only');
  }
  const idle = cpuIdle && netIdle;
  return { idle, why: `${idle ? 'idle' : 'not idle'} over the last ${windowDays} d: ${reasons.join('; ')}`, figures };
}

const pct = (share: number) => `${round(share * 100, 1)} %`;
