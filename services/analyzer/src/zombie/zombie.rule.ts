import type { CurrencyAndPrices, IdleRuleResult, ZombieEvidence } from '@justfit/events';
import type { VmFacts } from '../estate/vm';
import type { ZombiePolicy } from '../policies/policy';
import { type ActivityProfile, profileActivity, type RecurringJob } from './activity';
import { gcpIdleCpuPct, type VmIdleness } from './zombie.query';

/** Why a powered-on VM that looks idle is not a zombie. */
export type NotZombieBecause = 'busy' | 'recurring-job' | 'used-most-days' | 'memory-active' | 'network-active';

export type ZombieVerdict =
  | {
      kind: 'zombie';
      reason: 'idle' | 'powered-off';
      confidence: number;
      riskLevel: 'low' | 'medium' | 'high';
      evidence: ZombieEvidence;
    }
  | { kind: 'active'; because: NotZombieBecause; detail: string }
  | { kind: 'skipped'; reason: string };

const DAY = 86_400_000;
const round = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;
const pct = (share: number) => `${round(share * 100, 1)}%`;

/**
 * GCP Recommender's idle VM: CPU under 0.03 vCPU for 97 % of the samples and network under its line for 95 % (when
 * the network is collected).
 */
export function gcpIdleVm(vm: VmFacts, idleness: VmIdleness, policy: ZombiePolicy): IdleRuleResult {
  const netKnown = idleness.netSamples > 0;
  return {
    idle:
      idleness.gcpIdleCpuShare >= policy.gcpIdleCpuShare &&
      (!netKnown || idleness.gcpIdleNetShare >= policy.gcpIdleNetShare),
    figures: {
      cpuLinePct: round(gcpIdleCpuPct(policy, vm.cpuCount), 3),
      cpuIdleShare: round(idleness.gcpIdleCpuShare, 4),
      netIdleShare: netKnown ? round(idleness.gcpIdleNetShare, 4) : null,
    },
  };
}

/**
 * Azure Advisor's shutdown rule: P95 of CPU under 3 % and no 30-minute average above 2 % in the last 3 days (and
 * the network condition that an idle VM meets when it also meets GCP's network line).
 */
export function azureShutdown(idleness: VmIdleness, policy: ZombiePolicy): IdleRuleResult {
  const recent = idleness.usage?.recentMaxAvgCpuPct ?? Number.POSITIVE_INFINITY;
  const netKnown = idleness.netSamples > 0;
  return {
    idle:
      idleness.azureIdleCpuShare >= 0.95 &&
      recent <= policy.azureRecentMaxCpuPct &&
      (!netKnown || idleness.gcpIdleNetShare >= policy.gcpIdleNetShare),
    figures: {
      cpuUnderP95LineShare: round(idleness.azureIdleCpuShare, 4),
      cpuP95Pct: idleness.usage ? round(idleness.usage.p95CpuPct) : null,
      recentMaxAvgCpuPct: Number.isFinite(recent) ? round(recent) : null,
    },
  };
}

function describeJob(job: RecurringJob): string {
  const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  const at =
    job.period === 'daily'
      ? `around ${String(job.hour).padStart(2, '0')}:00 UTC`
      : `on ${days[Math.floor(job.hour / 24)]} around ${String(job.hour % 24).padStart(2, '0')}:00 UTC`;
  const unit = job.period === 'daily' ? 'days' : 'weeks';
  return `a recurring job ${at} on ${job.occurrences} of ${job.observed} ${unit}`;
}

/**
 * A VM is a zombie when nobody uses it: idle by GCP's idle-VM rule (and by Azure's shutdown rule too when the vCPU
 * count is unknown), with no recurring job
 * (activity at the same hour on most days or weeks), not active on most days, with low active memory when memory is
 * collected; or powered off for `poweredOffDays`. The window ends at the newest data (`asOf`), so an old export is
 * judged like a fresh one.
 */
