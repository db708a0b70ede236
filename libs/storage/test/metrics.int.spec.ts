import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSamples, type MetricSample, metricSeries, metricStats, migrate } from '@justfit/storage';
import { startTestClickHouse, type TestClickHouse } from '@justfit/testing/clickhouse';

const HOUR_MS = 3_600_000;
const DAY0 = Date.UTC(2026, 0, 5);

/** 100 samples per hour (every 36 s) valued 1..100 in hour 0 and 101..200 in hour 1. */
function knownSeries(entityId: string): MetricSample[] {
  return Array.from({ length: 200 }, (_, i) => ({
    connectionId: 'conn-a',
    entityType: 'vm',
    entityId,
    metric: 'cpu.usage.average',
    ts: DAY0 + i * 36_000,
    value: i + 1,
  }));
}

describe('metric samples and rollups', () => {
  let ch: TestClickHouse;
  beforeAll(async () => {
    ch = await startTestClickHouse();
    await migrate(ch.client);
  });
  afterAll(async () => {
    await ch?.stop();
  });

  it('metric samples - a duplicate sample collapses to one row', async () => {
    const sample: MetricSample = {
      connectionId: 'conn-a',
      entityType: 'vm',
      entityId: 'vm-dup',
      metric: 'mem.usage.average',
      ts: DAY0,
      value: 42,
    };
    await insertSamples(ch.client, [sample, { ...sample, ts: DAY0 + 20_000 }]);
    await insertSamples(ch.client, [sample]);
    const count = async (final: string) => {
      const result = await ch.client.query({
        query: `SELECT count() AS n FROM metric_samples ${final} WHERE entity_id = {id:String}`,
        query_params: { id: 'vm-dup' },
        format: 'JSONEachRow',
      });
      return Number((await result.json<{ n: string }>())[0]!.n);
    };
    expect(await count('FINAL')).toBe(2);
    await ch.client.command({ query: 'OPTIMIZE TABLE metric_samples FINAL' });
    expect(await count('')).toBe(2);
  });

  it('metric samples - a retried identical batch is not counted twice by the rollups', async () => {
    const batch = knownSeries('vm-retry').slice(0, 10);
    await insertSamples(ch.client, batch);
    await insertSamples(ch.client, batch);
    const stats = await metricStats(ch.client, {
      entityId: 'vm-retry',
      metrics: ['cpu.usage.average'],
      from: DAY0,
      to: DAY0 + 3 * 86_400_000,
    });
    expect(stats['cpu.usage.average']?.samples).toBe(10);
  });

  it('metric samples - non-finite values are rejected, not stored', async () => {
    const result = await insertSamples(ch.client, [
      { connectionId: 'conn-a', entityType: 'host', entityId: 'h-nan', metric: 'cpu', ts: DAY0, value: Number.NaN },
      { connectionId: 'conn-a', entityType: 'host', entityId: 'h-nan', metric: 'cpu', ts: DAY0, value: 1 },
    ]);
    expect(result).toEqual({ inserted: 1, rejected: 1 });
  });

  it('rollups - hourly and daily hold avg, max, p95 and count of a known series', async () => {
    const series = knownSeries('vm-known');
    // Two inserts, so each bucket is merged from several partial states.
    await insertSamples(
      ch.client,
      series.filter((_, i) => i % 2 === 0),
    );
    await insertSamples(
      ch.client,
      series.filter((_, i) => i % 2 === 1),
    );
    const hourly = await ch.client.query({
      query: `SELECT toUnixTimestamp(bucket) * 1000 AS bucket, avgMerge(avg_state) AS avg, maxMerge(max_state) AS max,
          minMerge(min_state) AS min, countMerge(count_state) AS n,
          quantilesTDigestMerge(0.5, 0.95, 0.99)(quantiles_state) AS q
        FROM metric_hourly WHERE entity_id = {id:String} GROUP BY bucket ORDER BY bucket`,
      query_params: { id: 'vm-known' },
      format: 'JSONEachRow',
    });
    const rows = await hourly.json<{ bucket: string; avg: number; max: number; min: number; n: string; q: number[] }>();
    expect(rows.map((r) => Number(r.bucket))).toEqual([DAY0, DAY0 + HOUR_MS]);
    expect(rows.map((r) => [r.avg, r.max, r.min, Number(r.n)])).toEqual([
      [50.5, 100, 1, 100],
      [150.5, 200, 101, 100],
    ]);
    expect(rows[0]!.q[1]).toBeCloseTo(95, -0.5);
    expect(rows[1]!.q[1]).toBeCloseTo(195, -0.5);

    const daily = await metricSeries(ch.client, {
      entityId: 'vm-known',
      metric: 'cpu.usage.average',
      from: DAY0,
      to: DAY0 + 86_400_000,
      stepSec: 86_400,
      aggregation: 'avg',
    });
    expect(daily).toEqual({ source: 'daily', stepSec: 86_400, points: [{ ts: DAY0, value: 100.5 }] });
    const dailyP95 = await metricSeries(ch.client, {
      entityId: 'vm-known',
      metric: 'cpu.usage.average',
      from: DAY0,
      to: DAY0 + 86_400_000,
      stepSec: 86_400,
      aggregation: 'p95',
    });
    expect(dailyP95.points[0]!.value).toBeCloseTo(190, -0.5);
  });

  it('metricSeries - raw below an hour, the hourly rollup from an hour up', async () => {
    const scope = { entityId: 'vm-known', metric: 'cpu.usage.average', from: DAY0, to: DAY0 + 2 * HOUR_MS };
    const raw = await metricSeries(ch.client, { ...scope, stepSec: 1800, aggregation: 'max' });
    expect(raw.source).toBe('raw');
    expect(raw.points).toEqual([
      { ts: DAY0, value: 50 },
      { ts: DAY0 + HOUR_MS / 2, value: 100 },
      { ts: DAY0 + HOUR_MS, value: 150 },
      { ts: DAY0 + 1.5 * HOUR_MS, value: 200 },
    ]);
    const hourly = await metricSeries(ch.client, { ...scope, stepSec: 3600, aggregation: 'min' });
    expect(hourly).toEqual({
      source: 'hourly',
      stepSec: 3600,
      points: [
        { ts: DAY0, value: 1 },
        { ts: DAY0 + HOUR_MS, value: 101 },
      ],
    });
    const twoHours = await metricSeries(ch.client, { ...scope, stepSec: 7200, aggregation: 'avg' });
    expect(twoHours.points).toEqual([{ ts: DAY0, value: 100.5 }]);
  });

  it('metricStats - avg, max, min, p95 and current per metric, raw and from rollups', async () => {
    const scope = { entityId: 'vm-known', metrics: ['cpu.usage.average', 'absent'] };
    const short = await metricStats(ch.client, { ...scope, from: DAY0, to: DAY0 + HOUR_MS });
    expect(short.absent).toBeUndefined();
    expect(short['cpu.usage.average']).toMatchObject({ avg: 50.5, max: 100, min: 1, current: 100, samples: 100 });
    expect(short['cpu.usage.average']!.p95).toBeCloseTo(95, -0.5);
    const long = await metricStats(ch.client, { ...scope, from: DAY0 - 86_400_000, to: DAY0 + 5 * 86_400_000 });
    expect(long['cpu.usage.average']).toMatchObject({ avg: 100.5, max: 200, min: 1, current: null, samples: 200 });
    const longEndingToday = await metricStats(ch.client, {
      ...scope,
      from: DAY0 - 3 * 86_400_000,
      to: DAY0 + 3 * HOUR_MS,
    });
    expect(longEndingToday['cpu.usage.average']?.current).toBe(200);
  });
});
