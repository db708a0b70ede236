import type { FindingBody } from '@justfit/events';
import type { ClickHouseClient } from '@justfit/storage';
import type { RightsizePolicy } from '../policies/policy';
import type { Candidate } from '../runs/zombie-analysis';
import type { VmFacts } from '../zombie/zombie.rule';
import { queryScope } from '../runs/query-scope';
import { queryVmUsage } from './rightsize.query';
import { assessRightsize, describeRightsize, rightsizeSavings } from './rightsize.rule';
import { findingIdOf } from '../findings/finding';

export const rightsizeFindingId = (connectionId: string, vmId: string) => findingIdOf('rightsize', connectionId, vmId);

/** A VM with an open zombie finding gets no right-size advice (and loses what it had), for this reason. */
export const ZOMBIE_NOT_RESIZED = 'the VM is a zombie: reclaim it rather than resize it';

/** Turns the right-size rule's verdicts into finding candidates (a body when the VM should change size). */
export async function rightsizeCandidates(
  clickhouse: ClickHouseClient,
  vms: VmFacts[],
  args: {
    policy: RightsizePolicy;
    asOf: number;
    now: number;
    runId: string;
    connectionId?: string;
    yieldTo?: ReadonlySet<string>;
  },
): Promise<Candidate[]> {
  if (vms.length === 0) return [];
  const usage = await queryVmUsage(clickhouse, {
    policy: args.policy,
    asOf: args.asOf,
    connectionId: args.connectionId,
    entityIds: queryScope(vms),
  });
  const byVm = new Map(usage.map((u) => [`${u.connectionId}/${u.entityId}`, u]));
  return vms.map((vm) => {
    const findingId = rightsizeFindingId(vm.connectionId, vm.id);
    if (args.yieldTo?.has(`${vm.connectionId}/${vm.id}`))
      return { findingId, entityId: vm.id, resolvedBecause: ZOMBIE_NOT_RESIZED };
    const verdict = assessRightsize(vm, byVm.get(`${vm.connectionId}/${vm.id}`), args.policy);
    if (verdict.kind === 'skipped') return { findingId, entityId: vm.id, skipped: verdict.reason };
    if (verdict.kind === 'fit') return { findingId, entityId: vm.id };
    const { conclusion, recommendation } = describeRightsize(verdict.evidence);
    const body: FindingBody = {
      findingId,
      analysisType: 'rightsize',
      connectionId: vm.connectionId,
      entityType: 'vm',
      entityId: vm.id,
      entityName: vm.name,
      conclusion,
      recommendation,
      confidence: verdict.confidence,
      riskLevel: verdict.riskLevel,
      savings: rightsizeSavings(verdict.evidence, args.policy.unitPrices),
      evidence: { ...verdict.evidence },
      policy: { name: args.policy.name, version: args.policy.version },
      runId: args.runId,
      analysedAt: args.now,
    };
    return { findingId, entityId: vm.id, body };
  });
}
