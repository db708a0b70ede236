import type { CurrencyAndPrices } from '@justfit/events';
import type { ClickHouseClient } from '@justfit/storage';
import { type Candidate, findingCandidate, noFinding } from '../candidates/finding-candidate';
import { queryScope } from '../estate/query-scope';
import type { VmFacts } from '../estate/vm';
import type { RightsizePolicy } from '../policies/policy';
import { queryVmUsage } from './rightsize.query';
import { assessRightsize, describeRightsize, rightsizeSavings } from './rightsize.rule';

/** A VM with an open zombie finding gets no right-size advice (and loses what it had), for this reason. */
export const ZOMBIE_NOT_RESIZED = 'the VM is a zombie: reclaim it rather than resize it';

/** Turns the right-size rule's verdicts into finding candidates (a body when the VM should change size). */
export async function rightsizeCandidates(
  clickhouse: ClickHouseClient,
  vms: VmFacts[],
  args: {
    prices: CurrencyAndPrices;
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
    if (args.yieldTo?.has(`${vm.connectionId}/${vm.id}`))
      return noFinding('rightsize', vm.connectionId, vm.id, { resolvedBecause: ZOMBIE_NOT_RESIZED });
    const verdict = assessRightsize(vm, byVm.get(`${vm.connectionId}/${vm.id}`), args.policy);
    if (verdict.kind === 'skipped') return noFinding('rightsize', vm.connectionId, vm.id, { skipped: verdict.reason });
    if (verdict.kind === 'fit') return noFinding('rightsize', vm.connectionId, vm.id);
    return findingCandidate('rightsize', {
      connectionId: vm.connectionId,
      entity: { type: 'vm', id: vm.id, name: vm.name },
      assessed: verdict,
      described: describeRightsize(verdict.evidence),
      savings: rightsizeSavings(verdict.evidence, args.prices),
      evidence: verdict.evidence,
      policy: args.policy,
      run: { runId: args.runId, now: args.now },
    });
  });
}
