/**
 * The estate a fake H3C CAS serves: host pools, clusters, hosts, VMs and templates, with deterministic load over time.
 * The shapes follow what third-party CAS clients read (docs/h3c-cas.md says which field comes from where); the values
 * are this fake's own, so a test can compare what a connector collected with what the fake holds.
 */

/** How a fake VM behaves over time: the ground truth the analyzers should find. */
export type CasVmBehaviour = 'zombie' | 'zombie-with-backup' | 'busy' | 'daily-tidal' | 'powered-off';

export interface CasHostPool {
  id: number;
  name: string;
}
export interface CasCluster {
  id: number;
  name: string;
  hostPoolId: number;
  enableHA: boolean;
  /** CAS's dynamic resource scheduling ("load balancing"), vSphere's DRS. */
  enableLB: boolean;
}
export interface CasHost {
  id: number;
  name: string;
  ip: string;
  hostPoolId: number;
  clusterId: number;
  /** 1: normal (connected), 0: abnormal. */
  status: 0 | 1;
  cpuCount: number;
  cpuCores: number;
  /** Clock of one core, MHz. */
  cpuFrequence: number;
  /** MB. */
  memorySize: number;
}
export interface CasDisk {
  device: string;
  /** MB. */
  capacity: number;
  path: string;
}
export interface CasVm {
  id: number;
  name: string;
  title: string;
  uuid: string;
  hostId: number;
  clusterId: number;
  hostPoolId: number;
  cpu: number;
  /** MB. */
  memory: number;
  status: 'running' | 'shutOff';
  osDesc: string;
  vmIp: string;
  castoolsStatus: 0 | 1;
  /** `yyyy-MM-dd HH:mm:ss` in UTC. */
  createDate: string;
  disks: CasDisk[];
  behaviour: CasVmBehaviour;
}
export interface CasTemplate {
  id: number;
  name: string;
  uuid: string;
  cpu: number;
  memory: number;
  osDesc: string;
  createDate: string;
  disks: CasDisk[];
}

export interface FakeCasEstate {
  hostPools: CasHostPool[];
  clusters: CasCluster[];
  hosts: CasHost[];
  vms: CasVm[];
  templates: CasTemplate[];
}

export interface FakeCasEstateOptions {
  /** VMs in the estate (default 24: two clusters, each with every behaviour). */
  vms?: number;
  /** VMs per host, which sets how many hosts (and clusters of four hosts) there are; default 4. */
  vmsPerHost?: number;
  templates?: number;
  /** The moment creation dates count back from (default: now). */
  now?: number;
}

const DAY = 86_400_000;
const PLAN: CasVmBehaviour[] = [
  'zombie',
  'busy',
  'daily-tidal',
  'busy',
  'zombie-with-backup',
  'busy',
  'busy',
  'zombie',
  'powered-off',
  'daily-tidal',
  'busy',
  'busy',
];
const HOSTS_PER_CLUSTER = 4;
const CLUSTERS_PER_POOL = 4;

/** `yyyy-MM-dd HH:mm:ss` (UTC), the way CAS writes dates. */
export const casDate = (t: number) => new Date(t).toISOString().slice(0, 19).replace('T', ' ');

