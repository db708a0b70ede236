import type { CollectScope, RawEntity } from '@justfit/events';
import { hostInScope, listed, vmInScope } from '../../scope';
import { retrieveFromView } from '../property-collector';
import type { VimClient } from '../vim-client';
import { toRawCluster, toRawDatastore, toRawHost, toRawVm } from './map-entities';
import { VM_PATHS } from './property-paths';
import { loadTopology } from './topology';

export interface InventoryOptions {
  /** maxObjects per RetrievePropertiesEx page, and so the largest batch yielded (default 1000). */
  pageSize?: number;
}

/**
 * The estate in batches: first the topology (everything but VMs, held in memory to resolve parents), then VMs
 * page by page as they arrive, then clusters, hosts and datastores, whose VM counts are known only after the VMs.
 */
export async function* collectInventory(
  client: VimClient,
  scope: CollectScope,
  options: InventoryOptions = {},
  signal?: AbortSignal,
): AsyncGenerator<RawEntity[]> {
  const pageSize = options.pageSize ?? 1000;
  // Topology and the first VM page are fetched at the same time; VMs are mapped once the topology is in.
  const loading = loadTopology(client, pageSize, signal);
  loading.catch(() => undefined);
  const vmsPerHost = new Map<string, number>();
  const vmQuery = { types: ['VirtualMachine'], paths: { VirtualMachine: VM_PATHS }, maxObjects: pageSize };
  for await (const page of retrieveFromView(client, vmQuery, signal)) {
    const topology = await loading;
    const vms = page.map((o) => toRawVm(o, topology));
    for (const vm of vms) if (vm.hostId) vmsPerHost.set(vm.hostId, (vmsPerHost.get(vm.hostId) ?? 0) + 1);
    const inScope = vms.filter((vm) => vmInScope(vm, scope));
    if (inScope.length) yield inScope;
  }

  const topology = await loading;
  const hosts = topology.ofType('HostSystem').map((o) => toRawHost(o, topology, vmsPerHost.get(o.ref.value) ?? 0));
  const vmsPerCluster = new Map<string, number>();
  for (const h of hosts)
    if (h.clusterId) vmsPerCluster.set(h.clusterId, (vmsPerCluster.get(h.clusterId) ?? 0) + h.numVms);
  const clusters = topology
    .ofType('ClusterComputeResource')
    .map((o) => toRawCluster(o, topology, vmsPerCluster.get(o.ref.value) ?? 0));
  // Datastores are always reported, whatever the scope.
  const rest: RawEntity[] = [
    ...clusters.filter((c) => listed(scope.clusterIds, c.id)),
    ...hosts.filter((h) => hostInScope(h, scope)),
    ...topology.ofType('Datastore').map((o) => toRawDatastore(o, topology)),
  ];
  for (let i = 0; i < rest.length; i += pageSize) yield rest.slice(i, i + pageSize);
}
