import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  FindingBody,
  HealthEvidence,
  RightsizeEvidence,
  TidalEvidence,
  ZombieEvidence,
} from '@justfit/events';
import {
  type InventoryCluster,
  type InventoryHost,
  insertInventory,
  insertSamples,
  type MetricSample,
  migrate,
} from '@justfit/storage';
import { startTestClickHouse, type TestClickHouse } from '@justfit/testing/clickhouse';
import { healthCandidates } from '../src/health/health-analysis';
import type { PlacedVm } from '../src/estate/vm';
import { idRanges, queryScope } from '../src/estate/query-scope';
import {
  DEFAULT_HEALTH_POLICY,
  DEFAULT_RIGHTSIZE_POLICY,
  DEFAULT_TIDAL_POLICY,
  DEFAULT_ZOMBIE_POLICY,
} from '../src/policies/policy';
import { queryVmUsage } from '../src/rightsize/rightsize.query';
import { rightsizeCandidates } from '../src/rightsize/rightsize-analysis';
import { tidalCandidates } from '../src/tidal/tidal-analysis';
import { queryHourlySeries } from '../src/tidal/tidal.query';
import { queryVmIdleness } from '../src/zombie/zombie.query';
import { zombieCandidates } from '../src/zombie/zombie-analysis';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Midnight UTC today: recent enough for the 400-day TTL, and whole days for the daily rollup. */
const NOW = Math.floor(Date.now() / DAY) * DAY;
const CONN = 'conn-a';
/** A tidal run over CONN with the default policy, its window ending now. */
const TIDAL_RUN = {
  policy: DEFAULT_TIDAL_POLICY,
  prices: DEFAULT_SETTINGS.currencyAndPrices,
  asOf: NOW,
  now: NOW,
  runId: 'run-1',
  connectionId: CONN,
};

const vm = (id: string, overrides: Partial<PlacedVm> = {}): PlacedVm => ({
  connectionId: CONN,
  id,
  name: `vm-${id}`,
  powerState: 'poweredOn',
  isTemplate: false,
  cpuCount: 8,
  memoryMb: 16_384,
  diskGb: 50,
  powerStateChangedAt: null,
  clusterId: 'cl-1',
  hostId: 'h1',
  ...overrides,
});

/** Samples every `stepMin` minutes over `days` days before NOW, one value function per metric. */
function samples(
  entityType: MetricSample['entityType'],
  entityId: string,
  days: number,
  stepMin: number,
  metrics: Record<string, (ts: number, i: number) => number>,
): MetricSample[] {
  const out: MetricSample[] = [];
  const count = (days * 24 * 60) / stepMin;
  for (let i = 0; i < count; i++) {
    const ts = NOW - days * DAY + i * stepMin * 60_000;
    for (const [metric, value] of Object.entries(metrics))
      out.push({ connectionId: CONN, entityType, entityId, metric, ts, value: value(ts, i) });
  }
  return out;
}

const wobble = (i: number, amplitude: number) => amplitude * Math.sin(i * 1.7) * Math.cos(i * 0.31);
const hourOfDay = (ts: number) => new Date(ts).getUTCHours();

