import type { FindingBody } from '@justfit/events';
import type { ClickHouseClient } from '@justfit/storage';
import type { TidalPolicy } from '../policies/policy';
import type { Candidate } from '../runs/zombie-analysis';
import type { VmFacts } from '../zombie/zombie.rule';
import { queryScope } from '../runs/query-scope';
import { queryHourlySeries, tidalWindow } from './tidal.query';
import { assessTidal, describeTidal, prepareGrid } from './tidal.rule';
import { findingIdOf } from '../findings/finding';

export const tidalFindingId = (connectionId: string, vmId: string) => findingIdOf('tidal', connectionId, vmId);

/** Hourly series from ClickHouse, the periodicity test in TypeScript; a body for each VM with a daily or weekly tide. */
export async function tidalCandidates(
  clickhouse: ClickHouseClient,
  vms: VmFacts[],
  args: { policy: TidalPolicy; asOf: number; now: number; runId: string; connectionId?: string },
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
    const findingId = tidalFindingId(vm.connectionId, vm.id);
    const grid = byVm.get(`${vm.connectionId}/${vm.id}`);
    const dense = grid ? prepareGrid(grid.values, startHour, policy.maxGapHours) : null;
    const verdict = assessTidal(vm, dense, policy);
    if (verdict.kind === 'tidal')
      Object.assign(verdict.evidence, { windowStart: startHour * 3_600_000, windowEnd: endHour * 3_600_000 });
    if (verdict.kind === 'skipped') return { findingId, entityId: vm.id, skipped: verdict.reason };
    if (verdict.kind === 'aperiodic') return { findingId, entityId: vm.id };
    const { conclusion, recommendation } = describeTidal(verdict.evidence);
    const cores = verdict.evidence.offPeakCoresFreeable;
    const body: FindingBody = {
      findingId,
      analysisType: 'tidal',
      connectionId: vm.connectionId,
      entityType: 'vm',
      entityId: vm.id,
      entityName: vm.name,
      conclusion,
      recommendation,
      confidence: verdict.confidence,
      riskLevel: verdict.riskLevel,
      savings: {
        cpuCores: cores,
        memoryMb: 0,
        diskGb: 0,
        amount: Math.round(cores * policy.unitPrices.cpuCoreMonthly * 100) / 100,
      },
      evidence: { ...verdict.evidence },
      policy: { name: policy.name, version: policy.version },
      runId: args.runId,
      analysedAt: args.now,
    };
    return { findingId, entityId: vm.id, body };
  });
}
