import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RawEntity } from '@justfit/events';
import { startVcsim, type Vcsim, type VcsimOptions } from '@justfit/testing/vcsim';
import {
  CLUSTER_PATHS,
  DATASTORE_PATHS,
  HOST_PATHS,
  VM_PATHS,
} from '../../src/adapters/vcenter/inventory/property-paths';
import {
  collect,
  connectorFor,
  govcCollect,
  type GovcObject,
  NO_SCOPE,
  ofKind,
  prepareEstate,
  terminateJustfitSessions,
} from './fixtures';

const MB = 1024 * 1024;
const GB = 1024 * MB;
const PAGE_SIZE = 3;

const sizes: Array<[string, VcsimOptions]> = [
  ['small estate', { clusters: 1, hosts: 2, vms: 3, standaloneHosts: 1 }],
  [
    'two-datacenter estate',
    { datacenters: 2, clusters: 2, hosts: 3, vms: 4, pools: 1, standaloneHosts: 1, datastores: 2 },
  ],
];

type Ref = { type: string; value: string };
const refOf = (o: GovcObject, path: string) => o.props[path] as Ref | undefined;

describe.each(sizes)('vcenter inventory (%s)', (_label, options) => {
  let sim: Vcsim;
  let marked: Awaited<ReturnType<typeof prepareEstate>>;
  let entities: RawEntity[];
  let pages: number;
  let govc: {
    vms: Map<string, GovcObject>;
    hosts: Map<string, GovcObject>;
    clusters: Map<string, GovcObject>;
    datastores: Map<string, GovcObject>;
  };
  /** moref → datacenter name, from the inventory path govc prints for it. */
  const datacenterOf = new Map<string, string>();

  beforeAll(async () => {
    sim = await startVcsim(options);
    marked = await prepareEstate(sim);
    const connector = connectorFor(sim, { pageSize: PAGE_SIZE });
    ({ items: entities, pages } = await collect(connector.inventory(NO_SCOPE)));
    await connector.close();
    govc = {
      vms: await govcCollect(sim, 'm', VM_PATHS),
      hosts: await govcCollect(sim, 'h', HOST_PATHS),
      clusters: await govcCollect(sim, 'c', CLUSTER_PATHS),
      datastores: await govcCollect(sim, 's', DATASTORE_PATHS),
    };
    const refs = [govc.vms, govc.hosts, govc.clusters, govc.datastores].flatMap((m) =>
      [...m.values()].map((o) => `${o.obj.type}:${o.obj.value}`),
    );
    const paths = (await sim.govc('ls', '-L', ...refs)).split('\n').filter(Boolean);
    refs.forEach((ref, i) => datacenterOf.set(ref.split(':')[1]!, paths[i]!.split('/')[1]!));
  });
  afterAll(async () => {
    await sim?.stop();
  });

  it('vcenter - reports exactly the objects govc finds, in several pages', async () => {
    const ids = (kind: RawEntity['kind']) =>
      ofKind(entities, kind)
        .map((e) => e.id)
        .sort();
    expect(ids('vm')).toEqual([...govc.vms.keys()].sort());
    expect(ids('host')).toEqual([...govc.hosts.keys()].sort());
    expect(ids('cluster')).toEqual([...govc.clusters.keys()].sort());
    expect(ids('datastore')).toEqual([...govc.datastores.keys()].sort());
    expect(new Set(entities.map((e) => e.id)).size).toBe(entities.length);
    expect(pages).toBeGreaterThan(Math.ceil(govc.vms.size / PAGE_SIZE) - 1);
  });

  it('vcenter - VMs match govc object.collect field by field', () => {
    for (const vm of ofKind(entities, 'vm')) {
      const g = govc.vms.get(vm.id)!.props;
      const hostId = refOf(govc.vms.get(vm.id)!, 'runtime.host')?.value ?? null;
      const hostParent = hostId ? refOf(govc.hosts.get(hostId)!, 'parent') : undefined;
      expect(vm).toEqual({
        kind: 'vm',
        id: vm.id,
        name: g.name,
        datacenter: datacenterOf.get(vm.id),
        hostId,
        clusterId: hostParent?.type === 'ClusterComputeResource' ? hostParent.value : null,
        uuid: g['summary.config.uuid'],
        cpuCount: g['summary.config.numCpu'],
        memoryMb: g['summary.config.memorySizeMB'],
        diskGb: ((g['summary.storage.committed'] as number) + (g['summary.storage.uncommitted'] as number)) / GB,
        powerState: g['runtime.powerState'],
        guestOs: g['summary.config.guestFullName'],
        ipAddress: g['guest.ipAddress'] ?? '',
        isTemplate: g['summary.config.template'],
        overallStatus: g.overallStatus,
        toolsStatus: g['guest.toolsStatus'],
        createdAt: Date.parse(g['config.createDate'] as string),
        powerStateChangedAt:
          g['runtime.bootTime'] && g['runtime.powerState'] === 'poweredOn'
            ? Date.parse(g['runtime.bootTime'] as string)
            : null,
      });
    }
  });

  it('vcenter - includes powered-off VMs and flags the template, as govc vm.info shows them', async () => {
    const byName = (path: string) => ofKind(entities, 'vm').find((v) => v.name === path.split('/').at(-1))!;
    const off = byName(marked.poweredOff);
    const template = byName(marked.template);
    expect(off).toMatchObject({ powerState: 'poweredOff', isTemplate: false });
    expect(template).toMatchObject({ powerState: 'poweredOff', isTemplate: true });
    expect(ofKind(entities, 'vm').filter((v) => v.isTemplate)).toHaveLength(1);
    expect(byName(marked.withIp).ipAddress).toBe('10.20.30.40');

    const info = JSON.parse(await sim.govc('vm.info', '-json', marked.template, marked.poweredOff)) as {
      virtualMachines: Array<{
        self: Ref;
        name: string;
        config: { template: boolean; uuid: string; hardware: { numCPU: number; memoryMB: number } };
        runtime: { powerState: string };
      }>;
    };
    for (const vm of info.virtualMachines) {
      const ours = ofKind(entities, 'vm').find((v) => v.id === vm.self.value)!;
      expect(ours).toMatchObject({
        name: vm.name,
        isTemplate: vm.config.template,
        uuid: vm.config.uuid,
        powerState: vm.runtime.powerState,
        cpuCount: vm.config.hardware.numCPU,
        memoryMb: vm.config.hardware.memoryMB,
      });
    }
  });

  it('vcenter - hosts match govc, with total MHz, MB and their VM counts', () => {
    const vmsOn = (hostId: string) =>
      [...govc.vms.values()].filter((v) => refOf(v, 'runtime.host')?.value === hostId).length;
    for (const host of ofKind(entities, 'host')) {
      const o = govc.hosts.get(host.id)!;
      const g = o.props;
      const parent = refOf(o, 'parent')!;
      // govc wraps array values as { _value: [...] }
      const vnics =
        (g['config.network.vnic'] as { _value?: Array<{ device: string; spec: { ip: { ipAddress: string } } }> })
          ?._value ?? [];
      expect(host).toEqual({
        kind: 'host',
        id: host.id,
        name: g.name,
        datacenter: datacenterOf.get(host.id),
        clusterId: parent.type === 'ClusterComputeResource' ? parent.value : null,
        ipAddress: (vnics.find((n) => n.device === 'vmk0') ?? vnics[0])?.spec.ip.ipAddress ?? '',
        cpuCores: g['summary.hardware.numCpuCores'],
        cpuMhz: (g['summary.hardware.cpuMhz'] as number) * (g['summary.hardware.numCpuCores'] as number),
        memoryMb: (g['summary.hardware.memorySize'] as number) / MB,
        numVms: vmsOn(host.id),
        powerState: g['runtime.powerState'],
        connectionState: g['runtime.connectionState'],
        overallStatus: g.overallStatus,
      });
    }
  });

  it('vcenter - clusters and datastores match govc', () => {
    const hosts = ofKind(entities, 'host');
    for (const cluster of ofKind(entities, 'cluster')) {
      const g = govc.clusters.get(cluster.id)!.props;
      const config = g.configurationEx as { dasConfig?: { enabled?: boolean }; drsConfig?: { enabled?: boolean } };
      expect(cluster).toEqual({
        kind: 'cluster',
        id: cluster.id,
        name: g.name,
        datacenter: datacenterOf.get(cluster.id),
        totalCpuMhz: g['summary.totalCpu'],
        totalMemoryMb: (g['summary.totalMemory'] as number) / MB,
        numHosts: g['summary.numHosts'],
        numVms: hosts.filter((h) => h.clusterId === cluster.id).reduce((n, h) => n + h.numVms, 0),
        haEnabled: config.dasConfig?.enabled === true,
        drsEnabled: config.drsConfig?.enabled === true,
      });
      expect(cluster.numHosts).toBe(hosts.filter((h) => h.clusterId === cluster.id).length);
    }
    for (const ds of ofKind(entities, 'datastore')) {
      const g = govc.datastores.get(ds.id)!.props;
      expect(ds).toEqual({
        kind: 'datastore',
        id: ds.id,
        name: g.name,
        datacenter: datacenterOf.get(ds.id),
        type: g['summary.type'],
        capacityGb: (g['summary.capacity'] as number) / GB,
        freeGb: (g['summary.freeSpace'] as number) / GB,
      });
    }
  });

  it('vcenter - a cluster scope keeps only that cluster, its hosts and its VMs', async () => {
    const cluster = ofKind(entities, 'cluster')[0]!;
    const connector = connectorFor(sim, { pageSize: PAGE_SIZE });
    const { items } = await collect(connector.inventory({ ...NO_SCOPE, clusterIds: [cluster.id] }));
    await connector.close();
    expect(ofKind(items, 'cluster').map((c) => c.id)).toEqual([cluster.id]);
    expect(ofKind(items, 'host').every((h) => h.clusterId === cluster.id)).toBe(true);
    expect(
      ofKind(items, 'vm')
        .map((v) => v.id)
        .sort(),
    ).toEqual(
      ofKind(entities, 'vm')
        .filter((v) => v.clusterId === cluster.id)
        .map((v) => v.id)
        .sort(),
    );
  });

  it('vcenter - paging survives the session being terminated half way', async () => {
    const connector = connectorFor(sim, { pageSize: PAGE_SIZE });
    const seen: RawEntity[] = [];
    let terminated = 0;
    for await (const page of connector.inventory(NO_SCOPE)) {
      seen.push(...page);
      if (!terminated) terminated = await terminateJustfitSessions(sim);
    }
    await connector.close();
    expect(terminated).toBe(1);
    expect(seen.map((e) => e.id).sort()).toEqual(entities.map((e) => e.id).sort());
  });
});
