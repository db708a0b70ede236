import type { CollectScope, RawEntity } from '@justfit/events';
import { hostInScope, listed, vmInScope } from '../scope';
import { mapConcurrent } from '../concurrent';
import { CasHttpError } from './cas-errors';
import type { CasHttpClient } from './cas-http-client';
import { bool, casTime, type CasRecord, list, listOf, num, str } from './cas-values';

type RawOf<K extends RawEntity['kind']> = Extract<RawEntity, { kind: K }>;

export interface CasInventoryOptions {
  /** Page size asked of the paged lists (CAS may hand out fewer; the total it reports decides). Default 100. */
  pageSize?: number;
  /** VM detail requests in flight at once (default 8). */
  concurrency?: number;
}

/** JustFit ids name the kind: CAS numbers hosts, VMs and templates each from 1. */
export const casIds = {
  cluster: (id: unknown) => `cluster-${str(id)}`,
  host: (id: unknown) => `host-${str(id)}`,
  vm: (id: unknown) => `vm-${str(id)}`,
  template: (id: unknown) => `vmtemplate-${str(id)}`,
};
/** The CAS id inside a JustFit id (`vm-42` → `42`). */
export const casIdOf = (id: string) => id.slice(id.lastIndexOf('-') + 1);

const POWER_STATES: Record<string, string> = { running: 'poweredOn', shutoff: 'poweredOff', paused: 'suspended' };
const GB_PER_MB = 1 / 1024;

/** Every element of a paged list, page by page (`offset`/`limit`), until the reported total is reached. */
export async function* pages(
  client: CasHttpClient,
  path: string,
  key: string,
  query: Record<string, string | number>,
  pageSize: number,
  signal?: AbortSignal,
): AsyncGenerator<CasRecord[]> {
  for (let offset = 0; ;) {
    const body = (await client.get(path, { ...query, offset, limit: pageSize }, signal)) as CasRecord;
    const items = listOf(body, key);
    if (items.length) yield items;
    offset += items.length;
    const total = num(body?.totalSize, Number.NaN);
    // Without a total, a short page is the last; an empty page always is.
    if (!items.length || (Number.isFinite(total) ? offset >= total : items.length < pageSize)) return;
  }
}

/**
 * Reads the estate: host pools (JustFit's datacenters), their clusters and clustered hosts, every VM (the list, then
 * each VM's detail for its disks and dates) and the templates. VMs are yielded a page at a time; hosts and clusters
 * last, once their VMs are counted.
 */
export async function* collectCasInventory(
  client: CasHttpClient,
  scope: CollectScope,
  options: CasInventoryOptions,
  signal?: AbortSignal,
): AsyncGenerator<RawEntity[]> {
  const pageSize = options.pageSize ?? 100;
  const pools = listOf(await client.get('/hostpool/all', {}, signal), 'hostPool');
  const poolName = new Map(pools.map((p) => [str(p.id), str(p.name)]));
  const clusters: CasRecord[] = [];
  for (const pool of pools)
    clusters.push(...listOf(await client.get('/cluster/clusters', { hostPoolId: str(pool.id) }, signal), 'cluster'));
  const hosts: RawOf<'host'>[] = [];
  for (const cluster of clusters) {
    for await (const page of pages(client, '/cluster/hosts', 'host', { clusterId: str(cluster.id) }, pageSize, signal))
      hosts.push(...page.map((h) => toRawHost(h, poolName, cluster)));
  }
  const hostById = new Map(hosts.map((h) => [h.id, h]));
  const vmsPerHost = new Map<string, number>();

  for await (const page of pages(client, '/vm/vmList', 'domain', {}, pageSize, signal)) {
    const summaries = page.filter((s) => {
      const clusterId = hostById.get(casIds.host(s.hostId))?.clusterId ?? null;
      return (
        listed(scope.vmIds, casIds.vm(s.id)) &&
        listed(scope.hostIds, casIds.host(s.hostId)) &&
        listed(scope.clusterIds, clusterId)
      );
    });
    const vms: RawEntity[] = [];
    for await (const vm of mapConcurrent(summaries, options.concurrency ?? 8, (s) => detailOf(client, s, signal))) {
      if (!vm) continue;
      const host = hostById.get(vm.hostId ?? '');
      vm.clusterId = host?.clusterId ?? vm.clusterId;
      vm.datacenter = host?.datacenter || poolName.get(str(vm.datacenter)) || '';
      if (vm.hostId) vmsPerHost.set(vm.hostId, (vmsPerHost.get(vm.hostId) ?? 0) + 1);
      if (vmInScope(vm, scope)) vms.push(vm);
    }
    if (vms.length) yield vms;
  }

  if (!scope.vmIds.length && !scope.hostIds.length && !scope.clusterIds.length) {
    const templates: RawEntity[] = [];
    for await (const page of templatePages(client, pageSize, signal)) templates.push(...page.map(toRawTemplate));
    if (templates.length) yield templates;
  }

  const rest: RawEntity[] = [];
  for (const host of hosts) {
    host.numVms = vmsPerHost.get(host.id) ?? 0;
    if (hostInScope(host, scope)) rest.push(host);
  }
  for (const c of clusters) {
    const id = casIds.cluster(c.id);
    if (!listed(scope.clusterIds, id)) continue;
    const members = hosts.filter((h) => h.clusterId === id);
    rest.push({
      kind: 'cluster',
      id,
      name: str(c.name),
      datacenter: poolName.get(str(c.hostPoolId)) ?? '',
      totalCpuMhz: members.reduce((n, h) => n + h.cpuMhz, 0),
      totalMemoryMb: members.reduce((n, h) => n + h.memoryMb, 0),
      numHosts: members.length,
      numVms: members.reduce((n, h) => n + h.numVms, 0),
      haEnabled: bool(c.enableHA),
      drsEnabled: bool(c.enableLB),
    });
  }
  if (rest.length) yield rest;
}

