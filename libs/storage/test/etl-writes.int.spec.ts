import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createClickHouse,
  entityMetricCoverage,
  entityNames,
  findEntities,
  getImport,
  insertInventory,
  insertNewSamples,
  insertNewSeries,
  insertRejectedRecords,
  listRejectedRecords,
  listVms,
  loadedBatchCounts,
  type MetricSample,
  type SampleSeries,
  metricStats,
  migrate,
  perEntityStats,
  recordEtlLoads,
  renderSeriesText,
  saveImport,
  taskLoadSummary,
  tombstoneUnobserved,
  vmHistory,
} from '@justfit/storage';
import { startEmbeddedServer, startTestClickHouse, type TestClickHouse } from '@justfit/testing/clickhouse';
import { hostObservation, MINUTE, T0, vmObservation } from './fixtures/inventory';

const DAY = 86_400_000;
const DAY0 = Date.UTC(2026, 0, 5);

function series(connectionId: string, entityId: string, count: number, stepMs = 300_000): MetricSample[] {
  return Array.from({ length: count }, (_, i) => ({
    connectionId,
    entityType: 'vm',
    entityId,
    metric: 'cpu.usage_pct',
    ts: DAY0 + i * stepMs,
    value: (i % 100) + 1,
  }));
}

async function rows(ch: TestClickHouse, sql: string, params: Record<string, unknown> = {}): Promise<number> {
  const result = await ch.client.query({ query: sql, query_params: params, format: 'JSONEachRow' });
  return Number(Object.values((await result.json<Record<string, string>>())[0] ?? { n: 0 })[0]);
}

