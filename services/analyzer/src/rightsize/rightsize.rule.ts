import type { CurrencyAndPrices, ResizeDirection, RightsizeEvidence } from '@justfit/events';
import type { VmFacts } from '../estate/vm';
import { memorySizeMb, nextSize, VCPU_SIZES, vcpuSize, wholeVcpus } from '../estate/vm-sizes';
import type { RightsizePolicy } from '../policies/policy';
import type { VmUsage } from './rightsize.query';

export type RightsizeVerdict =
  | { kind: 'resize'; confidence: number; riskLevel: 'low' | 'medium' | 'high'; evidence: RightsizeEvidence }
  | { kind: 'fit'; evidence: RightsizeEvidence }
  | { kind: 'skipped'; reason: string };

const round = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;
const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const finiteOr = (v: number, fallback: number) => (Number.isFinite(v) ? v : fallback);

/**
 * Recommended size from a need: the next deployable size above it, but never a size above the current allocation
 * when the current allocation already covers the need (an off-ladder 10 GB VM needing 9 GB keeps its 10 GB).
 */
export function sizeFor(need: number, current: number, round: (need: number) => number): number {
  const size = round(need);
  if (need <= current && size >= current) return current;
  return size;
}

/** The vCPU count for a need in cores, rounded as the policy says (see `sizeFor`). */
export function recommendedVcpu(needCores: number, current: number, policy: RightsizePolicy): number {
  const round = policy.vcpuRounding === 'ladder' ? vcpuSize : wholeVcpus;
  return sizeFor(needCores, current, (need) => round(need, policy.minVcpu));
}

/**
 * CPU demand = usage at the percentile + ready per vCPU at the same percentile (ready is stored summed over vCPUs).
 * Adding the two percentiles is exact when ready rises with usage (contention comes with load) and an upper bound
 * otherwise, so it never under-sizes. Demand × (1 + headroom) is rounded up to a vCPU size; sustained CPU ready at or
 * above the threshold means undersized even when usage looks modest, so the VM gets at least the next size.
 * Memory need = peak of active memory (max or p99) × (1 + headroom), rounded up to a memory size.
 */
export function assessRightsize(vm: VmFacts, usage: VmUsage | undefined, policy: RightsizePolicy): RightsizeVerdict {
  if (vm.isTemplate) return { kind: 'skipped', reason: 'template' };
  if (vm.powerState !== 'poweredOn')
    return { kind: 'skipped', reason: `powered ${vm.powerState === 'poweredOff' ? 'off' : vm.powerState}` };
  if (!usage || !(usage.cpuSamples > 0)) return { kind: 'skipped', reason: 'no CPU history in the lookback window' };
  if (usage.days < policy.minHistoryDays) {
    return { kind: 'skipped', reason: `only ${usage.days} days of history; at least ${policy.minHistoryDays} needed` };
  }
  const vcpu = Math.max(1, vm.cpuCount);
  const memMb = vm.memoryMb;

  const readyPerVcpuPctile = Math.max(0, finiteOr(usage.readyPctile, 0)) / vcpu;
  const readyPerVcpuAvg = Math.max(0, finiteOr(usage.readyAvgPct, 0)) / vcpu;
  const demandPct = Math.min(100, Math.max(0, finiteOr(usage.cpuUsagePctile, 0))) + readyPerVcpuPctile;
  const cpuDemandCores = (demandPct / 100) * vcpu;
  const cpuNeedCores = cpuDemandCores * (1 + policy.cpuHeadroom);
  const cpuContention = readyPerVcpuAvg >= policy.readyPctPerVcpu;
  let recVcpu = recommendedVcpu(cpuNeedCores, vcpu, policy);
  if (cpuContention)
    recVcpu = Math.max(recVcpu, policy.vcpuRounding === 'ladder' ? nextSize(vcpu, VCPU_SIZES) : vcpu + 1);

  const hasMemory = usage.memSamples > 0 && Number.isFinite(usage.memActiveMaxMb);
  const peak = (max: number, p99: number, hourlyMax: number) =>
    policy.memoryPeak === 'max' ? max : policy.memoryPeak === 'p99' ? finiteOr(p99, max) : finiteOr(hourlyMax, max);
  const activePeak = hasMemory ? peak(usage.memActiveMaxMb, usage.memActiveP99Mb, usage.memActiveHourlyMaxMb) : null;
  const consumedPeak = hasMemory
    ? peak(usage.memConsumedMaxMb, usage.memConsumedP99Mb, usage.memConsumedHourlyMaxMb)
    : null;
  const memNeedMb = activePeak === null ? null : activePeak * (1 + policy.memoryHeadroom);
  const recMem =
    memNeedMb === null ? memMb : sizeFor(memNeedMb, memMb, (need) => memorySizeMb(need, policy.minMemoryMb));

  const direction = (rec: number, cur: number): ResizeDirection => (rec < cur ? 'down' : rec > cur ? 'up' : 'keep');
  const cpuHeadroomLeft = 1 - cpuDemandCores / recVcpu;
  const memHeadroomLeft = activePeak === null ? null : 1 - activePeak / recMem;
  const evidence: RightsizeEvidence = {
    currentConfig: { vcpu, mem: memMb },
    recommended: { vcpu: recVcpu, mem: recMem },
    utilization: {
      cpuP95: round(demandPct),
      memP95: activePeak === null || memMb <= 0 ? 0 : round((activePeak / memMb) * 100),
    },
    cpuPercentile: policy.cpuPercentile,
    cpuUsagePctile: round(finiteOr(usage.cpuUsagePctile, 0)),
    readyPerVcpuPctile: round(readyPerVcpuPctile),
    readyPerVcpuAvg: round(readyPerVcpuAvg),
    cpuDemandCores: round(cpuDemandCores),
    cpuNeedCores: round(cpuNeedCores),
    memPeak: policy.memoryPeak,
    memActivePeakMb: activePeak === null ? null : round(activePeak, 0),
    memConsumedPeakMb: consumedPeak === null ? null : round(consumedPeak, 0),
    memNeedMb: memNeedMb === null ? null : round(memNeedMb, 0),
    cpuDirection: direction(recVcpu, vcpu),
    memDirection: direction(recMem, memMb),
    cpuHeadroomLeft: round(cpuHeadroomLeft, 3),
    memHeadroomLeft: memHeadroomLeft === null ? null : round(memHeadroomLeft, 3),
    cpuContention,
    cpuPeakCores: round((Math.max(0, finiteOr(usage.cpuMaxPct, 0)) / 100) * vcpu),
    historyDays: usage.days,
    samples: usage.cpuSamples,
    basis: {
      metric: 'cpu.usage_pct + cpu.ready_pct per vCPU',
      percentile: policy.cpuPercentile,
      samples: usage.cpuSamples,
      from: usage.firstDay,
      to: usage.lastDay + DAY,
    },
  };
  if (recVcpu === vcpu && recMem === memMb) return { kind: 'fit', evidence };

  // Risk of applying the change: the headroom the new size leaves at the measured demand, over the dimensions that
  // change; waiting for CPU may be the host's fault rather than the VM's, so a ready-driven up-size is never low risk.
  const changed = [
    ...(recVcpu !== vcpu ? [cpuHeadroomLeft] : []),
    ...(recMem !== memMb && memHeadroomLeft !== null ? [memHeadroomLeft] : []),
  ];
  let riskLevel = riskFromHeadroom(Math.min(...changed));
  // A percentile leaves out the busiest minutes (a nightly job); when those need more than the new size they will
  // take longer, which somebody has to accept.
  const peakCut = evidence.cpuDirection === 'down' && evidence.cpuPeakCores > recVcpu;
  if ((cpuContention || peakCut) && riskLevel === 'low') riskLevel = 'medium';
  const coverage = Math.min(1, usage.days / policy.fullConfidenceDays);
  const confidence = round(
    Math.min(
      0.99,
      0.55 + 0.4 * coverage - (cpuContention && evidence.cpuDirection === 'up' ? 0.1 : 0) - (hasMemory ? 0 : 0.1),
    ),
  );
  return { kind: 'resize', confidence, riskLevel, evidence };
}

