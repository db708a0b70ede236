import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ANALYZER_EVENTS,
  declaredConsumer,
  EventBus,
  FindingBody,
  isEvent,
  JetStreamEventStore,
  newEvent,
  SETTINGS_AGGREGATE_ID,
  SettingsView,
} from '@justfit/events';
import { createMetrics } from '@justfit/service-kit';
import { type InventoryVm, insertInventory, insertSamples, type MetricSample, migrate } from '@justfit/storage';
import { startTestClickHouse, type TestClickHouse } from '@justfit/testing/clickhouse';
import { type NatsServerHandle, startNatsServer } from '@justfit/testing/nats-server';
import { eventually } from '@justfit/testing/eventually';
import { pino } from 'pino';
import { PolicyRepository } from '../src/policy-store/policy-repository';
import { findingIdOf } from '../src/findings/finding';
import { ZOMBIE_NOT_RESIZED } from '../src/rightsize/rightsize-analysis';
import { AnalysisRunner, type RunRequest } from '../src/runs/analysis-runner';
import { RunRecorder } from '../src/runs/run-recorder';

const DAY = 86_400_000;
const NOW = Math.floor(Date.now() / DAY) * DAY;
const CONN = `runner-${randomUUID().slice(0, 8)}`;

/** 10 days of 15-minute samples: enough history for both the zombie (36 h) and the right-size (7 d) policies. */
function samples(entityId: string, values: Record<string, number>, connectionId = CONN, end = NOW): MetricSample[] {
  const out: MetricSample[] = [];
  for (let ts = end - 10 * DAY; ts < end; ts += 15 * 60_000) {
    for (const [metric, value] of Object.entries(values))
      out.push({ connectionId, entityType: 'vm', entityId, metric, ts, value });
  }
  return out;
}

const vm = (id: string, connectionId = CONN): InventoryVm => ({
  connectionId,
  taskId: 't1',
  observedAt: NOW - DAY,
  id,
  name: id,
  datacenter: 'dc',
  clusterId: 'cl-1',
  hostId: 'h1',
  uuid: id,
  cpuCount: 8,
  memoryMb: 16_384,
  diskGb: 100,
  powerState: 'poweredOn',
  guestOs: 'ubuntu64Guest',
  ipAddress: '',
  isTemplate: false,
  overallStatus: 'green',
  toolsStatus: 'toolsOk',
  createdAt: NOW - 60 * DAY,
  powerStateChangedAt: null,
});

