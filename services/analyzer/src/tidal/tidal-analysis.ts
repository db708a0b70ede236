import type { CurrencyAndPrices } from '@justfit/events';
import type { ClickHouseClient } from '@justfit/storage';
import { type Candidate, findingCandidate, noFinding } from '../candidates/finding-candidate';
import { type IdRange, idRanges, queryScope } from '../estate/query-scope';
import type { VmFacts } from '../estate/vm';
import type { TidalPolicy } from '../policies/policy';
import { type HourlyGrid, queryHourlySeries, tidalWindow } from './tidal.query';
import { assessTidal, describeTidal, prepareGrid } from './tidal.rule';

/** VMs per slice when the whole estate is read: a slice's series are tested while the next slice is read. */
const SLICE_VMS = 2500;

/**
 * Hourly series from ClickHouse, the periodicity test in TypeScript; a body for each VM with a daily or weekly tide.
 * A large estate is read in slices of VM ids, each slice's query sent before the slice before it is tested, so
 * ClickHouse aggregates while the tests run (on a 10,000-VM estate the tests take as long as the read).
 */
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
  const entityIds = queryScope(vms);
  const slices: IdRange[] = entityIds
    ? [{}]
    : idRanges(
        vms.map((vm) => vm.id),
        Math.ceil(vms.length / SLICE_VMS),
      );
  const read = (idRange: IdRange) =>
    queryHourlySeries(clickhouse, { policy, asOf: args.asOf, connectionId: args.connectionId, entityIds, idRange });
  const window = tidalWindow(policy, args.asOf);
  const vmsByKey = new Map(vms.map((vm) => [`${vm.connectionId}/${vm.id}`, vm]));
  const candidates = new Map<string, Candidate>();
  let next = read(slices[0]!);
  for (let i = 0; i < slices.length; i++) {
    const series = await next;
    if (i + 1 < slices.length) {
      next = read(slices[i + 1]!);
      // Awaited on the next turn; until then a failure must not count as unhandled.
      next.catch(() => undefined);
    }
    for (const grid of series) {
      const key = `${grid.connectionId}/${grid.entityId}`;
      const vm = vmsByKey.get(key);
      if (!vm) continue;
      candidates.set(key, tidalCandidate(vm, grid, window, args));
    }
  }
  return vms.map((vm) => {
    const key = `${vm.connectionId}/${vm.id}`;
    return candidates.get(key) ?? tidalCandidate(vm, undefined, window, args);
  });
}

function tidalCandidate(
  vm: VmFacts,
  grid: HourlyGrid | undefined,
  { startHour, endHour }: { startHour: number; endHour: number },
  args: { policy: TidalPolicy; prices: CurrencyAndPrices; now: number; runId: string },
): Candidate {
  const { policy } = args;
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
}