/** Headroom left after the change → risk: ≥ 30 % low, ≥ 10 % medium, less high (only when a size is capped). */
export function riskFromHeadroom(headroomLeft: number): 'low' | 'medium' | 'high' {
  return headroomLeft >= 0.3 ? 'low' : headroomLeft >= 0.1 ? 'medium' : 'high';
}

/** Cores, MB and money freed per month by the change (negative when the VM grows). */
export function rightsizeSavings(evidence: RightsizeEvidence, prices: CurrencyAndPrices) {
  const cpuCores = evidence.currentConfig.vcpu - evidence.recommended.vcpu;
  const memoryMb = evidence.currentConfig.mem - evidence.recommended.mem;
  const amount = cpuCores * prices.cpuCoreMonthly + (memoryMb / 1024) * prices.memoryGbMonthly;
  return { cpuCores, memoryMb, diskGb: 0, amount: round(amount) };
}

const gb = (mb: number) => `${round(mb / 1024, 1)} GB`;

export function describeRightsize(evidence: RightsizeEvidence): { conclusion: string; recommendation: string } {
  const { currentConfig: cur, recommended: rec } = evidence;
  const parts: string[] = [];
  if (evidence.cpuDirection !== 'keep') {
    const { basis } = evidence;
    parts.push(
      `CPU demand at P${round(basis.percentile * 100, 1)} of the samples from ${isoDay(basis.from)} to ` +
        `${isoDay(basis.to - DAY)} is ${evidence.cpuDemandCores} of ${cur.vcpu} vCPU` +
        (evidence.cpuContention
          ? ` and the VM waits for CPU (ready ${evidence.readyPerVcpuAvg}% per vCPU on average)`
          : ''),
    );
  }
  if (evidence.memDirection !== 'keep' && evidence.memActivePeakMb !== null) {
    parts.push(`active memory peaks at ${gb(evidence.memActivePeakMb)} of ${gb(cur.mem)}`);
  }
  const kind =
    evidence.cpuDirection !== 'up' && evidence.memDirection !== 'up'
      ? 'Oversized'
      : evidence.cpuDirection !== 'down' && evidence.memDirection !== 'down'
        ? 'Undersized'
        : 'Mis-sized';
  const conclusion = `${kind}: ${parts.join('; ')} (${evidence.historyDays} days of data).`;
  let recommendation = `Resize from ${cur.vcpu} vCPU / ${gb(cur.mem)} to ${rec.vcpu} vCPU / ${gb(rec.mem)}.`;
  if (evidence.cpuContention) recommendation += ' Check host contention first: CPU ready can come from a busy host.';
  if (evidence.cpuDirection === 'down' && evidence.cpuPeakCores > rec.vcpu) {
    recommendation +=
      ` Its busiest minutes reach ${evidence.cpuPeakCores} cores: work at those times (a batch, a backup) will take ` +
      'longer on the new size.';
  }
  return { conclusion, recommendation };
}
