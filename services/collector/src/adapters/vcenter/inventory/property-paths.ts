/**
 * The property paths read per managed object type. Leaf paths (not whole `summary` / `config` objects) keep the
 * responses small: a VM's full config is tens of kilobytes, these are a few hundred bytes.
 */

/** Containers, only for resolving the datacenter and cluster of what they hold. */
export const CONTAINER_TYPES = ['Datacenter', 'Folder', 'StoragePod', 'ComputeResource'] as const;
const CONTAINER_PATHS = ['name', 'parent'];

export const CLUSTER_PATHS = [
  'name',
  'parent',
  'summary.totalCpu',
  'summary.totalMemory',
  'summary.numHosts',
  // Not `configurationEx.drsConfig.enabled`: that path is not valid against the declared type
  // (ComputeResourceConfigInfo), and vcsim leaves the older `configuration.drsConfig` unset.
  'configurationEx',
];

export const HOST_PATHS = [
  'name',
  'parent',
  'summary.hardware.numCpuCores',
  'summary.hardware.cpuMhz',
  'summary.hardware.memorySize',
  'runtime.powerState',
  'runtime.connectionState',
  'overallStatus',
  'config.network.vnic',
];

export const DATASTORE_PATHS = ['name', 'parent', 'summary.type', 'summary.capacity', 'summary.freeSpace'];

export const VM_PATHS = [
  'name',
  'parent',
  'runtime.host',
  'summary.config.uuid',
  'summary.config.numCpu',
  'summary.config.memorySizeMB',
  'summary.storage.committed',
  'summary.storage.uncommitted',
  'runtime.powerState',
  'summary.config.guestFullName',
  'summary.config.guestId',
  'guest.ipAddress',
  'summary.config.template',
  'overallStatus',
  'guest.toolsStatus',
  'guest.toolsRunningStatus',
  'config.createDate',
  'runtime.bootTime',
];

/** Everything but VMs: few objects even in large estates, held in memory to resolve parents. */
export const TOPOLOGY_PATHS: Record<string, string[]> = {
  ...Object.fromEntries(CONTAINER_TYPES.map((t) => [t, CONTAINER_PATHS])),
  ClusterComputeResource: CLUSTER_PATHS,
  HostSystem: HOST_PATHS,
  Datastore: DATASTORE_PATHS,
};
