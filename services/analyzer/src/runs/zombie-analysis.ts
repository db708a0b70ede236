import type { FindingBody } from '@justfit/events';
import type { ClickHouseClient } from '@justfit/storage';
import { DEFAULT_UNIT_PRICES, type ZombiePolicy } from '../policies/policy';
import { queryVmActivity } from '../zombie/zombie.query';
import { queryScope } from './query-scope';
import { assessZombie, type VmFacts, zombieSavings } from '../zombie/zombie.rule';
import { findingIdOf } from '../findings/finding';

export interface Candidate {
  findingId: string;
  entityId: string;
  body?: FindingBody;
  skipped?: string;
  /** Why an open finding of this candidate is resolved, when not the analysis type's usual reason. */
  resolvedBecause?: string;
}

export const zombieFindingId = (connectionId: string, vmId: string) => findingIdOf('zombie', connectionId, vmId);

/** Turns the zombie rule's verdicts into finding candidates (a body when the condition holds, none when it does not). */
export async function zombieCandidates(
  clickhouse: ClickHouseClient,
  vms: VmFacts[],
  args: { policy: ZombiePolicy; now: number; runId: string; connectionId?: string },
): Promise<Candidate[]> {
  const activity = await queryVmActivity(clickhouse, {
    policy: args.policy,
    now: args.now,
    connectionId: args.connectionId,
    entityIds: queryScope(vms),
  });
  const byVm = new Map(activity.map((a) => [`${a.connectionId}/${a.entityId}`, a]));
  return vms.map((vm) => {
    const findingId = zombieFindingId(vm.connectionId, vm.id);
    const verdict = assessZombie(vm, byVm.get(`${vm.connectionId}/${vm.id}`), args.policy, args.now);
    if (verdict.kind === 'skipped') return { findingId, entityId: vm.id, skipped: verdict.reason };
    if (verdict.kind === 'active') return { findingId, entityId: vm.id };
    const idle = verdict.reason === 'idle';
    const body: FindingBody = {
      findingId,
      analysisType: 'zombie',
      connectionId: vm.connectionId,
      entityType: 'vm',
      entityId: vm.id,
      entityName: vm.name,
      conclusion: idle
        ? `Idle for ${Math.round(verdict.evidence.idleShare * 1000) / 10}% of ${verdict.evidence.historyDays} days (CPU, disk and network all low).`
        : `Powered off for ${verdict.evidence.poweredOffDays} days.`,
      recommendation: idle
        ? 'Confirm with the owner, then power off and schedule deletion.'
        : 'Confirm with the owner, then delete or archive it.',
      confidence: verdict.confidence,
      riskLevel: verdict.riskLevel,
      savings: zombieSavings(vm, DEFAULT_UNIT_PRICES),
      evidence: { ...verdict.evidence },
      policy: { name: args.policy.name, version: args.policy.version },
      runId: args.runId,
      analysedAt: args.now,
    };
    return { findingId, entityId: vm.id, body };
  });
}
