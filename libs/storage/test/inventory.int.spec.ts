import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertInventory, listClusters, listHosts, listVms, migrate, vmHistory } from '@justfit/storage';
import { startTestClickHouse, type TestClickHouse } from '@justfit/testing/clickhouse';
import { clusterObservation, hostObservation, MINUTE, T0, vmObservation } from './fixtures/inventory';

describe('inventory', () => {
  let ch: TestClickHouse;
  beforeAll(async () => {
    ch = await startTestClickHouse();
    await migrate(ch.client);
    // 25 VMs on two connections, observed twice; the second observation is the latest state.
    const first = Array.from({ length: 25 }, (_, i) =>
      vmObservation({
        id: `vm-${String(i).padStart(2, '0')}`,
        connectionId: i < 20 ? 'conn-a' : 'conn-b',
        clusterId: i % 2 === 0 ? 'cl-even' : 'cl-odd',
        hostId: i < 10 ? 'host-1' : 'host-2',
        ipAddress: `10.0.0.${i}`,
      }),
    );
    await insertInventory(ch.client, 'vm', first);
    await insertInventory(
      ch.client,
      'vm',
      first.map((vm, i) => ({
        ...vm,
        observedAt: T0 + 5 * MINUTE,
        powerState: i % 5 === 0 ? 'poweredOff' : 'poweredOn',
        name: i === 7 ? 'Payroll-DB' : vm.name,
      })),
    );
    await insertInventory(ch.client, 'host', [
      hostObservation({ id: 'host-1' }),
      hostObservation({ id: 'host-2', clusterId: null }),
    ]);
    await insertInventory(ch.client, 'cluster', [
      clusterObservation({ id: 'cl-even' }),
      clusterObservation({ id: 'cl-odd', connectionId: 'conn-b' }),
    ]);
  });
  afterAll(async () => {
    await ch?.stop();
  });

  it('listVms - returns the latest state of each VM with the total', async () => {
    const page = await listVms(ch.client, { page: 1, pageSize: 100 });
    expect(page.total).toBe(25);
    expect(page.items).toHaveLength(25);
    const vm7 = page.items.find((vm) => vm.id === 'vm-07')!;
    expect(vm7).toMatchObject({
      name: 'Payroll-DB',
      observedAt: T0 + 5 * MINUTE,
      isTemplate: false,
      createdAt: T0 - 86_400_000,
      powerStateChangedAt: null,
    });
  });

  it('listVms - filters by connection, cluster, host and power state', async () => {
    expect((await listVms(ch.client, { connectionId: 'conn-b', page: 1, pageSize: 50 })).total).toBe(5);
    expect((await listVms(ch.client, { clusterId: 'cl-even', hostId: 'host-1', page: 1, pageSize: 50 })).total).toBe(5);
    const off = await listVms(ch.client, { powerState: 'poweredOff', page: 1, pageSize: 50 });
    expect(off.items.map((vm) => vm.id)).toEqual(['vm-00', 'vm-05', 'vm-10', 'vm-15', 'vm-20']);
  });

  it('listVms - searches name, id and IP case-insensitively', async () => {
    expect((await listVms(ch.client, { search: 'payroll', page: 1, pageSize: 10 })).items.map((vm) => vm.id)).toEqual([
      'vm-07',
    ]);
    expect((await listVms(ch.client, { search: '10.0.0.2', page: 1, pageSize: 10 })).total).toBe(6);
    const injection = await listVms(ch.client, { search: "x' OR 1=1 --", page: 1, pageSize: 10 });
    expect(injection.total).toBe(0);
  });

  it('listVms - pages in name order', async () => {
    const pages = await Promise.all([1, 2, 3].map((page) => listVms(ch.client, { page, pageSize: 10 })));
    expect(pages.map((p) => p.items.length)).toEqual([10, 10, 5]);
    expect(pages.every((p) => p.total === 25)).toBe(true);
    const ids = pages.flatMap((p) => p.items.map((vm) => vm.name));
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(25);
    await expect(listVms(ch.client, { page: 0, pageSize: 10 })).rejects.toThrow(RangeError);
  });

  it('listHosts and listClusters - latest state with filters', async () => {
    const hosts = await listHosts(ch.client, { page: 1, pageSize: 10 });
    expect(hosts.items.map((h) => [h.id, h.clusterId])).toEqual([
      ['host-1', 'cl-1'],
      ['host-2', null],
    ]);
    expect(
      (await listClusters(ch.client, { connectionId: 'conn-b', page: 1, pageSize: 10 })).items.map((c) => c.id),
    ).toEqual(['cl-odd']);
    expect((await listClusters(ch.client, { page: 1, pageSize: 10 })).items[0]).toMatchObject({
      haEnabled: true,
      drsEnabled: false,
    });
  });

  it('inventory history - answers when a VM was powered off and resized', async () => {
    const id = 'vm-history';
    const at = (minutes: number) => T0 + minutes * MINUTE;
    const observations = [
      vmObservation({ id, observedAt: at(0) }),
      vmObservation({ id, observedAt: at(5) }),
      vmObservation({ id, observedAt: at(10), powerState: 'poweredOff', powerStateChangedAt: at(8) }),
      vmObservation({ id, observedAt: at(15), powerState: 'poweredOff', powerStateChangedAt: at(8) }),
      vmObservation({
        id,
        observedAt: at(20),
        powerState: 'poweredOff',
        powerStateChangedAt: at(8),
        cpuCount: 4,
        memoryMb: 8192,
      }),
      vmObservation({
        id,
        observedAt: at(25),
        powerState: 'poweredOn',
        powerStateChangedAt: at(24),
        cpuCount: 4,
        memoryMb: 8192,
      }),
      vmObservation({
        id,
        observedAt: at(30),
        powerState: 'poweredOn',
        powerStateChangedAt: at(24),
        cpuCount: 4,
        memoryMb: 8192,
      }),
    ];
    await insertInventory(ch.client, 'vm', observations);
    await insertInventory(ch.client, 'vm', observations.slice(2, 3)); // a re-delivered observation changes nothing
    await insertInventory(ch.client, 'vm', [{ ...observations[6]!, observedAt: at(35), deleted: true }]);

    const history = await vmHistory(ch.client, { connectionId: 'conn-a', vmId: id });
    expect(history.firstSeenAt).toBe(at(0));
    expect(history.lastSeenAt).toBe(at(35));
    expect(history.changes).toEqual([
      { observedAt: at(10), field: 'powerState', from: 'poweredOn', to: 'poweredOff', reportedAt: at(8) },
      { observedAt: at(20), field: 'cpuCount', from: 2, to: 4, reportedAt: null },
      { observedAt: at(20), field: 'memoryMb', from: 4096, to: 8192, reportedAt: null },
      { observedAt: at(25), field: 'powerState', from: 'poweredOff', to: 'poweredOn', reportedAt: at(24) },
      { observedAt: at(35), field: 'deleted', from: false, to: true, reportedAt: null },
    ]);
    const poweredOff = history.changes.find((c) => c.field === 'powerState' && c.to === 'poweredOff');
    expect(poweredOff?.reportedAt).toBe(at(8));
    expect((await listVms(ch.client, { search: id, page: 1, pageSize: 10 })).total).toBe(0);

    const window = await vmHistory(ch.client, { connectionId: 'conn-a', vmId: id, from: at(12), to: at(30) });
    expect(window.changes.map((c) => c.field)).toEqual(['cpuCount', 'memoryMb', 'powerState']);
  });
});