/** Templates live in a list of their own; a CAS without it (404) has none to report. */
async function* templatePages(client: CasHttpClient, pageSize: number, signal?: AbortSignal) {
  try {
    yield* pages(client, '/vmTemplate/vmTemplateList', 'vmTemplate', {}, pageSize, signal);
  } catch (error) {
    if (error instanceof CasHttpError && error.status === 404) return;
    throw error;
  }
}

/** A VM removed between the list and its detail (CAS answers 409) is left out, as it no longer exists. */
async function detailOf(client: CasHttpClient, summary: CasRecord, signal?: AbortSignal) {
  try {
    const detail = (await client.get(`/vm/detail/${encodeURIComponent(str(summary.id))}`, {}, signal)) as CasRecord;
    return toRawVm({ ...summary, ...detail });
  } catch (error) {
    if (error instanceof CasHttpError && error.status === 409) return undefined;
    throw error;
  }
}

const diskGb = (vm: CasRecord) => list(vm.storage).reduce((n, d) => n + num(d.capacity), 0) * GB_PER_MB;
const epochOrNull = (value: unknown) => {
  const t = casTime(value);
  return Number.isFinite(t) && t > 0 ? t : null;
};

function toRawHost(h: CasRecord, poolName: Map<string, string>, cluster: CasRecord): RawOf<'host'> {
  // CAS counts CPUs (sockets) and cores per CPU; JustFit counts cores and their total clock, as vCenter's hosts.
  const cores = num(h.cpuCount) * num(h.cpuCores);
  const normal = num(h.status) === 1;
  return {
    kind: 'host',
    id: casIds.host(h.id),
    name: str(h.name),
    clusterId: casIds.cluster(h.clusterId ?? cluster.id),
    datacenter: poolName.get(str(h.hostPoolId ?? cluster.hostPoolId)) ?? '',
    ipAddress: str(h.ip),
    cpuCores: cores,
    cpuMhz: cores * num(h.cpuFrequence),
    memoryMb: num(h.memorySize),
    numVms: 0,
    powerState: normal ? 'poweredOn' : 'unknown',
    connectionState: normal ? 'connected' : 'disconnected',
    overallStatus: normal ? 'green' : 'red',
  };
}

function toRawVm(vm: CasRecord): RawOf<'vm'> {
  const status = str(vm.status);
  return {
    kind: 'vm',
    id: casIds.vm(vm.id),
    name: str(vm.name),
    // The pool's id until the host (or the pool list) names it.
    datacenter: str(vm.hostPoolId),
    clusterId: vm.clusterId !== undefined && str(vm.clusterId) !== '' ? casIds.cluster(vm.clusterId) : null,
    hostId: vm.hostId !== undefined && str(vm.hostId) !== '' ? casIds.host(vm.hostId) : null,
    uuid: str(vm.uuid),
    cpuCount: Math.round(num(vm.cpu)),
    memoryMb: num(vm.memory),
    diskGb: diskGb(vm),
    powerState: POWER_STATES[status.toLowerCase()] ?? status,
    guestOs: str(vm.osDesc),
    ipAddress: str(vm.vmIp),
    isTemplate: false,
    overallStatus: '',
    toolsStatus: num(vm.castoolsStatus) === 1 ? 'toolsOk' : 'toolsNotRunning',
    createdAt: epochOrNull(vm.createDate),
    // CAS is not known to report when a VM was last powered on or off.
    powerStateChangedAt: null,
  };
}

function toRawTemplate(t: CasRecord): RawOf<'vm'> {
  return {
    kind: 'vm',
    id: casIds.template(t.id),
    name: str(t.name),
    datacenter: '',
    clusterId: null,
    hostId: null,
    uuid: str(t.uuid),
    cpuCount: Math.round(num(t.cpu)),
    memoryMb: num(t.memory),
    diskGb: diskGb(t),
    powerState: 'poweredOff',
    guestOs: str(t.osDesc),
    ipAddress: '',
    isTemplate: true,
    overallStatus: '',
    toolsStatus: '',
    createdAt: epochOrNull(t.createDate),
    powerStateChangedAt: null,
  };
}
