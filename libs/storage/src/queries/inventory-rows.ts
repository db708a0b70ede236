import type { ColumnMap } from './columns';

/** Fields every inventory observation carries. Ids are scoped by connection. `observedAt` is epoch ms. */
interface Observation {
  connectionId: string;
  taskId: string;
  observedAt: number;
  id: string;
  name: string;
  datacenter: string;
  /** A tombstone: the entity was no longer seen. It leaves the latest view but stays in the history. */
  deleted?: boolean;
}

export interface InventoryCluster extends Observation {
  totalCpuMhz: number;
  totalMemoryMb: number;
  numHosts: number;
  numVms: number;
  haEnabled: boolean;
  drsEnabled: boolean;
}

export interface InventoryHost extends Observation {
  clusterId: string | null;
  ipAddress: string;
  cpuCores: number;
  cpuMhz: number;
  memoryMb: number;
  numVms: number;
  powerState: string;
  connectionState: string;
  overallStatus: string;
}

export interface InventoryVm extends Observation {
  clusterId: string | null;
  hostId: string | null;
  uuid: string;
  cpuCount: number;
  memoryMb: number;
  diskGb: number;
  powerState: string;
  guestOs: string;
  ipAddress: string;
  isTemplate: boolean;
  overallStatus: string;
  toolsStatus: string;
  createdAt: number | null;
  powerStateChangedAt: number | null;
}

export interface InventoryDatastore extends Observation {
  type: string;
  capacityGb: number;
  freeGb: number;
}

/** Keyed like RawEntity's `kind`. */
export interface InventoryRows {
  cluster: InventoryCluster;
  host: InventoryHost;
  vm: InventoryVm;
  datastore: InventoryDatastore;
}
export type InventoryKind = keyof InventoryRows;

const observation = {
  connectionId: ['connection_id', 'text'],
  taskId: ['task_id', 'text'],
  observedAt: ['observed_at', 'time'],
  id: ['id', 'text'],
  name: ['name', 'text'],
  datacenter: ['datacenter', 'text'],
  deleted: ['deleted', 'bool'],
} as const;

interface InventoryTable<T> {
  /** History: one row per observation. */
  history: string;
  /** Newest non-deleted observation per entity. */
  latest: string;
  columns: ColumnMap<T>;
  /** Columns a free-text search looks in. */
  searchable: readonly string[];
}

export const inventoryTables: { [K in InventoryKind]: InventoryTable<InventoryRows[K]> } = {
  cluster: {
    history: 'inventory_clusters',
    latest: 'inventory_clusters_latest',
    searchable: ['name', 'id'],
    columns: {
      ...observation,
      totalCpuMhz: ['total_cpu_mhz', 'number'],
      totalMemoryMb: ['total_memory_mb', 'number'],
      numHosts: ['num_hosts', 'number'],
      numVms: ['num_vms', 'number'],
      haEnabled: ['ha_enabled', 'bool'],
      drsEnabled: ['drs_enabled', 'bool'],
    },
  },
  host: {
    history: 'inventory_hosts',
    latest: 'inventory_hosts_latest',
    searchable: ['name', 'id', 'ip_address'],
    columns: {
      ...observation,
      clusterId: ['cluster_id', 'optionalId'],
      ipAddress: ['ip_address', 'text'],
      cpuCores: ['cpu_cores', 'number'],
      cpuMhz: ['cpu_mhz', 'number'],
      memoryMb: ['memory_mb', 'number'],
      numVms: ['num_vms', 'number'],
      powerState: ['power_state', 'text'],
      connectionState: ['connection_state', 'text'],
      overallStatus: ['overall_status', 'text'],
    },
  },
  vm: {
    history: 'inventory_vms',
    latest: 'inventory_vms_latest',
    searchable: ['name', 'id', 'ip_address', 'guest_os', 'uuid'],
    columns: {
      ...observation,
      clusterId: ['cluster_id', 'optionalId'],
      hostId: ['host_id', 'optionalId'],
      uuid: ['uuid', 'text'],
      cpuCount: ['cpu_count', 'number'],
      memoryMb: ['memory_mb', 'number'],
      diskGb: ['disk_gb', 'number'],
      powerState: ['power_state', 'text'],
      guestOs: ['guest_os', 'text'],
      ipAddress: ['ip_address', 'text'],
      isTemplate: ['is_template', 'bool'],
      overallStatus: ['overall_status', 'text'],
      toolsStatus: ['tools_status', 'text'],
      createdAt: ['created_at', 'optionalTime'],
      powerStateChangedAt: ['power_state_changed_at', 'optionalTime'],
    },
  },
  datastore: {
    history: 'inventory_datastores',
    latest: 'inventory_datastores_latest',
    searchable: ['name', 'id'],
    columns: {
      ...observation,
      type: ['type', 'text'],
      capacityGb: ['capacity_gb', 'number'],
      freeGb: ['free_gb', 'number'],
    },
  },
};
