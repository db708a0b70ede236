import { type ClickHouseClient, listVms, MAX_PAGE_SIZE } from '@justfit/storage';
import { allPages } from '../estate/all-pages';
import type { PlacedVm } from '../estate/vm';

/** The latest VM inventory (of a connection, or of all), with what the analyses need of each VM. */
export async function loadPlacedVms(clickhouse: ClickHouseClient, connectionId?: string): Promise<PlacedVm[]> {
  const vms = await allPages((page) => listVms(clickhouse, { connectionId, page, pageSize: MAX_PAGE_SIZE }));
  return vms.map((vm) => ({
    connectionId: vm.connectionId,
    id: vm.id,
    name: vm.name,
    powerState: vm.powerState,
    isTemplate: vm.isTemplate,
    cpuCount: vm.cpuCount,
    memoryMb: vm.memoryMb,
    diskGb: vm.diskGb,
    powerStateChangedAt: vm.powerStateChangedAt ?? null,
    clusterId: vm.clusterId,
    hostId: vm.hostId,
  }));
}
