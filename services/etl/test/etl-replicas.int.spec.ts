import { setTimeout as sleep } from 'node:timers/promises';
import { Kvm } from '@nats-io/kv';
import type { EventBus } from '@justfit/events';
import { type ClickHouseClient, taskLoadSummary } from '@justfit/storage';
import { eventually } from '@justfit/testing/eventually';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARTITIONS_BUCKET } from '../src/partitions/partition-leases';
import {
  type EtlHarness,
  type EtlReplica,
  prometheusValue,
  scalar,
  startEtlHarness,
  waitForTaskLoaded,
} from './etl-harness';
import { type EstateShape, estateEvents, samplesIn } from './fixtures/raw-estate';

const DAY0 = Date.UTC(2026, 9, 1);

/** Which replica (its process id) holds each RAW partition's lease. */
async function partitionOwners(bus: EventBus): Promise<Map<number, number>> {
  const kv = await new Kvm(bus.nc).open(PARTITIONS_BUCKET);
  const owners = new Map<number, number>();
  for await (const key of await kv.keys('partition.*')) {
    const entry = await kv.get(key);
    if (entry?.operation === 'PUT') owners.set(Number(key.split('.')[1]), Number(entry.string().split('-').at(-2)));
  }
  return owners;
}

/**
 * Rows, distinct keys and rollup counts of one connection (all equal to the samples published when each was loaded
 * once), and the hourly and daily buckets whose count or average differs from the raw samples'.
 */
async function loaded(clickhouse: ClickHouseClient, connectionId: string) {
  const p = { c: connectionId };
  const count = (query: string) => scalar(clickhouse, query, p);
  const bucketsOff = (table: string, bucket: string) =>
    count(`SELECT count() FROM (
        SELECT entity_id, metric, bucket, countMerge(count_state) AS n, avgMerge(avg_state) AS a
        FROM ${table} WHERE connection_id = {c:String} GROUP BY entity_id, metric, bucket) AS r
      FULL OUTER JOIN (
        SELECT entity_id, metric, ${bucket}(ts) AS bucket, count() AS n, avg(value) AS a
        FROM metric_samples FINAL WHERE connection_id = {c:String} GROUP BY entity_id, metric, bucket) AS s
      USING (entity_id, metric, bucket)
      WHERE r.n != s.n OR abs(r.a - s.a) > 1e-6`);
  return {
    rows: await count('SELECT count() FROM metric_samples WHERE connection_id = {c:String}'),
    keys: await count('SELECT uniqExact(entity_id, metric, ts) FROM metric_samples WHERE connection_id = {c:String}'),
    hourly: await count('SELECT countMerge(count_state) FROM metric_hourly WHERE connection_id = {c:String}'),
    daily: await count('SELECT countMerge(count_state) FROM metric_daily WHERE connection_id = {c:String}'),
    hourlyBucketsOff: await bucketsOff('metric_hourly', 'toStartOfHour'),
    dailyBucketsOff: await bucketsOff('metric_daily', 'toStartOfDay'),
  };
}
const exactly = (n: number) => ({ rows: n, keys: n, hourly: n, daily: n, hourlyBucketsOff: 0, dailyBucketsOff: 0 });

/** Eight connections: their ids hash to every one of the four RAW partitions. */
const estates = (run: string, vms: number, steps: number): EstateShape[] =>
  Array.from({ length: 8 }, (_, i) => ({
    connectionId: `c-${run}-${i}`,
    taskId: `t-${run}-${i}`,
    vms,
    steps,
    start: DAY0,
  }));

async function publishAll(bus: EventBus, shapes: EstateShape[]): Promise<void> {
  for (const shape of shapes) await bus.publishMany(estateEvents(shape));
}

const inserted = (metricsUrl: string) =>
  prometheusValue(metricsUrl, 'justfit_etl_samples_total', { outcome: 'inserted' });

describe('etl replicas - partitioned RAW stream, one writer per connection', () => {
  let h: EtlHarness;
  const replicas: EtlReplica[] = [];
  beforeAll(async () => {
    h = await startEtlHarness();
    replicas.push({ proc: h.etl, metricsUrl: h.metricsUrl }, await h.startReplica('etl-2'));
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('etl replicas - two replicas split the partitions and load every sample once, rollups included', async () => {
    await eventually(async () => expect(new Set((await partitionOwners(h.bus)).values()).size).toBe(2), 30_000);
    const shapes = estates('two', 10, 300);
    await publishAll(h.bus, shapes);
    const partitions = await h.bus.jsm.streams.info('RAW', { subjects_filter: 'justfit.raw.>' });
    expect(new Set(Object.keys(partitions.state.subjects ?? {}).map((s) => s.split('.')[2])).size).toBe(4);

    for (const shape of shapes) await waitForTaskLoaded(h.clickhouse, shape.taskId, 120_000);
    for (const shape of shapes)
      expect(await loaded(h.clickhouse, shape.connectionId)).toEqual(exactly(samplesIn(shape)));
    const perReplica = await Promise.all(replicas.map((r) => inserted(r.metricsUrl)));
    expect(perReplica.every((n) => n > 0)).toBe(true);
    expect(perReplica.reduce((a, b) => a + b, 0)).toBe(shapes.reduce((n, s) => n + samplesIn(s), 0));
  });

  it('etl replicas - of three, one killed with -9 mid-ingest: the others take its partitions over, nothing lost or doubled', async () => {
    replicas.push(await h.startReplica('etl-3'));
    await eventually(async () => expect(new Set((await partitionOwners(h.bus)).values()).size).toBe(3), 60_000);
    const shapes = estates('kill', 30, 600);
    const total = shapes.reduce((n, s) => n + samplesIn(s), 0);
    await publishAll(h.bus, shapes);

    const victim = replicas[1]!.proc;
    const victimPartitions = [...(await partitionOwners(h.bus))].filter(([, pid]) => pid === victim.child.pid);
    expect(victimPartitions.length).toBeGreaterThan(0);
    while (
      (await scalar(h.clickhouse, "SELECT count() FROM metric_samples WHERE connection_id LIKE 'c-kill-%'")) <
      total / 5
    )
      await sleep(100);
    await victim.kill();
    const done = await Promise.all(shapes.map(async (s) => (await taskLoadSummary(h.clickhouse, s.taskId)).completed));
    expect(done.every(Boolean)).toBe(false);

    for (const shape of shapes) await waitForTaskLoaded(h.clickhouse, shape.taskId, 180_000);
    for (const shape of shapes)
      expect(await loaded(h.clickhouse, shape.connectionId)).toEqual(exactly(samplesIn(shape)));
    const owners = await partitionOwners(h.bus);
    for (const [partition] of victimPartitions) expect(owners.get(partition)).not.toBe(victim.child.pid);
  });
});
