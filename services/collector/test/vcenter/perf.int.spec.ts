import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RawEntity, RawSample } from '@justfit/events';
import { startVcsim, type Vcsim } from '@justfit/testing/vcsim';
import { collectMetrics, DEFAULT_COUNTERS, type MetricsQuery } from '../../src/adapters/vcenter/perf/collect-metrics';
import { loadMaxQueryMetrics, loadPerfCatalogue } from '../../src/adapters/vcenter/perf/perf-catalogue';
import { VimClient } from '../../src/adapters/vcenter/vim-client';
import { collect, connectorFor, NO_SCOPE, ofKind, prepareEstate, LAB_ENDPOINTS } from './fixtures';

let sim: Vcsim;
let entities: RawEntity[];
let marked: Awaited<ReturnType<typeof prepareEstate>>;
const MINUTE = 60_000;

beforeAll(async () => {
  sim = await startVcsim({ clusters: 1, hosts: 2, vms: 3, standaloneHosts: 1 });
  marked = await prepareEstate(sim);
  const connector = connectorFor(sim);
  entities = (await collect(connector.inventory(NO_SCOPE))).items;
  await connector.close();
});
afterAll(async () => {
  await sim?.stop();
});

const key = (s: RawSample) => `${s.entityId}|${s.counter}|${s.instance}|${s.timestamp}`;

async function metrics(
  options: Parameters<typeof connectorFor>[1],
  request: { startTime: number; endTime: number; intervalSec: number; counters?: string[] },
) {
  const connector = connectorFor(sim, options);
  const { items, pages } = await collect(connector.metrics({ scope: NO_SCOPE, entities, counters: [], ...request }));
  await connector.close();
  return { samples: items, pages };
}