describe('etl writes', () => {
  let ch: TestClickHouse;
  beforeAll(async () => {
    ch = await startTestClickHouse();
    await migrate(ch.client);
  });
  afterAll(async () => {
    await ch?.stop();
  });

  it('insertNewSamples - a redelivered, re-batched or repeated sample is stored once, in the raw table and the rollups', async () => {
    const samples = series('conn-x', 'vm-1', 600);
    expect(await insertNewSamples(ch.client, samples.slice(0, 400))).toEqual({ inserted: 400, alreadyStored: 0 });
    // A retry that overlaps what was written, batched differently, with a repeat inside the batch itself.
    const retry = [...samples.slice(300, 600), samples[450]!];
    expect(await insertNewSamples(ch.client, retry)).toEqual({ inserted: 200, alreadyStored: 101 });
    expect(await insertNewSamples(ch.client, samples)).toEqual({ inserted: 0, alreadyStored: 600 });

    expect(await rows(ch, `SELECT count() FROM metric_samples WHERE entity_id = 'vm-1'`)).toBe(600);
    expect(await rows(ch, `SELECT countMerge(count_state) FROM metric_hourly WHERE entity_id = 'vm-1'`)).toBe(600);
    expect(await rows(ch, `SELECT countMerge(count_state) FROM metric_daily WHERE entity_id = 'vm-1'`)).toBe(600);
  });

  it('insertNewSamples - the same entity id on another connection is another sample', async () => {
    await insertNewSamples(ch.client, series('conn-x', 'vm-2', 10));
    expect(await insertNewSamples(ch.client, series('conn-y', 'vm-2', 10))).toEqual({ inserted: 10, alreadyStored: 0 });
  });

  it('insertNewSeries - a batch held as series stores what is new once, with the stored part of a retry skipped', async () => {
    // With its text rendered ahead, as the ETL does: a retry that overlaps stored samples must not send that text.
    const asSeries = (samples: MetricSample[]): SampleSeries => ({
      ...samples[0]!,
      ts: samples.map((s) => s.ts),
      values: samples.map((s) => s.value),
    });
    const cpu = series('conn-s', 'vm-s', 300);
    const mem = series('conn-s', 'vm-s', 300).map((s) => ({ ...s, metric: 'mem.usage_pct', value: s.value / 2 }));
    const first = [asSeries(cpu.slice(0, 200))];
    expect(await insertNewSeries(ch.client, first, await renderSeriesText(first))).toEqual({
      inserted: 200,
      alreadyStored: 0,
    });
    // Out of time order, overlapping what is stored, beside a series seen for the first time.
    const retry = [asSeries([...cpu.slice(100)].reverse()), asSeries(mem)];
    expect(await insertNewSeries(ch.client, retry, await renderSeriesText(retry))).toEqual({
      inserted: 400,
      alreadyStored: 100,
    });
    expect(await rows(ch, `SELECT count() FROM metric_samples WHERE connection_id = 'conn-s'`)).toBe(600);

    const stored = `SELECT count(), sum(value) FROM metric_samples FINAL WHERE entity_id = 'vm-s' AND metric = {m:String}`;
    const result = async (m: string) =>
      (await (await ch.client.query({ query: stored, query_params: { m }, format: 'JSONCompactEachRow' })).json())[0];
    const sum = (rows: MetricSample[]) => rows.reduce((n, r) => n + r.value, 0);
    expect(await result('cpu.usage_pct')).toEqual([300, sum(cpu)]);
    expect(await result('mem.usage_pct')).toEqual([300, sum(mem)]);
    expect(await rows(ch, `SELECT countMerge(count_state) FROM metric_hourly WHERE entity_id = 'vm-s'`)).toBe(600);
  });

  it('tombstoneUnobserved - what a full collection did not see leaves the latest view and keeps its history', async () => {
    const c = 'conn-tomb';
    await insertInventory(
      ch.client,
      'vm',
      ['vm-a', 'vm-b', 'vm-c'].map((id) => vmObservation({ id, connectionId: c, taskId: 'task-1' })),
    );
    await insertInventory(ch.client, 'host', [hostObservation({ id: 'host-1', connectionId: c, taskId: 'task-1' })]);
    const later = T0 + 60 * MINUTE;
    await insertInventory(
      ch.client,
      'vm',
      ['vm-a', 'vm-c'].map((id) => vmObservation({ id, connectionId: c, taskId: 'task-2', observedAt: later })),
    );
    await insertInventory(ch.client, 'host', [
      hostObservation({ id: 'host-1', connectionId: c, taskId: 'task-2', observedAt: later }),
    ]);

    const gone = await tombstoneUnobserved(ch.client, { connectionId: c, taskId: 'task-2', at: later + MINUTE });
    expect(gone).toEqual({ cluster: [], host: [], vm: ['vm-b'], datastore: [] });
    expect((await listVms(ch.client, { connectionId: c, page: 1, pageSize: 10 })).items.map((v) => v.id)).toEqual([
      'vm-a',
      'vm-c',
    ]);
    const history = await vmHistory(ch.client, { connectionId: c, vmId: 'vm-b' });
    expect(history.changes).toEqual([
      expect.objectContaining({ field: 'deleted', from: false, to: true, observedAt: later + MINUTE }),
    ]);
    expect(await tombstoneUnobserved(ch.client, { connectionId: c, taskId: 'task-2', at: later + MINUTE })).toEqual({
      cluster: [],
      host: [],
      vm: [],
      datastore: [],
    });
    expect(await entityNames(ch.client, 'vm', [{ connectionId: c, id: 'vm-b' }])).toEqual(
      new Map([[`${c}\u0000vm-b`, 'vm-vm-b']]),
    );
  });

  it('etl ledger - a task load summary counts each source event once, however often it was recorded', async () => {
    const load = {
      taskId: 'task-l',
      connectionId: 'c',
      kind: 'metrics' as const,
      streamSeq: 1,
      batch: 0,
      accepted: 90,
      rejected: 10,
      loadedAt: T0,
    };
    await recordEtlLoads(ch.client, [
      { ...load, eventId: 'e1' },
      { ...load, eventId: 'e2', batch: 1 },
    ]);
    await recordEtlLoads(ch.client, [{ ...load, eventId: 'e1', loadedAt: T0 + 1 }]);
    expect(await taskLoadSummary(ch.client, 'task-l')).toEqual({
      events: 2,
      samples: 180,
      rejected: 20,
      completed: false,
      lastLoadedAt: T0 + 1,
    });
    await recordEtlLoads(ch.client, [
      { ...load, eventId: 'done', kind: 'completed', accepted: 0, rejected: 0, loadedAt: T0 + 5 },
    ]);
    expect(await taskLoadSummary(ch.client, 'task-l')).toMatchObject({
      events: 2,
      completed: true,
      lastLoadedAt: T0 + 5,
    });
    expect(await loadedBatchCounts(ch.client, 'task-l')).toEqual({ inventory: 0, metrics: 2 });
    expect(await taskLoadSummary(ch.client, 'no-such-task')).toEqual({
      events: 0,
      samples: 0,
      rejected: 0,
      completed: false,
      lastLoadedAt: null,
    });
  });

  it('rejected records - read back in pages, a re-recorded record counted once', async () => {
    const base = {
      taskId: 'task-r',
      connectionId: 'c',
      stage: 'etl' as const,
      code: 'negative',
      line: null,
      rejectedAt: Date.now(),
    };
    const records = Array.from({ length: 5 }, (_, seq) => ({
      ...base,
      sourceEventId: 'e1',
      seq,
      reason: `negative value -${seq}`,
      record: `{"v":-${seq}}`,
    }));
    await insertRejectedRecords(ch.client, records);
    await insertRejectedRecords(ch.client, records.slice(0, 2));
    const page = await listRejectedRecords(ch.client, { taskId: 'task-r', page: 2, pageSize: 2 });
    expect(page.total).toBe(5);
    expect(page.items.map((r) => r.seq)).toEqual([2, 3]);
    expect(page.items[0]).toMatchObject({
      code: 'negative',
      reason: 'negative value -2',
      record: '{"v":-2}',
      line: null,
    });
  });

  it('imports - the newest version of an import is read back', async () => {
    const record = {
      importId: 'imp-1',
      connectionId: 'import-x',
      fileName: 'a.csv',
      format: 'long' as const,
      status: 'publishing' as const,
      rowsRead: 0,
      rowsRejected: 0,
      samplesPublished: 0,
      entities: 0,
      eventsPublished: 0,
      message: '',
      startedAt: T0,
      finishedAt: null,
    };
    await saveImport(ch.client, record, 1);
    await saveImport(ch.client, { ...record, status: 'published', rowsRead: 10, finishedAt: T0 + 5 }, 2);
    const saved = await getImport(ch.client, 'imp-1');
    expect(saved).toMatchObject({ status: 'published', rowsRead: 10, finishedAt: T0 + 5 });
    expect(Math.abs(saved!.updatedAt - Date.now())).toBeLessThan(60_000);
    expect(await getImport(ch.client, 'imp-2')).toBeUndefined();
  });

  it('entity lookups - an entity by id (in every connection that has it) and the metrics it has samples of', async () => {
    await insertInventory(ch.client, 'vm', [
      vmObservation({ id: 'vm-look', connectionId: 'c1' }),
      vmObservation({ id: 'vm-look', connectionId: 'c2' }),
    ]);
    expect((await findEntities(ch.client, 'vm', 'vm-look')).map((v) => v.connectionId)).toEqual(['c1', 'c2']);
    expect(await findEntities(ch.client, 'vm', 'vm-look', 'c2')).toHaveLength(1);
    await insertNewSamples(ch.client, series('c1', 'vm-look', 3));
    expect(
      await entityMetricCoverage(ch.client, { connectionId: 'c1', entityType: 'vm', entityId: 'vm-look' }),
    ).toEqual({ metrics: ['cpu.usage_pct'], first: DAY0, last: DAY0 + 600_000 });
    expect(
      await entityMetricCoverage(ch.client, { connectionId: 'c2', entityType: 'vm', entityId: 'vm-look' }),
    ).toBeUndefined();
  });

  it('perEntityStats - the p95 per VM from the daily rollup matches the one from raw samples', async () => {
    const c = 'conn-stats';
    const samples = ['vm-s1', 'vm-s2'].flatMap((id, k) =>
      series(c, id, 3 * 288).map((s) => ({ ...s, value: s.value * (k + 1) })),
    );
    await insertNewSamples(ch.client, samples);
    const scope = {
      connectionId: c,
      entityType: 'vm' as const,
      metric: 'cpu.usage_pct',
      from: DAY0,
      to: DAY0 + 3 * DAY,
    };
    const raw = await perEntityStats(ch.client, { ...scope, source: 'raw' });
    const rollup = await perEntityStats(ch.client, { ...scope, source: 'rollup' });
    expect(raw.map((r) => [r.entityId, r.samples, r.max])).toEqual([
      ['vm-s1', 864, 100],
      ['vm-s2', 864, 200],
    ]);
    expect(rollup.map((r) => [r.entityId, r.samples, r.max, r.min])).toEqual([
      ['vm-s1', 864, 100, 1],
      ['vm-s2', 864, 200, 2],
    ]);
    for (const [i, r] of rollup.entries()) expect(Math.abs(r.p95 - raw[i]!.p95) / raw[i]!.p95).toBeLessThan(0.03);
    const stats = await metricStats(ch.client, { ...scope, entityId: 'vm-s2', metrics: ['cpu.usage_pct'] });
    expect(stats['cpu.usage_pct']).toMatchObject({ max: 200, min: 2, samples: 864 });
  });
});

describe('etl writes over HTTP', () => {
  it('insertNewSamples - thousands of entities in one batch are checked in chunks a URL can carry', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'justfit-etl-http-'));
    const server = await startEmbeddedServer({ dataDir });
    const client = await createClickHouse({ url: server.url, dataDir });
    try {
      await migrate(client);
      const rows: MetricSample[] = Array.from({ length: 6000 }, (_, i) => ({
        connectionId: 'c-wide',
        entityType: 'vm',
        entityId: `a-rather-long-virtual-machine-id-${i}`,
        metric: 'cpu.usage_pct',
        ts: DAY0,
        value: i,
      }));
      expect(await insertNewSamples(client, rows)).toEqual({ inserted: 6000, alreadyStored: 0 });
      expect(await insertNewSamples(client, rows)).toEqual({ inserted: 0, alreadyStored: 6000 });
    } finally {
      await client.close();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