/** Builds the estate: VMs fill hosts in order, hosts fill clusters of four, clusters fill pools of four. */
export function buildFakeCasEstate(options: FakeCasEstateOptions = {}): FakeCasEstate {
  const vmCount = options.vms ?? 24;
  const perHost = options.vmsPerHost ?? 4;
  const now = options.now ?? Date.now();
  const hostCount = Math.max(1, Math.ceil(vmCount / perHost));
  const clusterCount = Math.ceil(hostCount / HOSTS_PER_CLUSTER);
  const poolCount = Math.ceil(clusterCount / CLUSTERS_PER_POOL);
  const hostPools = Array.from({ length: poolCount }, (_, p) => ({ id: p + 1, name: `pool-${p + 1}` }));
  const clusters: CasCluster[] = Array.from({ length: clusterCount }, (_, c) => ({
    id: c + 1,
    name: c === 0 ? 'prod' : c === 1 ? 'dev' : `cluster-${c + 1}`,
    hostPoolId: Math.floor(c / CLUSTERS_PER_POOL) + 1,
    enableHA: true,
    enableLB: c % 2 === 0,
  }));
  const hosts: CasHost[] = Array.from({ length: hostCount }, (_, h) => {
    const cluster = clusters[Math.floor(h / HOSTS_PER_CLUSTER)]!;
    return {
      id: h + 1,
      name: `cvk-${cluster.name}-${(h % HOSTS_PER_CLUSTER) + 1}`,
      ip: `10.${Math.floor(h / 250)}.${h % 250}.11`,
      hostPoolId: cluster.hostPoolId,
      clusterId: cluster.id,
      status: 1,
      cpuCount: 2,
      cpuCores: 16,
      cpuFrequence: 2600,
      memorySize: 262_144,
    };
  });
  // VMs are spread so each cluster gets every behaviour, like the simulated vCenter estate.
  const vms: CasVm[] = Array.from({ length: vmCount }, (_, v) => {
    const host = hosts[Math.floor(v / perHost)]!;
    const cluster = clusters[host.clusterId - 1]!;
    const indexInCluster = v - (host.clusterId - 1) * HOSTS_PER_CLUSTER * perHost;
    const behaviour = PLAN[indexInCluster % PLAN.length]!;
    const off = behaviour === 'powered-off';
    const busy = behaviour === 'busy';
    const id = v + 1;
    return {
      id,
      name: `${cluster.name}-${behaviour}-${indexInCluster + 1}`,
      title: `${cluster.name} ${behaviour} ${indexInCluster + 1}`,
      uuid: `5a1c${String(id).padStart(4, '0')}-0000-4000-8000-${String(id).padStart(12, '0')}`,
      hostId: host.id,
      clusterId: host.clusterId,
      hostPoolId: host.hostPoolId,
      cpu: busy ? 4 : 2,
      memory: busy ? 16_384 : 8_192,
      status: off ? 'shutOff' : 'running',
      osDesc: 'CentOS 7 (64-bit)',
      vmIp: off ? '' : `172.16.${Math.floor(id / 250)}.${(id % 250) + 1}`,
      castoolsStatus: off ? 0 : 1,
      createDate: casDate(now - (120 + (id % 30)) * DAY),
      disks: [
        { device: 'vda', capacity: 51_200, path: `/vms/images/${cluster.name}-${id}-vda` },
        ...(busy ? [{ device: 'vdb', capacity: 102_400, path: `/vms/images/${cluster.name}-${id}-vdb` }] : []),
      ],
      behaviour,
    };
  });
  const templates: CasTemplate[] = Array.from({ length: options.templates ?? 2 }, (_, t) => ({
    id: 100_000 + t + 1,
    name: `tpl-centos7-${t + 1}`,
    uuid: `7e3f${String(t + 1).padStart(4, '0')}-0000-4000-8000-${String(t + 1).padStart(12, '0')}`,
    cpu: 2,
    memory: 4096,
    osDesc: 'CentOS 7 (64-bit)',
    createDate: casDate(now - 400 * DAY),
    disks: [{ device: 'vda', capacity: 40_960, path: `/vms/templates/tpl-${t + 1}-vda` }],
  }));
  return { hostPools, clusters, hosts, vms, templates };
}

