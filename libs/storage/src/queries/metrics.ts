import type { ClickHouseClient } from '@clickhouse/client';
import { Filters } from './paging';

export type MetricEntityType = 'cluster' | 'host' | 'vm' | 'datastore';

export interface MetricSample {
  connectionId: string;
  entityType: MetricEntityType;
  entityId: string;
  metric: string;
  /** Epoch ms. */
  ts: number;
  value: number;
}

const INSERT_BATCH_ROWS = 100_000;

/**
 * Appends samples (JSONEachRow) in batches. Non-finite values are rejected (counted, not stored). Retrying the same
 * batch is harmless: the identical insert block is dropped by metric_samples' deduplication window.
 */
export async function insertSamples(
  client: ClickHouseClient,
  samples: readonly MetricSample[],
): Promise<{ inserted: number; rejected: number }> {
  let inserted = 0;
  for (let start = 0; start < samples.length; start += INSERT_BATCH_ROWS) {
    const values = [];
    for (const sample of samples.slice(start, start + INSERT_BATCH_ROWS)) {
      if (!Number.isFinite(sample.value) || !Number.isFinite(sample.ts)) continue;
      values.push({
        connection_id: sample.connectionId,
        entity_type: sample.entityType,
        entity_id: sample.entityId,
        metric: sample.metric,
        ts: Math.trunc(sample.ts),
        value: sample.value,
      });
    }
    if (values.length > 0) await client.insert({ table: 'metric_samples', values, format: 'JSONEachRow' });
    inserted += values.length;
  }
  return { inserted, rejected: samples.length - inserted };
}

export type MetricAggregation = 'avg' | 'max' | 'min' | 'p95';
export type MetricSource = 'raw' | 'hourly' | 'daily';

interface EntityMetricScope {
  entityId: string;
  /** Ids are scoped by connection; give it when known (it also narrows the primary key range). */
  connectionId?: string;
  entityType?: MetricEntityType;
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, exclusive. */
  to: number;
}

export interface MetricSeriesQuery extends EntityMetricScope {
  metric: string;
  stepSec: number;
  aggregation: MetricAggregation;
}

export interface MetricSeries {
  source: MetricSource;
  /** The step actually used: rollup steps are whole hours or days. */
  stepSec: number;
  points: Array<{ ts: number; value: number }>;
}

const RAW_AGGREGATE: Record<MetricAggregation, string> = {
  avg: 'avg(value)',
  max: 'max(value)',
  min: 'min(value)',
  p95: 'quantileTDigest(0.95)(value)',
};
const ROLLUP_AGGREGATE: Record<MetricAggregation, string> = {
  avg: 'avgMerge(avg_state)',
  max: 'maxMerge(max_state)',
  min: 'minMerge(min_state)',
  p95: 'quantilesTDigestMerge(0.5, 0.95, 0.99)(quantiles_state)[2]',
};
const HOUR = 3600;
const DAY = 86_400;

const statsColumns = (aggregate: Record<MetricAggregation, string>) =>
  Object.entries(aggregate)
    .map(([name, expression]) => `${expression} AS ${name}`)
    .join(', ');
/** SELECT columns avg, max, min, p95 and samples of a group of metric_samples rows. */
export const RAW_STATS_COLUMNS = `${statsColumns(RAW_AGGREGATE)}, count() AS samples`;
/** SELECT columns avg, max, min, p95 and samples of a group of rollup (metric_hourly, metric_daily) rows. */
export const ROLLUP_STATS_COLUMNS = `${statsColumns(ROLLUP_AGGREGATE)}, countMerge(count_state) AS samples`;

/**
 * The time range condition of a source, on the parameters {from:Int64} (inclusive) and {to:Int64} (exclusive), epoch
 * ms. Rollup buckets are kept whole: a bucket starting before `from` is included.
 */
export function rangeCondition(source: MetricSource): string {
  if (source === 'raw')
    return "ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND ts < fromUnixTimestamp64Milli({to:Int64}, 'UTC')";
  const bucketStart = source === 'daily' ? 'toStartOfDay' : 'toStartOfHour';
  return `bucket >= ${bucketStart}(fromUnixTimestamp64Milli({from:Int64}, 'UTC')) AND bucket < fromUnixTimestamp64Milli({to:Int64}, 'UTC')`;
}

/** Chooses the source: daily rollup for whole-day steps, hourly rollup for steps of an hour or more, raw below. */
export function seriesSource(stepSec: number): { source: MetricSource; stepSec: number } {
  if (!Number.isInteger(stepSec) || stepSec < 1)
    throw new RangeError(`stepSec must be a positive integer, got ${stepSec}`);
  if (stepSec >= DAY && stepSec % DAY === 0) return { source: 'daily', stepSec };
  if (stepSec >= HOUR) return { source: 'hourly', stepSec: Math.round(stepSec / HOUR) * HOUR };
  return { source: 'raw', stepSec };
}

