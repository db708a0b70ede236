import type { CurrencyAndPrices } from '@justfit/events';
import type { ClickHouseClient } from '@justfit/storage';
import { type Candidate, findingCandidate, noFinding } from '../candidates/finding-candidate';
import { queryScope } from '../estate/query-scope';
import type { VmFacts } from '../estate/vm';
import type { TidalPolicy } from '../policies/policy';
import { queryHourlySeries, tidalWindow } from './tidal.query';
import { assessTidal, describeTidal, prepareGrid } from './tidal.rule';

/** Hourly series from ClickHouse, the periodicity test in TypeScript; a body for each VM with a daily or weekly tide. */
export async function tidalCandidates(
  clickhouse: ClickHouseClient,
  vms: VmFacts[],
  args: {
    policy: TidalPolicy;
    prices: CurrencyAndPrices;
    asOf: number;
    now: number;
    runId: string;
    connectionId?: string;
  },
): Promise<Candidate[]> {
  if (vms.length === 0) return [];
  const { policy } = args;
  const series = await queryHourlySeries(clickhouse, {
    policy,
    asOf: args.asOf,
    connectionId: args.connectionId,
    entityIds: queryScope(vms),
  });
  const byVm = new Map(series.map((s) => [`${s.connectionId}/${s.entityId}`, s]));
  const { startHour, endHour } = tidalWindow(policy, args.asOf);
  return vms.map((vm) => {
    const grid = byVm.get(`${vm.connectionId}/${vm.id}`);
    const dense = grid ? prepareGrid(grid.values, startHour, policy.maxGapHours) : null;
    const verdict = assessTidal(vm, dense, policy);
    if (verdict.kind === 'skipped') return noFinding('tidal', vm.connectionId, vm.id, { skipped: verdict.reason });
    if (verdict.kind === 'aperiodic') return noFinding('tidal', vm.connectionId, vm.id);
    const cores = verdict.evidence.offPeakCoresFreeable;
    return findingCandidate('tidal', {
      connectionId: vm.connectionId,
      entity: { type: 'vm', id: vm.id, name: vm.name },
      assessed: verdict,
      described: describeTidal(verdict.evidence),
      savings: {
        cpuCores: cores,
        memoryMb: 0,
        diskGb: 0,
        amount: Math.round(cores * args.prices.cpuCoreMonthly * 100) / 100,
      },
      evidence: { ...verdict.evidence, windowStart: startHour * 3_600_000, windowEnd: endHour * 3_600_000 },
      policy,
      run: { runId: args.runId, now: args.now },
    });
  });
}
