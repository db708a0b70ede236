import type { ClickHouseClient } from '@justfit/storage';
import { type Candidate, findingCandidate, NO_SAVINGS, noFinding } from '../candidates/finding-candidate';
import type { PlacedVm } from '../estate/vm';
import type { HealthPolicy } from '../policies/policy';
import { type HostLoad, loadClusterInventory, queryHostLoad } from './health.query';
import { assessClusterHealth, describeHealth, type HostCapacity } from './health.rule';

/**
 * One candidate per cluster (entityType 'cluster'): a body when the cluster is not healthy (warning or critical),
 * none when it is, so a finding resolves once the cluster recovers. Host→cluster, cores and memory come from the
 * host inventory; host load from metric_hourly; allocation from the VMs given (with their placement).
 */
export async function healthCandidates(
  clickhouse: ClickHouseClient,
  vms: PlacedVm[],
  args: { policy: HealthPolicy; asOf: number; now: number; runId: string; connectionId?: string },
): Promise<Candidate[]> {
  const { policy } = args;
  const [{ hosts, clusters }, loads] = await Promise.all([
    loadClusterInventory(clickhouse, args.connectionId),
    queryHostLoad(clickhouse, { policy, asOf: args.asOf, connectionId: args.connectionId }),
  ]);
  const key = (connectionId: string, id: string) => `${connectionId}/${id}`;
  const loadByHost = new Map<string, HostLoad>(loads.map((l) => [key(l.connectionId, l.hostId), l]));
  const hostCluster = new Map(hosts.map((h) => [key(h.connectionId, h.id), h.clusterId]));
  const clusterNames = new Map(clusters.map((c) => [key(c.connectionId, c.id), c.name]));

  const groups = new Map<string, { connectionId: string; clusterId: string; hosts: HostCapacity[]; vms: PlacedVm[] }>();
  const group = (connectionId: string, clusterId: string) => {
    const k = key(connectionId, clusterId);
    let g = groups.get(k);
    if (!g) {
      g = { connectionId, clusterId, hosts: [], vms: [] };
      groups.set(k, g);
    }
    return g;
  };
  for (const c of clusters) group(c.connectionId, c.id);
  for (const h of hosts) {
    if (!h.clusterId) continue;
    group(h.connectionId, h.clusterId).hosts.push({
      id: h.id,
      name: h.name,
      clusterId: h.clusterId,
      cpuCores: h.cpuCores,
      memoryMb: h.memoryMb,
      powerState: h.powerState,
    });
  }
  for (const vm of vms) {
    const clusterId = vm.clusterId ?? (vm.hostId ? hostCluster.get(key(vm.connectionId, vm.hostId)) : null);
    if (clusterId) groups.get(key(vm.connectionId, clusterId))?.vms.push(vm);
  }

  const candidates: Candidate[] = [];
  for (const g of groups.values()) {
    const groupLoads = new Map<string, HostLoad>();
    for (const h of g.hosts) {
      const load = loadByHost.get(key(g.connectionId, h.id));
      if (load) groupLoads.set(h.id, load);
    }
    const verdict = assessClusterHealth(g.hosts, groupLoads, g.vms, policy);
    if (verdict.kind === 'skipped') {
      candidates.push(noFinding('health', g.connectionId, g.clusterId, { skipped: verdict.reason }));
      continue;
    }
    if (verdict.evidence.level === 'healthy') {
      candidates.push(noFinding('health', g.connectionId, g.clusterId));
      continue;
    }
    const name = clusterNames.get(key(g.connectionId, g.clusterId)) ?? g.clusterId;
    candidates.push(
      findingCandidate('health', {
        connectionId: g.connectionId,
        entity: { type: 'cluster', id: g.clusterId, name },
        assessed: verdict,
        described: describeHealth(name, verdict.evidence),
        savings: NO_SAVINGS,
        evidence: verdict.evidence,
        policy,
        run: { runId: args.runId, now: args.now },
      }),
    );
  }
  return candidates;
}
