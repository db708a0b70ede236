import type { DEFAULT_UNIT_PRICES, ZombiePolicy } from '../policies/policy';
import type { VmActivity } from './zombie.query';

export interface VmFacts {
  connectionId: string;
  id: string;
  name: string;
  powerState: string;
  isTemplate: boolean;
  cpuCount: number;
  memoryMb: number;
  diskGb: number;
  powerStateChangedAt: number | null;
}

export type ZombieVerdict =
  | {
      kind: 'zombie';
      reason: 'idle' | 'powered-off';
      confidence: number;
      riskLevel: 'low' | 'medium' | 'high';
      evidence: ZombieEvidence;
    }
  | { kind: 'active' }
  | { kind: 'skipped'; reason: string };

/** The seed's ZombieEvidence, extended with the idle-share facts the rule actually used. */
export interface ZombieEvidence {
  cpuUsageAvg: number;
  cpuUsageP95: number;
  cpuUsageMax: number;
  diskIoAvgKbps: number;
  networkAvgKbps: number;
  idleShare: number;
  idleDays: number;
  busyDays: number;
  historyDays: number;
  samples: number;
  powerState: string;
  poweredOffDays?: number;
}

const DAY = 86_400_000;
const round = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;

/**
 * A VM is a zombie when CPU, disk and network are all idle for at least `idleShare` of the samples in the window,
 * or when it has been powered off for `poweredOffDays`. Idle share, not a mean: a nightly backup burst moves the
 * mean a lot but the idle share by only an hour a day, so it cannot hide a zombie.
 */
export function assessZombie(
  vm: VmFacts,
  activity: VmActivity | undefined,
  policy: ZombiePolicy,
  now: number,
): ZombieVerdict {
  if (vm.isTemplate) return { kind: 'skipped', reason: 'template' };
  if (vm.powerState !== 'poweredOn') {
    const offDays = vm.powerStateChangedAt ? (now - vm.powerStateChangedAt) / DAY : undefined;
    if (offDays === undefined) return { kind: 'skipped', reason: 'powered off since an unknown time' };
    if (offDays < policy.poweredOffDays) return { kind: 'active' };
    const evidence = poweredOffEvidence(vm.powerState, offDays);
    const confidence = round(Math.min(0.99, 0.8 + 0.19 * Math.min(1, offDays / (policy.poweredOffDays * 3))));
    return { kind: 'zombie', reason: 'powered-off', confidence, riskLevel: 'low', evidence };
  }
  if (!activity || activity.samples === 0)
    return { kind: 'skipped', reason: 'no performance history in the lookback window' };
  const historyMs = activity.lastTs - activity.firstTs;
  if (historyMs < policy.minHistoryHours * 3_600_000) {
    return {
      kind: 'skipped',
      reason: `only ${round(historyMs / 3_600_000, 1)} h of history; at least ${policy.minHistoryHours} h needed`,
    };
  }
  if (activity.idleShare < policy.idleShare) return { kind: 'active' };
  const { usage } = activity;
  if (!usage) throw new Error(`usage of ${vm.id} was not read although it is idle enough to be a zombie`);
  const historyDays = historyMs / DAY;
  const evidence: ZombieEvidence = {
    cpuUsageAvg: round(usage.avgCpuPct),
    cpuUsageP95: round(usage.p95CpuPct),
    cpuUsageMax: round(usage.maxCpuPct),
    diskIoAvgKbps: round(usage.avgDiskKbps),
    networkAvgKbps: round(usage.avgNetKbps),
    idleShare: round(activity.idleShare, 4),
    idleDays: round(historyDays * activity.idleShare, 1),
    busyDays: usage.busyDays,
    historyDays: round(historyDays, 1),
    samples: activity.samples,
    powerState: vm.powerState,
  };
  // Confidence grows with the history we have (up to the full window) and with the margin above the threshold.
  const coverage = Math.min(1, historyDays / policy.lookbackDays);
  const margin = (activity.idleShare - policy.idleShare) / (1 - policy.idleShare || 1);
  const confidence = round(Math.min(0.99, 0.5 + 0.3 * coverage + 0.19 * margin));
  const riskLevel = usage.busyDays > 0 ? 'medium' : 'low';
  return { kind: 'zombie', reason: 'idle', confidence, riskLevel, evidence };
}

/** A powered-off VM has no usage in the window: zeros, and how long it has been off. */
function poweredOffEvidence(powerState: string, poweredOffDays: number): ZombieEvidence {
  return {
    cpuUsageAvg: 0,
    cpuUsageP95: 0,
    cpuUsageMax: 0,
    diskIoAvgKbps: 0,
    networkAvgKbps: 0,
    idleShare: 1,
    idleDays: 0,
    busyDays: 0,
    historyDays: 0,
    samples: 0,
    powerState,
    poweredOffDays: round(poweredOffDays, 1),
  };
}

export function zombieSavings(vm: VmFacts, prices: typeof DEFAULT_UNIT_PRICES) {
  const amount =
    vm.cpuCount * prices.cpuCoreMonthly +
    (vm.memoryMb / 1024) * prices.memoryGbMonthly +
    vm.diskGb * prices.diskGbMonthly;
  return { cpuCores: vm.cpuCount, memoryMb: vm.memoryMb, diskGb: vm.diskGb, amount: round(amount) };
}
