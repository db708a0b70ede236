import {
  type InventoryHost,
  type InventoryVm,
  insertInventory,
  insertNewSamples,
  type MetricSample,
} from '@justfit/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GraphQLHarness, startGraphQLHarness } from './graphql-harness';

const T0 = Date.UTC(2026, 9, 5);
const HOUR = 3_600_000;

const host = (id: string, clusterId: string | null, over: Partial<InventoryHost> = {}): InventoryHost => ({
  connectionId: 'c-inv',
  taskId: 't1',
  observedAt: T0,
  id,
  name: `esx-${id}`,
  datacenter: 'dc',
  clusterId,
  ipAddress: `10.0.0.${id.length}`,
  cpuCores: 32,
  cpuMhz: 83_200,
  memoryMb: 262_144,
  numVms: 2,
  powerState: 'poweredOn',
  connectionState: 'connected',
  overallStatus: 'green',
  ...over,
});
const vm = (id: string, hostId: string, clusterId: string, over: Partial<InventoryVm> = {}): InventoryVm => ({
  connectionId: 'c-inv',
  taskId: 't1',
  observedAt: T0,
  id,
  name: `app-${id}`,
  datacenter: 'dc',
  clusterId,
  hostId,
  uuid: `u-${id}`,
  cpuCount: 4,
  memoryMb: 8192,
  diskGb: 100,
  powerState: 'poweredOn',
  guestOs: 'linux',
  ipAddress: '',
  isTemplate: false,
  overallStatus: 'green',
  toolsStatus: 'toolsOk',
  createdAt: null,
  powerStateChangedAt: null,
  ...over,
});

