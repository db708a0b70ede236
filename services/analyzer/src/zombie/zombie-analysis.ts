import type { CurrencyAndPrices } from '@justfit/events';
import type { ClickHouseClient } from '@justfit/storage';
import { type Candidate, findingCandidate, noFinding } from '../candidates/finding-candidate';
import { queryScope } from '../estate/query-scope';
import type { VmFacts } from '../estate/vm';
import type { ZombiePolicy } from '../policies/policy';
import { queryVmIdleness } from './zombie.query';
import { assessZombie, describeZombie, zombieSavings } from './zombie.rule';

/** Turns the zombie rule's verdicts into finding candidates (a body when the condition holds, none when it does not). */
export async function zombieCandidates(
  clickhouse: ClickHouseClient,
  vms: VmFacts[],
  args: {
    policy: ZombiePolicy;
    prices: CurrencyAndPrices;
    asOf: number;
    now: number;
    runId: string;
    connectionId?: string;
  },
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
  const judge = (vm: VmFacts) => assessZombie(vm, byVm.get(`${vm.connectionId}/${vm.id}`), args.policy, args.asOf);
  return vms.map((vm) => {
    const verdict = judge(vm);
    if (verdict.kind === 'skipped') return noFinding('zombie', vm.connectionId, vm.id, { skipped: verdict.reason });
    if (verdict.kind === 'active')
      return noFinding('zombie', vm.connectionId, vm.id, { resolvedBecause: `the VM is in use: ${verdict.detail}` });
    return findingCandidate('zombie', {
      connectionId: vm.connectionId,
      entity: { type: 'vm', id: vm.id, name: vm.name },
      assessed: verdict,
      described: describeZombie(verdict.evidence),
      savings: zombieSavings(vm, args.prices),
      evidence: verdict.evidence,
      policy: args.policy,
      run: { runId: args.runId, now: args.now },
    });
  });
}
