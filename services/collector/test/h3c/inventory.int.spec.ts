import type { RawEntity } from '@justfit/events';
import { type FakeCas, startFakeCas } from '@justfit/testing/fake-cas-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorFor, inventoryOf, readAll } from './fixtures';

const VMS = 45;
const utc = (casDate: string) => Date.parse(`${casDate.replace(' ', 'T')}Z`);

describe('h3c inventory', () => {
  let cas: FakeCas;
  let entities: RawEntity[];
  beforeAll(async () => {
    // The server hands out at most 7 per page whatever is asked: lists span several pages.
    cas = await startFakeCas({ vms: VMS, vmsPerHost: 3, maxPageSize: 7 });
    const connector = connectorFor(cas, {}, { pageSize: 10 });
    entities = await inventoryOf(connector);
    await connector.close();
  });
  afterAll(() => cas?.stop());

  const byId = (id: string) => entities.find((e) => e.id === id);

  it('h3c - every VM, host and cluster of the estate is reported once, with each field as CAS holds it', () => {
    const { estate } = cas;
    const pool = (id: number) => estate.hostPools.find((p) => p.id === id)!.name;
    expect(entities.filter((e) => e.kind === 'vm')).toHaveLength(VMS + estate.templates.length);
    expect(new Set(entities.map((e) => e.id)).size).toBe(entities.length);
    for (const vm of estate.vms) {
      expect(byId(`vm-${vm.id}`)).toEqual({
        kind: 'vm',
        id: `vm-${vm.id}`,
        name: vm.name,
        datacenter: pool(vm.hostPoolId),
        clusterId: `cluster-${vm.clusterId}`,
        hostId: `host-${vm.hostId}`,
        uuid: vm.uuid,
        cpuCount: vm.cpu,
        memoryMb: vm.memory,
        diskGb: vm.disks.reduce((n, d) => n + d.capacity, 0) / 1024,
        powerState: vm.status === 'running' ? 'poweredOn' : 'poweredOff',
        guestOs: vm.osDesc,
        ipAddress: vm.vmIp,
        isTemplate: false,
        overallStatus: '',
        toolsStatus: vm.castoolsStatus === 1 ? 'toolsOk' : 'toolsNotRunning',
        createdAt: utc(vm.createDate),
        powerStateChangedAt: null,
      });
    }
    for (const host of estate.hosts) {
      const cores = host.cpuCount * host.cpuCores;
      expect(byId(`host-${host.id}`)).toEqual({
        kind: 'host',
        id: `host-${host.id}`,
        name: host.name,
        clusterId: `cluster-${host.clusterId}`,
        datacenter: pool(host.hostPoolId),
        ipAddress: host.ip,
        cpuCores: cores,
        cpuMhz: cores * host.cpuFrequence,
        memoryMb: host.memorySize,
        numVms: estate.vms.filter((v) => v.hostId === host.id).length,
        powerState: 'poweredOn',
        connectionState: 'connected',
        overallStatus: 'green',
      });
    }
    for (const cluster of estate.clusters) {
      const hosts = estate.hosts.filter((h) => h.clusterId === cluster.id);
      expect(byId(`cluster-${cluster.id}`)).toEqual({
        kind: 'cluster',
        id: `cluster-${cluster.id}`,
        name: cluster.name,
        datacenter: pool(cluster.hostPoolId),
        totalCpuMhz: hosts.reduce((n, h) => n + h.cpuCount * h.cpuCores * h.cpuFrequence, 0),
        totalMemoryMb: hosts.reduce((n, h) => n + h.memorySize, 0),
        numHosts: hosts.length,
        numVms: estate.vms.filter((v) => v.clusterId === cluster.id).length,
        haEnabled: cluster.enableHA,
        drsEnabled: cluster.enableLB,
      });
    }
    for (const template of estate.templates) {
      expect(byId(`vmtemplate-${template.id}`)).toMatchObject({
        kind: 'vm',
        name: template.name,
        isTemplate: true,
        powerState: 'poweredOff',
        cpuCount: template.cpu,
        memoryMb: template.memory,
        diskGb: template.disks[0]!.capacity / 1024,
        createdAt: utc(template.createDate),
      });
    }
  });

  it('h3c - paging follows the total CAS reports, not the page size asked for', () => {
    // 45 VMs at 7 a page: 7 pages, and each VM's detail once.
    expect(cas.stats.byRoute.get('/vm/vmList')).toBe(Math.ceil(VMS / 7));
    expect(cas.stats.byRoute.get('/vm/detail/{id}')).toBe(VMS);
  });

  it('h3c - answers in XML read the same as in JSON', async () => {
    const xmlCas = await startFakeCas({
      estate: cas.estate,
      maxPageSize: 7,
      xmlOnly: [
        '/version',
        '/hostpool/all',
        '/cluster/clusters',
        '/cluster/hosts',
        '/vm/vmList',
        '/vmTemplate/vmTemplateList',
        ...cas.estate.vms.map((v) => `/vm/detail/${v.id}`),
      ],
    });
    try {
      const connector = connectorFor(xmlCas);
      const fromXml = await inventoryOf(connector);
      await connector.close();
      const sorted = (list: RawEntity[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));
      expect(sorted(fromXml)).toEqual(sorted(entities));
    } finally {
      await xmlCas.stop();
    }
  });

  it('h3c - a scope narrows the inventory to the cluster, host or VMs named', async () => {
    const connector = connectorFor(cas);
    const inCluster = await readAll(
      connector.inventory({ clusterIds: ['cluster-2'], hostIds: [], vmIds: [] }, new AbortController().signal),
    );
    const vmIds = inCluster.filter((e) => e.kind === 'vm').map((e) => e.id);
    expect(vmIds.sort()).toEqual(
      cas.estate.vms
        .filter((v) => v.clusterId === 2)
        .map((v) => `vm-${v.id}`)
        .sort(),
    );
    expect(inCluster.filter((e) => e.kind === 'cluster').map((e) => e.id)).toEqual(['cluster-2']);
    const oneVm = await readAll(
      connector.inventory({ clusterIds: [], hostIds: [], vmIds: ['vm-3'] }, new AbortController().signal),
    );
    expect(oneVm.filter((e) => e.kind === 'vm').map((e) => e.id)).toEqual(['vm-3']);
    await connector.close();
  });
});