describe('analyses on ClickHouse', () => {
  let ch: TestClickHouse;
  beforeAll(async () => {
    ch = await startTestClickHouse();
    await migrate(ch.client);
    await insertSamples(ch.client, [
      // Oversized: 8 vCPU at ~10 %, 3 GB active of 16 GB.
      ...samples('vm', 'big', 10, 15, {
        'cpu.usage_pct': (_ts, i) => 10 + wobble(i, 2),
        'cpu.ready_pct': () => 2,
        'mem.active_mb': (_ts, i) => 3000 + wobble(i, 100),
        'mem.consumed_mb': () => 15_000,
      }),
      // Fits: 4 vCPU at ~68 % (2.8 cores + 20 % headroom needs all 4), 6 GB active of 8 GB.
      ...samples('vm', 'fit', 10, 15, {
        'cpu.usage_pct': (_ts, i) => 68 + wobble(i, 2),
        'cpu.ready_pct': () => 1,
        'mem.active_mb': () => 6000,
        'mem.consumed_mb': () => 8000,
      }),
      // Three days only: too little history for right-sizing.
      ...samples('vm', 'new', 3, 15, { 'cpu.usage_pct': () => 5, 'mem.active_mb': () => 500 }),
      // Tidal: office hours every day for 28 days; steady: flat with noise.
      ...samples('vm', 'office', 28, 30, {
        'cpu.usage_pct': (ts, i) => (hourOfDay(ts) >= 8 && hourOfDay(ts) < 18 ? 55 : 8) + wobble(i, 4),
      }),
      ...samples('vm', 'steady', 28, 30, { 'cpu.usage_pct': (_ts, i) => 40 + wobble(i, 6) }),
      // Hosts: h1 hot all the time, h2..h4 moderate.
      ...['h1', 'h2', 'h3', 'h4'].flatMap((id) =>
        samples('host', id, 7, 60, {
          'cpu.usage_pct': (_ts, i) => (id === 'h1' ? 92 : 35) + wobble(i, 3),
          'mem.usage_pct': () => 50,
        }),
      ),
    ]);
    const host = (id: string): InventoryHost => ({
      connectionId: CONN,
      taskId: 't1',
      observedAt: NOW - HOUR,
      id,
      name: `esx-${id}`,
      datacenter: 'dc1',
      clusterId: 'cl-1',
      ipAddress: '10.0.0.1',
      cpuCores: 32,
      cpuMhz: 2600,
      memoryMb: 262_144,
      numVms: 10,
      powerState: 'poweredOn',
      connectionState: 'connected',
      overallStatus: 'green',
    });
    await insertInventory(ch.client, 'host', ['h1', 'h2', 'h3', 'h4'].map(host));
    const cluster: InventoryCluster = {
      connectionId: CONN,
      taskId: 't1',
      observedAt: NOW - HOUR,
      id: 'cl-1',
      name: 'prod',
      datacenter: 'dc1',
      totalCpuMhz: 0,
      totalMemoryMb: 0,
      numHosts: 4,
      numVms: 3,
      haEnabled: true,
      drsEnabled: false,
    };
    await insertInventory(ch.client, 'cluster', [cluster, { ...cluster, id: 'cl-empty', name: 'empty' }]);
  });
  afterAll(async () => {
    await ch?.stop();
  });

  it('right-size - the daily rollup gives the CPU percentile of the 5-minute samples and the memory peaks', async () => {
    const [big] = await queryVmUsage(ch.client, {
      policy: DEFAULT_RIGHTSIZE_POLICY,
      asOf: NOW,
      connectionId: CONN,
      entityIds: ['big'],
    });
    expect(big).toMatchObject({
      connectionId: CONN,
      entityId: 'big',
      days: 10,
      cpuSamples: 960,
      readyAvgPct: 2,
      memConsumedMaxMb: 15_000,
    });
    expect(big!.cpuUsagePctile).toBeGreaterThan(11);
    expect(big!.cpuUsagePctile).toBeLessThan(12.1);
    expect(big!.memActiveMaxMb).toBeGreaterThan(3050);
    expect(big!.memActiveHourlyMaxMb).toBeGreaterThan(3000);
    expect(big!.memActiveHourlyMaxMb).toBeLessThan(big!.memActiveMaxMb);
  });

  it('right-size - the highest hourly average merges an hour split over several inserts before taking the maximum', async () => {
    // Each hour: samples at :00-:25 valued 1000 in one insert, samples at :30-:55 valued 3000 in another → average 2000.
    const half = (offsetMin: number, value: number) =>
      samples('vm', 'split', 8, 60, { 'mem.active_mb': () => value, 'cpu.usage_pct': () => 10 }).flatMap((sample) =>
        Array.from({ length: 6 }, (_, k) => ({ ...sample, ts: sample.ts + (offsetMin + k * 5) * 60_000 })),
      );
    await insertSamples(ch.client, half(0, 1000));
    await insertSamples(ch.client, half(30, 3000));
    const [split] = await queryVmUsage(ch.client, {
      policy: DEFAULT_RIGHTSIZE_POLICY,
      asOf: NOW,
      connectionId: CONN,
      entityIds: ['split'],
    });
    expect(split).toMatchObject({ memActiveMaxMb: 3000, memActiveHourlyMaxMb: 2000 });
  });

  it('right-size - candidates: a body for the oversized VM, none for the fitting one, skipped for short history', async () => {
    const candidates = await rightsizeCandidates(
      ch.client,
      [vm('big'), vm('fit', { cpuCount: 4, memoryMb: 8192 }), vm('new')],
      {
        policy: DEFAULT_RIGHTSIZE_POLICY,
        prices: DEFAULT_SETTINGS.currencyAndPrices,
        asOf: NOW,
        now: NOW,
        runId: 'run-1',
        connectionId: CONN,
      },
    );
    const [big, fit, young] = candidates;
    expect(big?.findingId).toBe(`rightsize-${CONN}-big`);
    const body = FindingBody.parse(big?.body);
    expect(RightsizeEvidence.safeParse(body.evidence).success).toBe(true);
    expect(body).toMatchObject({
      analysisType: 'rightsize',
      entityType: 'vm',
      entityId: 'big',
      riskLevel: 'medium',
      policy: { name: 'rightsize-default', version: 1 },
      savings: { cpuCores: 6, memoryMb: 12_288 },
    });
    expect(body.evidence).toMatchObject({
      currentConfig: { vcpu: 8, mem: 16_384 },
      recommended: { vcpu: 2, mem: 4096 },
      basis: { percentile: 0.95, samples: 960, from: NOW - 10 * DAY, to: NOW },
    });
    expect(body.confidence).toBeLessThan(0.9);
    expect(fit).toEqual({ findingId: `rightsize-${CONN}-fit`, entityId: 'fit' });
    expect(young?.skipped).toMatch(/only 3 days of history/);
  });

  it('tidal - candidates: a daily tide for the office VM, nothing for the steady one', async () => {
    const [office, steady, none] = await tidalCandidates(
      ch.client,
      [vm('office'), vm('steady'), vm('nothing')],
      TIDAL_RUN,
    );
    const body = FindingBody.parse(office?.body);
    expect(TidalEvidence.safeParse(body.evidence).success).toBe(true);
    expect(body).toMatchObject({
      findingId: `tidal-${CONN}-office`,
      analysisType: 'tidal',
      policy: { name: 'tidal-default' },
    });
    expect(body.evidence).toMatchObject({ cycleType: 'daily', peakHours: [8, 9, 10, 11, 12, 13, 14, 15, 16, 17] });
    expect(body.savings.cpuCores).toBeGreaterThan(0);
    expect(steady).toEqual({ findingId: `tidal-${CONN}-steady`, entityId: 'steady' });
    expect(none?.skipped).toMatch(/no hourly history/);
  });

  it('tidal - an estate too large for one id list is read in id slices and keeps every VM its own series', async () => {
    const whole = await queryHourlySeries(ch.client, { policy: DEFAULT_TIDAL_POLICY, asOf: NOW, connectionId: CONN });
    const sliced = (
      await Promise.all(
        idRanges(['office', 'steady'], 2).map((idRange) =>
          queryHourlySeries(ch.client, { policy: DEFAULT_TIDAL_POLICY, asOf: NOW, connectionId: CONN, idRange }),
        ),
      )
    ).flat();
    const byId = (grids: typeof whole) => new Map(grids.map((g) => [g.entityId, [...g.values]]));
    expect(sliced).toHaveLength(whole.length);
    expect(byId(sliced)).toEqual(byId(whole));

    const filler = Array.from({ length: 6000 }, (_, i) => vm(`idle-${String(i).padStart(5, '0')}`));
    const estate = [vm('office'), ...filler, vm('steady'), vm('nothing')];
    expect(queryScope(estate)).toBeUndefined();
    const candidates = await tidalCandidates(ch.client, estate, TIDAL_RUN);
    expect(candidates).toHaveLength(estate.length);
    expect(candidates[0]?.body?.evidence).toMatchObject({ cycleType: 'daily' });
    expect(candidates.at(-2)).toEqual({ findingId: `tidal-${CONN}-steady`, entityId: 'steady' });
    expect(candidates.at(-1)?.skipped).toMatch(/no hourly history/);
  });

  it('tidal - an hour split over two inserts is the average of both halves, not one of them', async () => {
    await ch.client.command({ query: 'SYSTEM STOP MERGES metric_hourly' });
    const half = (offsetMin: number, value: number) =>
      samples('vm', 'split-tide', 3, 60, { 'cpu.usage_pct': () => value }).flatMap((sample) =>
        Array.from({ length: 6 }, (_, k) => ({ ...sample, ts: sample.ts + (offsetMin + k * 5) * 60_000 })),
      );
    await insertSamples(ch.client, half(0, 20));
    await insertSamples(ch.client, half(30, 60));
    const [grid] = await queryHourlySeries(ch.client, {
      policy: DEFAULT_TIDAL_POLICY,
      asOf: NOW,
      connectionId: CONN,
      entityIds: ['split-tide'],
    });
    const hours = [...grid!.values].filter(Number.isFinite);
    expect(hours).toHaveLength(3 * 24);
    expect(new Set(hours)).toEqual(new Set([40]));
    await ch.client.command({ query: 'SYSTEM START MERGES metric_hourly' });
  });

  it('health - candidates per cluster from the host inventory: the hot host makes prod unhealthy', async () => {
    const vms = Array.from({ length: 20 }, (_, i) => vm(`v${i}`, { cpuCount: 4, memoryMb: 8192 }));
    const candidates = await healthCandidates(ch.client, vms, {
      policy: DEFAULT_HEALTH_POLICY,
      asOf: NOW,
      now: NOW,
      runId: 'run-1',
      connectionId: CONN,
    });
    const prod = candidates.find((c) => c.entityId === 'cl-1');
    const body = FindingBody.parse(prod?.body);
    expect(HealthEvidence.safeParse(body.evidence).success).toBe(true);
    expect(body).toMatchObject({
      findingId: `health-${CONN}-cl-1`,
      entityType: 'cluster',
      entityName: 'prod',
      analysisType: 'health',
    });
    expect(body.evidence).toMatchObject({ hotspots: ['esx-h1'], hosts: 4, poweredOnVms: 20, vcpuPerCore: 0.63 });
    expect(candidates.find((c) => c.entityId === 'cl-empty')?.skipped).toBe('no powered-on hosts');
  });

  it('zombie - idleness per VM: the shares under each published line, with a split timestamp folded first', async () => {
    // The backup VM's CPU comes in its own insert: until a merge folds them, its timestamps are split over two rows
    // each, which the query must notice and fold (merges stay off so that the split is still there when it reads).
    await ch.client.command({ query: 'SYSTEM STOP MERGES vm_samples' });
    await insertSamples(ch.client, [
      ...samples('vm', 'idle', 6, 15, { 'cpu.usage_pct': () => 1, 'disk.kbps': () => 10, 'net.kbps': () => 0.5 }),
      // Idle except a nightly job on disk and network at 02:00, and a CPU sample missing every few steps.
      ...samples('vm', 'backup', 6, 15, {
        'disk.kbps': (ts) => (hourOfDay(ts) === 2 ? 50_000 : 10),
        'net.kbps': (ts) => (hourOfDay(ts) === 2 ? 20_000 : 0.5),
      }),
    ]);
    const backupCpu = samples('vm', 'backup', 6, 15, { 'cpu.usage_pct': (_ts, i) => (i % 2 ? 1 : 2) }).filter(
      (_, i) => i % 7 !== 0,
    );
    await insertSamples(ch.client, backupCpu);
    const vms = [vm('idle', { cpuCount: 1 }), vm('backup', { cpuCount: 1 }), vm('fit', { cpuCount: 4 })];
    const rows = await queryVmIdleness(ch.client, {
      policy: DEFAULT_ZOMBIE_POLICY,
      asOf: NOW,
      connectionId: CONN,
      entityIds: vms.map((v) => v.id),
      vcpus: new Map(vms.map((v) => [`${CONN}/${v.id}`, v.cpuCount])),
    });
    const byId = Object.fromEntries(rows.map((r) => [r.entityId, r]));
    expect(byId.idle).toMatchObject({
      samples: 6 * 96,
      gcpIdleCpuShare: 1,
      azureIdleCpuShare: 1,
      gcpIdleNetShare: 1,
      usage: { avgCpuPct: 1, p95CpuPct: 1, avgDiskKbps: 10, recentMaxAvgCpuPct: 1 },
    });
    expect(byId.backup!.samples).toBe(backupCpu.length);
    // CPU alternates 1 % and 2 %, with the timestamps split over two inserts: the P95 of its samples is 2.
    expect(byId.backup!.usage).toMatchObject({ p95CpuPct: 2, maxCpuPct: 2 });
    expect(byId.backup!.gcpIdleCpuShare).toBe(1);
    expect(byId.backup!.gcpIdleNetShare).toBeCloseTo(1 - 4 / 96, 6);
    const disk = byId.backup!.usage!.hourly.diskKBps;
    expect([...disk].filter((v) => v === 50_000)).toHaveLength(6);
    // A busy VM is no candidate: its evidence is not read at all.
    expect(byId.fit).toMatchObject({ gcpIdleCpuShare: 0, usage: undefined });
    await ch.client.command({ query: 'SYSTEM START MERGES vm_samples' });

    // The rule on top: the idle VM is a zombie; the one with a nightly job is working.
    const [idle, backup] = await zombieCandidates(ch.client, vms.slice(0, 2), {
      policy: DEFAULT_ZOMBIE_POLICY,
      prices: DEFAULT_SETTINGS.currencyAndPrices,
      asOf: NOW,
      now: NOW,
      runId: 'run-1',
      connectionId: CONN,
    });
    expect(ZombieEvidence.parse(idle?.body?.evidence)).toMatchObject({ rules: { gcpIdleVm: { idle: true } } });
    expect(backup).toMatchObject({ resolvedBecause: expect.stringMatching(/recurring job around 02:00 UTC/) });
  });

  it('windows - samples from last quarter are analysed when the window ends at them, and not when it ends today', async () => {
    const then = NOW - 100 * DAY;
    const old = (ts: number) => ts - 100 * DAY;
    await insertSamples(
      ch.client,
      samples('vm', 'old-office', 28, 30, {
        'cpu.usage_pct': (ts, i) => (hourOfDay(ts) >= 9 && hourOfDay(ts) < 17 ? 60 : 5) + wobble(i, 3),
      }).map((sample) => ({ ...sample, ts: old(sample.ts) })),
    );
    const args = {
      policy: DEFAULT_TIDAL_POLICY,
      prices: DEFAULT_SETTINGS.currencyAndPrices,
      now: NOW,
      runId: 'run-2',
      connectionId: CONN,
    };
    const [past] = await tidalCandidates(ch.client, [vm('old-office')], { ...args, asOf: then });
    expect(past?.body?.evidence).toMatchObject({ cycleType: 'daily', windowEnd: then });
    const [today] = await tidalCandidates(ch.client, [vm('old-office')], { ...args, asOf: NOW });
    expect(today?.skipped).toMatch(/no hourly history/);
  });
});