export function assessZombie(
  vm: VmFacts,
  idleness: VmIdleness | undefined,
  policy: ZombiePolicy,
  asOf: number,
): ZombieVerdict {
  if (vm.isTemplate) return { kind: 'skipped', reason: 'template' };
  if (vm.powerState !== 'poweredOn') return assessPoweredOff(vm, policy, asOf);
  if (!idleness || idleness.samples === 0) return { kind: 'skipped', reason: 'no CPU samples in the lookback window' };
  const historyDays = (idleness.lastTs - idleness.firstTs) / DAY;
  if (historyDays < policy.minHistoryDays) {
    return {
      kind: 'skipped',
      reason: `only ${round(historyDays, 1)} days of history; at least ${policy.minHistoryDays} needed`,
    };
  }
  const gcp = gcpIdleVm(vm, idleness, policy);
  const azure = azureShutdown(idleness, policy);
  // GCP's rule decides: it reads the averages vCenter keeps. Azure's reads the maximum within each interval, which
  // the averages hide (on the Azure traces, VMs with a P95 of 2 % in the averages peak at 47 % in the maxima), so it
  // corroborates and is required only when the vCPU count is unknown and GCP's line is a guess.
  const vcpuKnown = vm.cpuCount > 0;
  if (!gcp.idle || (!vcpuKnown && !azure.idle)) {
    const cpuIdle = idleness.gcpIdleCpuShare >= policy.gcpIdleCpuShare;
    const networkOnly = cpuIdle && idleness.netSamples > 0 && idleness.gcpIdleNetShare < policy.gcpIdleNetShare;
    if (networkOnly)
      return {
        kind: 'active',
        because: 'network-active',
        detail: `network busy ${pct(1 - idleness.gcpIdleNetShare)} of the time`,
      };
    return {
      kind: 'active',
      because: 'busy',
      detail: vcpuKnown ? 'not idle by GCP’s rule' : 'vCPU count unknown, and not idle by both GCP’s and Azure’s rules',
    };
  }
  const { usage } = idleness;
  if (!usage) throw new Error(`usage of ${vm.id} was not read although it is idle enough to be a zombie`);
  const activity = profileActivity(usage.hourly, policy);
  if (activity.job) return { kind: 'active', because: 'recurring-job', detail: describeJob(activity.job) };
  if (activity.observedDays > 0 && activity.activeDays / activity.observedDays >= policy.usedDaysShare) {
    return {
      kind: 'active',
      because: 'used-most-days',
      detail: `active on ${activity.activeDays} of ${activity.observedDays} days`,
    };
  }
  const memPct =
    usage.avgMemActiveMb === null || !(vm.memoryMb > 0) ? null : (100 * usage.avgMemActiveMb) / vm.memoryMb;
  if (memPct !== null && memPct > policy.idleMemoryPct) {
    return { kind: 'active', because: 'memory-active', detail: `active memory averages ${round(memPct, 1)}%` };
  }
  const evidence = idleEvidence(vm, idleness, usage, activity, { gcp, azure, memPct }, policy, asOf);
  // Confidence: both rules agree, the window is full, memory confirms, and two weeks rule out a weekly job.
  const coverage = Math.min(1, historyDays / policy.lookbackDays);
  const confidence = round(
    Math.min(
      0.99,
      0.5 +
        0.2 * coverage +
        (gcp.idle && azure.idle ? 0.15 : 0) +
        (memPct !== null ? 0.1 : 0) +
        (activity.observedDays >= 14 ? 0.04 : 0),
    ),
  );
  const riskLevel = gcp.idle && azure.idle && memPct !== null && activity.activeHours === 0 ? 'low' : 'medium';
  return { kind: 'zombie', reason: 'idle', confidence, riskLevel, evidence };
}