describe('vcenter performance', () => {
  it('vcenter - real-time samples for every default counter, named and unit-ed like govc metric.info, no -1', async () => {
    const endTime = Date.now();
    const startTime = endTime - 10 * MINUTE;
    const { samples } = await metrics({}, { startTime, endTime, intervalSec: 20 });
    expect(samples.length).toBeGreaterThan(0);
    expect(new Set(samples.map((s) => s.counter))).toEqual(new Set(DEFAULT_COUNTERS));
    expect(samples.some((s) => s.value === -1)).toBe(false);

    const info = JSON.parse(await sim.govc('metric.info', '-json', '-', ...DEFAULT_COUNTERS)) as Record<
      string,
      { counter: { unitInfo: { key: string } } }
    >;
    for (const s of samples) expect(s.unit).toBe(info[s.counter]!.counter.unitInfo.key);
    expect(samples.find((s) => s.counter === 'cpu.usage.average')!.unit).toBe('percent');
    expect(samples.find((s) => s.counter === 'mem.consumed.average')!.unit).toBe('kiloBytes');

    // Powered-on VMs and hosts only; the powered-off VM and the template have no real-time statistics.
    const poweredOn = ofKind(entities, 'vm')
      .filter((v) => v.powerState === 'poweredOn' && !v.isTemplate)
      .map((v) => v.id);
    const hosts = ofKind(entities, 'host').map((h) => h.id);
    expect(new Set(samples.filter((s) => s.entityType === 'vm').map((s) => s.entityId))).toEqual(new Set(poweredOn));
    expect(new Set(samples.filter((s) => s.entityType === 'host').map((s) => s.entityId))).toEqual(new Set(hosts));
    const skipped = ofKind(entities, 'vm').filter((v) =>
      [marked.poweredOff, marked.template].some((p) => p.endsWith(`/${v.name}`)),
    );
    expect(skipped).toHaveLength(2);
    expect(samples.some((s) => skipped.some((v) => v.id === s.entityId))).toBe(false);
    // virtualDisk counters are per VM only.
    expect(samples.some((s) => s.entityType === 'host' && s.counter.startsWith('virtualDisk.'))).toBe(false);

    // One sample per 20 s step in the window, whatever order vCenter listed them in.
    const series = samples.filter((s) => s.entityId === poweredOn[0] && s.counter === 'cpu.usage.average');
    const times = series.map((s) => s.timestamp).sort((a, b) => a - b);
    expect(new Set(times).size).toBe(times.length);
    expect(times.length).toBeGreaterThanOrEqual(30);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBe(20_000);
    expect(times[0]!).toBeGreaterThanOrEqual(startTime - 1000);
    expect(times.at(-1)!).toBeLessThanOrEqual(endTime);
  });

  it('vcenter - counter names resolve to this vCenter own ids, as govc sees them', async () => {
    const client = await VimClient.connect({
      url: sim.url,
      username: sim.username,
      password: sim.password,
      verifyTls: false,
      endpointPolicy: LAB_ENDPOINTS,
    });
    const catalogue = await loadPerfCatalogue(client);
    await client.close();
    const info = JSON.parse(await sim.govc('metric.info', '-json', '-', ...DEFAULT_COUNTERS)) as Record<
      string,
      { counter: { key: number } }
    >;
    for (const name of DEFAULT_COUNTERS) expect(catalogue.byName.get(name)?.key).toBe(info[name]!.counter.key);
    expect(catalogue.historicalIntervals).toEqual([300, 1800, 7200, 86400]);
  });

  it('vcenter - a historical interval returns 5-minute samples over an explicit window', async () => {
    const endTime = Date.now();
    const { samples } = await metrics(
      {},
      {
        startTime: endTime - 120 * MINUTE,
        endTime,
        intervalSec: 300,
        counters: ['cpu.usage.average', 'mem.usage.average'],
      },
    );
    expect(new Set(samples.map((s) => s.counter))).toEqual(new Set(['cpu.usage.average', 'mem.usage.average']));
    const vm = samples.find((s) => s.entityType === 'vm')!.entityId;
    const times = samples
      .filter((s) => s.entityId === vm && s.counter === 'cpu.usage.average')
      .map((s) => s.timestamp)
      .sort((a, b) => a - b);
    expect(times.length).toBeGreaterThanOrEqual(24);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBe(300_000);
  });

  it('vcenter - batches stay within maxQueryMetrics read from OptionManager and lose nothing', async () => {
    await sim.govc('option.set', 'config.vpxd.stats.maxQueryMetrics', '5');
    const client = await VimClient.connect({
      url: sim.url,
      username: sim.username,
      password: sim.password,
      verifyTls: false,
      endpointPolicy: LAB_ENDPOINTS,
    });
    try {
      expect(await loadMaxQueryMetrics(client)).toBe(5);
      const catalogue = await loadPerfCatalogue(client);
      const perCall: number[] = [];
      const call = client.call.bind(client);
      client.call = (async (...args: Parameters<VimClient['call']>) => {
        if (args[0] === 'QueryPerf') {
          const specs = (args[2] as { querySpec: Array<{ metricId: unknown[] }> }).querySpec;
          perCall.push(specs.reduce((n, s) => n + s.metricId.length, 0));
        }
        return call(...args);
      }) as VimClient['call'];
      const endTime = Date.now();
      const query: MetricsQuery = {
        targets: ofKind(entities, 'vm')
          .filter((v) => v.powerState === 'poweredOn')
          .map((v) => ({ id: v.id, kind: 'vm' as const })),
        startTime: endTime - 60 * MINUTE,
        endTime,
        intervalSec: 300,
        counters: ['cpu.usage.average', 'cpu.ready.summation', 'mem.usage.average'],
      };
      const limited = (await collect(collectMetrics(client, catalogue, 5, query))).items;
      expect(perCall.length).toBeGreaterThan(1);
      expect(Math.max(...perCall)).toBeLessThanOrEqual(5);
      perCall.length = 0;
      const unlimited = (await collect(collectMetrics(client, catalogue, 1000, query))).items;
      expect(perCall).toHaveLength(1);
      expect(new Set(limited.map(key))).toEqual(new Set(unlimited.map(key)));
      expect(limited.length).toBe(query.targets.length * 3 * new Set(limited.map((s) => s.timestamp)).size);
    } finally {
      await client.close();
      await sim.govc('option.set', 'config.vpxd.stats.maxQueryMetrics', '0');
    }
  });

  it('vcenter - normal and CSV formats yield the same samples', async () => {
    const endTime = Date.now();
    const request = {
      startTime: endTime - 5 * MINUTE,
      endTime,
      intervalSec: 20,
      counters: ['cpu.usage.average', 'net.usage.average'],
    };
    const csv = await metrics({ format: 'csv' }, request);
    const normal = await metrics({ format: 'normal' }, request);
    expect(csv.samples.length).toBeGreaterThan(0);
    expect(new Set(normal.samples.map(key))).toEqual(new Set(csv.samples.map(key)));
  });

  it('vcenter - unknown counters are refused with 400, and known ones in the list still work', async () => {
    const endTime = Date.now();
    const mixed = await metrics(
      {},
      { startTime: endTime - 5 * MINUTE, endTime, intervalSec: 20, counters: ['cpu.usage.average', 'no.such.counter'] },
    );
    expect(new Set(mixed.samples.map((s) => s.counter))).toEqual(new Set(['cpu.usage.average']));
    const error = await metrics(
      {},
      { startTime: endTime - 5 * MINUTE, endTime, intervalSec: 20, counters: ['no.such.counter'] },
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as { code?: number }).code).toBe(400);
  });

  it('vcenter - scoped metrics cover only the VMs and hosts in scope and come in bounded batches', async () => {
    const vm = ofKind(entities, 'vm').find((v) => v.powerState === 'poweredOn' && v.clusterId)!;
    const connector = connectorFor(sim, { samplesPerBatch: 50 });
    const endTime = Date.now();
    const { items, pages } = await collect(
      connector.metrics({
        scope: { ...NO_SCOPE, vmIds: [vm.id] },
        entities: ofKind(entities, 'vm'),
        startTime: endTime - 10 * MINUTE,
        endTime,
        intervalSec: 20,
        counters: ['cpu.usage.average'],
      }),
    );
    await connector.close();
    expect(new Set(items.map((s) => s.entityId))).toEqual(new Set([vm.id]));
    expect(pages).toBeGreaterThan(0);
    expect(items.length).toBeLessThanOrEqual(pages * 50);
  });
});
