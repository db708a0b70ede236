import type { FindingBody } from '@justfit/events';
import type { ClickHouseClient } from '@justfit/storage';
import { DEFAULT_UNIT_PRICES, type ZombiePolicy } from '../policies/policy';
import { queryVmIdleness } from '../zombie/zombie.query';
import { queryScope } from './query-scope';
import { assessZombie, describeZombie, type VmFacts, zombieSavings } from '../zombie/zombie.rule';
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
  args: { policy: ZombiePolicy; asOf: number; now: number; runId: string; connectionId?: string },
): Promise<Candidate[]> {
  if (vms.length === 0) return [];
  const idleness = await queryVmIdleness(clickhouse, {
    policy: args.policy,
    asOf: args.asOf,
    connectionId: args.connectionId,
    entityIds: queryScope(vms),
    vcpus: new Map(vms.map((vm) => [`${vm.connectionId}/${vm.id}`, vm.cpuCount])),
  });
  const byVm = new Map(idleness.map((a) => [`${a.connectionId}/${a.entityId}`, a]));
  return vms.map((vm) => {
    const findingId = zombieFindingId(vm.connectionId, vm.id);
    const verdict = assessZombie(vm, byVm.get(`${vm.connectionId}/${vm.id}`), args.policy, args.asOf);
    if (verdict.kind === 'skipped') return { findingId, entityId: vm.id, skipped: verdict.reason };
    if (verdict.kind === 'active')
      return { findingId, entityId: vm.id, resolvedBecause: `the VM is in use: ${verdict.detail}` };
    const { conclusion, recommendation } = describeZombie(verdict.evidence);
    const body: FindingBody = {
      findingId,
      analysisType: 'zombie',
      connectionId: vm.connectionId,
      entityType: 'vm',
      entityId: vm.id,
      entityName: vm.name,
      conclusion,
      recommendation,
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