describe('inventory and metrics over GraphQL', () => {
  let h: GraphQLHarness;
  beforeAll(async () => {
    h = await startGraphQLHarness();
    const c = h.ch.client;
    await insertInventory(c, 'cluster', [
      {
        connectionId: 'c-inv',
        taskId: 't1',
        observedAt: T0,
        id: 'cl-1',
        name: 'prod',
        datacenter: 'dc',
        totalCpuMhz: 1,
        totalMemoryMb: 1,
        numHosts: 2,
        numVms: 3,
        haEnabled: true,
        drsEnabled: true,
      },
      {
        connectionId: 'c-inv',
        taskId: 't1',
        observedAt: T0,
        id: 'cl-2',
        name: 'dev',
        datacenter: 'dc',
        totalCpuMhz: 1,
        totalMemoryMb: 1,
        numHosts: 1,
        numVms: 0,
        haEnabled: false,
        drsEnabled: false,
      },
    ]);
    await insertInventory(c, 'host', [
      host('h-1', 'cl-1'),
      host('h-2', 'cl-1', { powerState: 'maintenance' }),
      host('h-3', null),
    ]);
    await insertInventory(c, 'vm', [
      vm('vm-1', 'h-1', 'cl-1'),
      vm('vm-2', 'h-2', 'cl-1', { isTemplate: true }),
      vm('vm-3', 'h-1', 'cl-1'),
    ]);
    await insertInventory(c, 'vm', [
      vm('vm-3', 'h-2', 'cl-1', { observedAt: T0 + HOUR, cpuCount: 2, powerState: 'poweredOff' }),
    ]);
    // Two days of 5-minute CPU samples for vm-1: value = the minute of the hour (0..55).
    const samples: MetricSample[] = Array.from({ length: 2 * 288 }, (_, i) => ({
      connectionId: 'c-inv',
      entityType: 'vm',
      entityId: 'vm-1',
      metric: 'cpu.usage_pct',
      ts: T0 + i * 300_000,
      value: (i % 12) * 5,
    }));
    await insertNewSamples(c, samples);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('ListClusters, ListHosts, ListVMs - filters, name search, paging and the names of parents', async () => {
    const { data } = await h.request(`{
      clusters(filter: { search: "PRO" }) { total items { id name numHosts } }
      hosts(filter: { clusterId: "cl-1" }, page: 2, pageSize: 1) { total page pageSize items { id clusterName } }
      maintenance: hosts(filter: { powerState: "maintenance" }) { items { id } }
      vms(filter: { connectionId: "c-inv", isTemplate: false }) { total items { id hostName clusterName cpuCount powerState } }
    }`);
    expect(data).toEqual({
      clusters: { total: 1, items: [{ id: 'cl-1', name: 'prod', numHosts: 2 }] },
      hosts: { total: 2, page: 2, pageSize: 1, items: [{ id: 'h-2', clusterName: 'prod' }] },
      maintenance: { items: [{ id: 'h-2' }] },
      vms: {
        total: 2,
        items: [
          { id: 'vm-1', hostName: 'esx-h-1', clusterName: 'prod', cpuCount: 4, powerState: 'poweredOn' },
          { id: 'vm-3', hostName: 'esx-h-2', clusterName: 'prod', cpuCount: 2, powerState: 'poweredOff' },
        ],
      },
    });
  });

  it('GetMetrics - a series per metric aggregated over the interval, from the rollups for hour steps', async () => {
    const query = `query($agg: MetricAggregation, $interval: Int) {
      metrics(entityType: vm, entityId: "vm-1", startTime: ${T0}, endTime: ${T0 + 3 * HOUR}, aggregation: $agg, interval: $interval) {
        connectionId metrics { name unit source intervalSec datapoints { timestamp value } } } }`;
    const hourly = await h.request<{
      metrics: { connectionId: string; metrics: Array<{ source: string; datapoints: Array<{ value: number }> }> };
    }>(query, { agg: 'max', interval: 3600 });
    expect(hourly.data!.metrics.connectionId).toBe('c-inv');
    expect(hourly.data!.metrics.metrics[0]).toMatchObject({ source: 'hourly', intervalSec: 3600, unit: 'percent' });
    expect(hourly.data!.metrics.metrics[0]!.datapoints.map((p) => p.value)).toEqual([55, 55, 55]);
    const raw = await h.request<{
      metrics: { metrics: Array<{ source: string; datapoints: Array<{ value: number }> }> };
    }>(query, { agg: 'avg', interval: 1800 });
    expect(raw.data!.metrics.metrics[0]!.source).toBe('raw');
    expect(raw.data!.metrics.metrics[0]!.datapoints.slice(0, 2).map((p) => p.value)).toEqual([12.5, 42.5]);
  });

  it('GetEntityDetail - the latest state with avg, max, min, p95 and current per metric', async () => {
    const { data } = await h.request<{ entityDetail: Record<string, unknown> }>(
      `{ entityDetail(entityType: vm, entityId: "vm-1") { connectionId name info startTime endTime metrics { name unit avg max min p95 current samples } alerts { id } } }`,
    );
    const detail = data!.entityDetail as {
      info: Record<string, unknown>;
      metrics: Array<Record<string, number>>;
      endTime: number;
    };
    expect(detail).toMatchObject({
      connectionId: 'c-inv',
      name: 'app-vm-1',
      alerts: [],
      endTime: T0 + (2 * 288 - 1) * 300_000 + 1,
    });
    expect(detail.info).toMatchObject({ id: 'vm-1', cpuCount: 4, hostId: 'h-1' });
    expect(detail.metrics).toEqual([
      {
        name: 'cpu.usage_pct',
        unit: 'percent',
        avg: 27.5,
        max: 55,
        min: 0,
        p95: expect.closeTo(55, 0),
        current: 55,
        samples: 576,
      },
    ]);
  });

  it('errors - bad input is 400, an unknown entity 404, each with the trace id', async () => {
    const cases: Array<[string, number, RegExp]> = [
      ['{ hosts(page: 0) { total } }', 400, /page must be/],
      ['{ datastores(pageSize: 5000) { total } }', 400, /pageSize/],
      [
        '{ metrics(entityType: vm, entityId: "vm-1", metricNames: ["cpu.bogus"]) { entityId } }',
        400,
        /unknown metric cpu.bogus/,
      ],
      [
        `{ metrics(entityType: vm, entityId: "vm-1", startTime: ${T0 + HOUR}, endTime: ${T0}) { entityId } }`,
        400,
        /startTime must be before endTime/,
      ],
      [
        `{ metrics(entityType: vm, entityId: "vm-1", startTime: 0, endTime: ${T0}, interval: 60) { entityId } }`,
        400,
        /more than 10000 points/,
      ],
      ['{ entityDetail(entityType: vm, entityId: "vm-404") { name } }', 404, /no vm vm-404/],
    ];
    for (const [query, code, message] of cases) {
      const { errors } = await h.request(query);
      expect(errors?.[0], query).toMatchObject({
        message: expect.stringMatching(message),
        extensions: { code, traceId: 'trace-test' },
      });
    }
  });

  it('vmHistory - when a VM was moved, resized and powered off', async () => {
    const { data } = await h.request<{ vmHistory: { changes: Array<{ field: string; from: unknown; to: unknown }> } }>(
      '{ vmHistory(connectionId: "c-inv", vmId: "vm-3") { firstSeenAt lastSeenAt changes { observedAt field from to } } }',
    );
    expect(data!.vmHistory.changes.map((c) => [c.field, c.from, c.to])).toEqual([
      ['powerState', 'poweredOn', 'poweredOff'],
      ['cpuCount', 4, 2],
      ['hostId', 'h-1', 'h-2'],
    ]);
  });
});