/** Deterministic noise in [0, 1) from a key and a time (ms): replayable, no global state. */
export function noise(key: string, t: number): number {
  let h = 2166136261 ^ Math.floor(t / 1000);
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  h = Math.imul(h ^ (h >>> 15), 2246822507);
  h = Math.imul(h ^ (h >>> 13), 3266489909);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/** What one VM does at one moment: utilisation in percent, disk and network in KB/s, disk operations per second. */
export interface CasLoad {
  cpuRate: number;
  memRate: number;
  diskReadKBps: number;
  diskWriteKBps: number;
  readIops: number;
  writeIops: number;
  netInKBps: number;
  netOutKBps: number;
}

const IDLE = (r: number): CasLoad => ({
  cpuRate: 0.5 + r,
  memRate: 3 + r,
  diskReadKBps: 1 + r,
  diskWriteKBps: 1 + 2 * r,
  readIops: 0.2 * r,
  writeIops: 0.5 + r,
  netInKBps: 0.05 + 0.3 * r,
  netOutKBps: 0.05 + 0.2 * r,
});
const round2 = (x: number) => Math.round(x * 100) / 100;

/** The load of a VM at time t (ms), rounded to two decimals as CAS answers. */
export function casVmLoad(vm: Pick<CasVm, 'id' | 'behaviour'>, t: number): CasLoad {
  const r = noise(`cas-vm-${vm.id}`, t);
  const hour = new Date(t).getUTCHours() + new Date(t).getUTCMinutes() / 60;
  let load: CasLoad;
  switch (vm.behaviour) {
    case 'zombie':
      load = IDLE(r);
      break;
    case 'zombie-with-backup':
      load =
        hour >= 2 && hour < 3
          ? {
              cpuRate: 35 + 10 * r,
              memRate: 20 + 5 * r,
              diskReadKBps: 35_000 + 5000 * r,
              diskWriteKBps: 5000 + 1000 * r,
              readIops: 800 + 100 * r,
              writeIops: 100 + 20 * r,
              netInKBps: 2000 + 500 * r,
              netOutKBps: 28_000 + 4000 * r,
            }
          : IDLE(r);
      break;
    case 'daily-tidal': {
      const day = Math.max(0, Math.sin(((hour - 8) / 24) * 2 * Math.PI));
      load = {
        cpuRate: 8 + 60 * day + 5 * r,
        memRate: 30 + 30 * day + 3 * r,
        diskReadKBps: 300 + 2000 * day,
        diskWriteKBps: 200 + 1000 * day,
        readIops: 20 + 200 * day,
        writeIops: 10 + 100 * day,
        netInKBps: 400 + 3000 * day,
        netOutKBps: 400 + 3000 * day,
      };
      break;
    }
    case 'busy':
      load = {
        cpuRate: 45 + 20 * r,
        memRate: 55 + 10 * r,
        diskReadKBps: 1200 + 900 * r,
        diskWriteKBps: 800 + 600 * r,
        readIops: 150 + 50 * r,
        writeIops: 90 + 30 * r,
        netInKBps: 1500 + 1000 * r,
        netOutKBps: 1500 + 1000 * r,
      };
      break;
    case 'powered-off':
      load = {
        cpuRate: 0,
        memRate: 0,
        diskReadKBps: 0,
        diskWriteKBps: 0,
        readIops: 0,
        writeIops: 0,
        netInKBps: 0,
        netOutKBps: 0,
      };
      break;
  }
  return Object.fromEntries(Object.entries(load).map(([k, v]) => [k, round2(v)])) as unknown as CasLoad;
}

/** A host carries the sum of its running guests: CPU in MHz over its capacity, memory over its size, I/O summed. */
export function casHostLoad(host: CasHost, guests: readonly CasVm[], t: number): CasLoad {
  const sum: CasLoad = {
    cpuRate: 0,
    memRate: 0,
    diskReadKBps: 0,
    diskWriteKBps: 0,
    readIops: 0,
    writeIops: 0,
    netInKBps: 0,
    netOutKBps: 0,
  };
  let mhz = 0;
  let memMb = 0;
  for (const vm of guests) {
    if (vm.status !== 'running') continue;
    const load = casVmLoad(vm, t);
    mhz += (load.cpuRate / 100) * vm.cpu * host.cpuFrequence;
    memMb += (load.memRate / 100) * vm.memory;
    for (const key of ['diskReadKBps', 'diskWriteKBps', 'readIops', 'writeIops', 'netInKBps', 'netOutKBps'] as const)
      sum[key] += load[key];
  }
  const capacityMhz = host.cpuCount * host.cpuCores * host.cpuFrequence;
  sum.cpuRate = (100 * mhz) / capacityMhz;
  sum.memRate = (100 * memMb) / host.memorySize;
  return Object.fromEntries(Object.entries(sum).map(([k, v]) => [k, round2(v)])) as unknown as CasLoad;
}