describe('analysis runner', () => {
  let nats: NatsServerHandle;
  let bus: EventBus;
  let ch: TestClickHouse;
  let runner: AnalysisRunner;
  let other: AnalysisRunner;
  let store: JetStreamEventStore;
  let settings: SettingsView;
  const run = (analysisType: RunRequest['analysisType']) =>
    runner.run({ analysisType, connectionId: CONN, entityIds: [], trigger: 'on-demand', options: {} });

  beforeAll(async () => {
    nats = await startNatsServer();
    bus = await EventBus.connect({
      servers: nats.url,
      name: 'runner-test',
      auth: nats.admin,
      logError: () => undefined,
    });
    ch = await startTestClickHouse();
    await migrate(ch.client);
    store = new JetStreamEventStore(bus);
    settings = new SettingsView(bus, declaredConsumer(ANALYZER_EVENTS, 'settings'));
    await settings.start();
    const newRunner = () =>
      new AnalysisRunner(
        ch.client,
        store,
        pino({ enabled: false }),
        new PolicyRepository(store),
        settings,
        createMetrics(),
        bus,
      );
    runner = newRunner();
    runner.onModuleInit();
    // Another analyzer instance on the same bus.
    other = newRunner();
    other.onModuleInit();
    await insertInventory(ch.client, 'vm', [vm('idle-big'), vm('busy-big')]);
    await insertSamples(ch.client, [
      // Both use a fraction of their 8 vCPU and 16 GB; only one is idle on every count.
      ...samples('idle-big', {
        'cpu.usage_pct': 0.2,
        'cpu.ready_pct': 0.1,
        'mem.active_mb': 600,
        'mem.consumed_mb': 2000,
        'disk.kbps': 10,
        'net.kbps': 0.4,
      }),
      ...samples('busy-big', {
        'cpu.usage_pct': 12,
        'cpu.ready_pct': 0.5,
        'mem.active_mb': 3000,
        'mem.consumed_mb': 6000,
        'disk.kbps': 800,
        'net.kbps': 900,
      }),
    ]);
  });
  afterAll(async () => {
    runner?.onModuleDestroy();
    other?.onModuleDestroy();
    await settings?.stop();
    await bus?.close();
    await nats?.stop();
    await ch?.stop();
  });

  it('runner - right-size gives no advice for a zombie, and resolves what it gave before the VM was found idle', async () => {
    // Right-size first: both VMs are oversized.
    expect(await run('rightsize')).toMatchObject({ raised: 2, resolved: 0 });
    expect(await run('zombie')).toMatchObject({ raised: 1 });
    // Now the idle VM is a zombie: its right-size finding is resolved, saying why; the busy one keeps its own.
    expect(await run('rightsize')).toMatchObject({ raised: 0, resolved: 1 });
    const { events } = await store.read(findingIdOf('rightsize', CONN, 'idle-big'), 'FINDINGS');
    const resolved = events.map((e) => e.event).find((e) => isEvent(e, 'FindingResolved'));
    expect(resolved?.data).toMatchObject({ reason: ZOMBIE_NOT_RESIZED });
    expect(
      (await store.read(findingIdOf('rightsize', CONN, 'busy-big'), 'FINDINGS')).events.map((e) => e.event.type),
    ).not.toContain('io.justfit.FindingResolved.v1');
    // Again: nothing changes, and nothing is raised for the zombie.
    expect(await run('rightsize')).toMatchObject({ raised: 0, updated: 0, resolved: 0 });
  });

  it('runner - an export from last quarter is analysed up to its newest sample, and the run says which window it read', async () => {
    const past = `${CONN}-past`;
    const end = NOW - 100 * DAY;
    await insertInventory(ch.client, 'vm', [vm('old-idle', past)]);
    await insertSamples(
      ch.client,
      samples('old-idle', { 'cpu.usage_pct': 0.2, 'mem.active_mb': 500, 'net.kbps': 0.3 }, past, end),
    );
    const reply = await runner.run({
      analysisType: 'zombie',
      connectionId: past,
      entityIds: [],
      trigger: 'on-demand',
      options: {},
    });
    expect(reply).toMatchObject({ analysed: 1, raised: 1 });
    const newestHour = new Date(end).toISOString().slice(0, 16);
    expect(reply.notes).toEqual([`${past}: 1 analysed in the 14 days up to ${newestHour}Z`]);
    // Asked for a window that ends today, the same data is out of range, and the run says so instead of a silent 0.
    const today = await runner.run({
      analysisType: 'zombie',
      connectionId: past,
      entityIds: [],
      trigger: 'on-demand',
      asOf: NOW,
      options: {},
    });
    expect(today).toMatchObject({ analysed: 0 });
    expect(today.notes[0]).toMatch(
      /nothing could be analysed in the 14 days up to .*: no CPU samples in the lookback window \(1\)/,
    );
  });

  it('runner - a connection without any sample is named in the notes', async () => {
    const empty = `${CONN}-empty`;
    await insertInventory(ch.client, 'vm', [vm('never-sampled', empty)]);
    const reply = await runner.run({
      analysisType: 'tidal',
      connectionId: empty,
      entityIds: [],
      trigger: 'on-demand',
      options: {},
    });
    expect(reply).toMatchObject({ analysed: 0, notes: [`${empty}: no samples have been loaded; nothing to analyse`] });
  });

  it('runner - savings are priced with the prices an admin set in the settings, from the next run on', async () => {
    const priced = `${CONN}-priced`;
    await insertInventory(ch.client, 'vm', [vm('idle-priced', priced)]);
    await insertSamples(ch.client, samples('idle-priced', { 'cpu.usage_pct': 0.2, 'net.kbps': 0.3 }, priced));
    const zombie = () =>
      runner.run({ analysisType: 'zombie', connectionId: priced, entityIds: [], trigger: 'on-demand', options: {} });
    const savingsNow = async () => {
      const { events } = await store.read(findingIdOf('zombie', priced, 'idle-priced'), 'FINDINGS');
      const last = events
        .map((e) => e.event)
        .findLast((e) => isEvent(e, 'FindingRaised') || isEvent(e, 'FindingUpdated'));
      return FindingBody.parse(last?.data).savings.amount;
    };
    // Defaults: 8 vCPU at 18, 16 GB at 4.5, 100 GB at 0.08 a month.
    expect(await zombie()).toMatchObject({ raised: 1 });
    expect(await savingsNow()).toBe(8 * 18 + 16 * 4.5 + 100 * 0.08);

    const changed = newEvent(
      'CurrencyAndPricesChanged',
      {
        changedBy: 'admin@example.test',
        changedAt: Date.now(),
        currencyAndPrices: { currency: 'EUR', cpuCoreMonthly: 10, memoryGbMonthly: 2, diskGbMonthly: 0.1 },
      },
      { subject: SETTINGS_AGGREGATE_ID, source: 'test', traceId: 'trace-prices' },
    );
    await store.append(SETTINGS_AGGREGATE_ID, [changed], { expectedRevision: 'any' });
    await eventually(async () => expect(settings.current().currencyAndPrices.currency).toBe('EUR'), 10_000);
    expect(await zombie()).toMatchObject({ updated: 1 });
    expect(await savingsNow()).toBe(8 * 10 + 16 * 2 + 100 * 0.1);
  });

  const request = (analysisType: RunRequest['analysisType']): RunRequest => ({
    analysisType,
    connectionId: CONN,
    entityIds: [],
    trigger: 'on-demand',
    options: {},
  });
  const story = async (runId: string) =>
    (await store.read(runId, 'FINDINGS')).events.map((e) => e.event.type.replace(/^io\.justfit\.(\w+)\.v\d+$/, '$1'));
  const ended = async (runId: string) => {
    for (let i = 0; i < 100; i++) {
      const kinds = await story(runId);
      if (kinds.some((k) => /Completed|Failed|Cancelled/.test(k))) return kinds;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${runId} did not end`);
  };

  it('runner - a queued run that is stopped ends cancelled without starting; stopping it again is refused with 409', async () => {
    const first = await runner.start(request('zombie'));
    const second = await runner.start(request('tidal'));
    await runner.stop(second.runId, 'not needed');
    expect(await story(second.runId)).toEqual(['AnalysisRunRequested', 'AnalysisRunCancelled']);
    await expect(runner.stop(second.runId, 'again')).rejects.toMatchObject({ code: 409 });
    expect(await ended(first.runId)).toContain('AnalysisRunCompleted');
  });

  it('runner - a run held by another analyzer is stopped there; one no analyzer holds is ended by the one asked', async () => {
    const first = await other.start(request('rightsize'));
    const held = await other.start(request('health'));
    await runner.stop(held.runId, 'not needed');
    expect(await story(held.runId)).toEqual(['AnalysisRunRequested', 'AnalysisRunCancelled']);
    expect(await ended(first.runId)).toContain('AnalysisRunCompleted');

    // Requested by an analyzer that stopped before running it: nobody holds it.
    const orphan = `run-${randomUUID()}`;
    await new RunRecorder(store, orphan, 'trace-1').request({ ...request('zombie'), runId: orphan, entityType: 'vm' });
    await runner.stop(orphan, 'stuck');
    const cancelled = (await store.read(orphan, 'FINDINGS')).events
      .map((e) => e.event)
      .find((e) => isEvent(e, 'AnalysisRunCancelled'));
    expect(cancelled?.data).toMatchObject({ reason: 'stuck (no analyzer held the run any more)' });
    await expect(runner.stop(`run-${randomUUID()}`, 'x')).rejects.toMatchObject({ code: 404 });
  });

  it('runner - a run open for a while that no analyzer holds is recorded failed; one an analyzer holds is left alone', async () => {
    const abandoned = `run-${randomUUID()}`;
    await new RunRecorder(store, abandoned, 'trace-1').request({
      ...request('tidal'),
      runId: abandoned,
      entityType: 'vm',
    });
    const first = await other.start(request('zombie'));
    const held = await other.start(request('tidal'));
    // The open runs as the API's read model lists them, requested two minutes ago.
    const row = (runId: string) => ({
      run_id: runId,
      analysis_type: 'tidal',
      connection_id: CONN,
      trigger: 'on-demand',
      status: 'running',
      progress: 0,
      message: '',
      requested_at: Date.now() - 120_000,
      version: 1,
    });
    await ch.client.insert({
      table: 'analysis_runs',
      values: [row(abandoned), row(held.runId)],
      format: 'JSONEachRow',
    });

    expect(await runner.recoverAbandoned()).toEqual([abandoned]);
    const failed = (await store.read(abandoned, 'FINDINGS')).events
      .map((e) => e.event)
      .find((e) => isEvent(e, 'AnalysisRunFailed'));
    expect(failed?.data).toMatchObject({ code: 1003, message: expect.stringContaining('its analyzer stopped') });
    expect(await ended(held.runId)).toContain('AnalysisRunCompleted');
    expect(await ended(first.runId)).toContain('AnalysisRunCompleted');
  });
});