function assessPoweredOff(vm: VmFacts, policy: ZombiePolicy, asOf: number): ZombieVerdict {
  const offDays = vm.powerStateChangedAt ? (asOf - vm.powerStateChangedAt) / DAY : undefined;
  if (offDays === undefined) return { kind: 'skipped', reason: 'powered off since an unknown time' };
  if (offDays < policy.poweredOffDays)
    return { kind: 'active', because: 'busy', detail: `powered off for only ${round(offDays, 1)} days` };
  const confidence = round(Math.min(0.99, 0.8 + 0.19 * Math.min(1, offDays / (policy.poweredOffDays * 3))));
  const evidence: ZombieEvidence = {
    cpuUsageAvg: 0,
    cpuUsageP95: 0,
    cpuUsageMax: 0,
    diskIoAvgKbps: 0,
    networkAvgKbps: 0,
    idleShare: 1,
    idleDays: 0,
    historyDays: 0,
    samples: 0,
    powerState: vm.powerState,
    poweredOffDays: round(offDays, 1),
  };
  return { kind: 'zombie', reason: 'powered-off', confidence, riskLevel: 'low', evidence };
}

function idleEvidence(
  vm: VmFacts,
  idleness: VmIdleness,
  usage: NonNullable<VmIdleness['usage']>,
  activity: ActivityProfile,
  judged: { gcp: IdleRuleResult; azure: IdleRuleResult; memPct: number | null },
  policy: ZombiePolicy,
  asOf: number,
): ZombieEvidence {
  const historyDays = (idleness.lastTs - idleness.firstTs) / DAY;
  const nullable = (v: number | null) => (v === null ? null : round(v));
  return {
    cpuUsageAvg: round(usage.avgCpuPct),
    cpuUsageP95: round(usage.p95CpuPct),
    cpuUsageMax: round(usage.maxCpuPct),
    diskIoAvgKbps: nullable(usage.avgDiskKbps),
    networkAvgKbps: nullable(usage.avgNetKbps),
    idleShare: round(idleness.gcpIdleCpuShare, 4),
    idleDays: round(historyDays * idleness.gcpIdleCpuShare, 1),
    historyDays: round(historyDays, 1),
    samples: idleness.samples,
    powerState: vm.powerState,
    rules: { gcpIdleVm: judged.gcp, azureShutdown: judged.azure },
    memActiveAvgPct: judged.memPct === null ? null : round(judged.memPct, 1),
    activeHours: activity.activeHours,
    activeDays: activity.activeDays,
    observedDays: activity.observedDays,
    windowStart: asOf - policy.lookbackDays * DAY,
    windowEnd: asOf,
    vcpu: vm.cpuCount > 0 ? vm.cpuCount : null,
  };
}

/** What a zombie finding says, in a sentence each. */
export function describeZombie(evidence: ZombieEvidence): { conclusion: string; recommendation: string } {
  if (evidence.poweredOffDays !== undefined) {
    return {
      conclusion: `Powered off for ${evidence.poweredOffDays} days.`,
      recommendation: 'Confirm with the owner, then delete or archive it.',
    };
  }
  const rules: string[] = [];
  if (evidence.rules?.gcpIdleVm.idle) rules.push(`CPU under 0.03 vCPU ${pct(evidence.idleShare)} of the time (GCP)`);
  if (evidence.rules?.azureShutdown.idle) {
    rules.push(
      `P95 CPU ${evidence.cpuUsageP95}%, highest 30-minute average ${evidence.rules.azureShutdown.figures.recentMaxAvgCpuPct}% in the last 3 days (Azure)`,
    );
  }
  const memory =
    evidence.memActiveAvgPct === null || evidence.memActiveAvgPct === undefined
      ? 'memory not collected'
      : `active memory ${evidence.memActiveAvgPct}% on average`;
  return {
    conclusion:
      `Idle over ${evidence.historyDays} days: ${rules.join('; ')}; no recurring job, ` +
      `active on ${evidence.activeDays ?? 0} of ${evidence.observedDays ?? 0} days; ${memory}.`,
    recommendation: 'Confirm with the owner, then power off; delete after a grace period if nobody claims it.',
  };
}

export function zombieSavings(vm: VmFacts, prices: CurrencyAndPrices) {
  const amount =
    vm.cpuCount * prices.cpuCoreMonthly +
    (vm.memoryMb / 1024) * prices.memoryGbMonthly +
    vm.diskGb * prices.diskGbMonthly;
  return { cpuCores: vm.cpuCount, memoryMb: vm.memoryMb, diskGb: vm.diskGb, amount: round(amount) };
}