/** One value per step (points aligned to multiples of the step, UTC), for one entity and metric. */
export async function metricSeries(client: ClickHouseClient, query: MetricSeriesQuery): Promise<MetricSeries> {
  const { source, stepSec } = seriesSource(query.stepSec);
  const filters = scopeFilters(query, source).add('metric = {metric:String}', { metric: query.metric });
  const sql =
    source === 'raw'
      ? `SELECT toUnixTimestamp(toStartOfInterval(ts, INTERVAL {step:UInt32} SECOND)) AS t, ${RAW_AGGREGATE[query.aggregation]} AS v
        FROM metric_samples FINAL ${filters.where()} GROUP BY t ORDER BY t`
      : `SELECT toUnixTimestamp(toStartOfInterval(bucket, INTERVAL {step:UInt32} SECOND)) AS t, ${ROLLUP_AGGREGATE[query.aggregation]} AS v
        FROM ${source === 'daily' ? 'metric_daily' : 'metric_hourly'} ${filters.where()} GROUP BY t ORDER BY t`;
  const result = await client.query({
    query: sql,
    query_params: { ...filters.params, step: stepSec },
    format: 'JSONEachRow',
  });
  const rows = await result.json<{ t: number | string; v: number | string }>();
  return { source, stepSec, points: rows.map((row) => ({ ts: Number(row.t) * 1000, value: Number(row.v) })) };
}

export interface MetricStatsQuery extends EntityMetricScope {
  metrics: readonly string[];
}

export interface MetricStats {
  avg: number;
  max: number;
  min: number;
  p95: number;
  /** The newest sample in the range (for ranges over RAW_STATS_MAX_RANGE_MS: in its last day). */
  current: number | null;
  samples: number;
}

/** Ranges up to this length are computed from raw samples; longer ones from the hourly rollup (whole hours). */
export const RAW_STATS_MAX_RANGE_MS = 2 * DAY * 1000;

export async function metricStats(
  client: ClickHouseClient,
  query: MetricStatsQuery,
): Promise<Record<string, MetricStats | undefined>> {
  if (query.metrics.length === 0) return {};
  const fromRollup = query.to - query.from > RAW_STATS_MAX_RANGE_MS;
  const filters = scopeFilters(query, fromRollup ? 'hourly' : 'raw').add('metric IN {metrics:Array(String)}', {
    metrics: query.metrics,
  });
  const sql = fromRollup
    ? `SELECT metric, ${ROLLUP_STATS_COLUMNS} FROM metric_hourly ${filters.where()} GROUP BY metric`
    : `SELECT metric, ${RAW_STATS_COLUMNS}, argMax(value, ts) AS current FROM metric_samples FINAL ${filters.where()} GROUP BY metric`;
  const [rows, current] = await Promise.all([
    client
      .query({ query: sql, query_params: filters.params, format: 'JSONEachRow' })
      .then((result) => result.json<Record<string, number | string>>()),
    fromRollup ? latestValues(client, query) : undefined,
  ]);
  const stats: Record<string, MetricStats | undefined> = Object.fromEntries(
    query.metrics.map((metric) => [metric, undefined]),
  );
  for (const row of rows) {
    const metric = String(row.metric);
    stats[metric] = {
      avg: Number(row.avg),
      max: Number(row.max),
      min: Number(row.min),
      p95: Number(row.p95),
      current: current ? (current.get(metric) ?? null) : Number(row.current),
      samples: Number(row.samples),
    };
  }
  return stats;
}

async function latestValues(client: ClickHouseClient, query: MetricStatsQuery): Promise<Map<string, number>> {
  const lastDay = { ...query, from: Math.max(query.from, query.to - DAY * 1000) };
  const filters = scopeFilters(lastDay, 'raw').add('metric IN {metrics:Array(String)}', { metrics: query.metrics });
  const result = await client.query({
    query: `SELECT metric, argMax(value, ts) AS current FROM metric_samples ${filters.where()} GROUP BY metric`,
    query_params: filters.params,
    format: 'JSONEachRow',
  });
  const rows = await result.json<{ metric: string; current: number | string }>();
  return new Map(rows.map((row) => [row.metric, Number(row.current)]));
}

/** Entity + time range conditions (see rangeCondition). */
function scopeFilters(scope: EntityMetricScope, source: MetricSource): Filters {
  return new Filters()
    .optional('connection_id = {connectionId:String}', 'connectionId', scope.connectionId)
    .optional('entity_type = {entityType:String}', 'entityType', scope.entityType)
    .add('entity_id = {entityId:String}', { entityId: scope.entityId })
    .add(rangeCondition(source), { from: Math.trunc(scope.from), to: Math.trunc(scope.to) });
}
