import type { ClickHouseClient } from '@clickhouse/client';
import { type MetricEntityType, RAW_STATS_COLUMNS, rangeCondition, ROLLUP_STATS_COLUMNS } from './metrics';
import { Filters } from './paging';

export interface PerEntityStatsQuery {
  connectionId?: string;
  entityType: MetricEntityType;
  metric: string;
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, exclusive. */
  to: number;
  /**
   * `rollup` merges the t-digest states of metric_daily (whole days; the range is widened to them) or metric_hourly
   * (whole hours); `raw` reads every sample. Both estimate the percentile with a t-digest.
   */
  source: 'rollup' | 'raw';
}

export interface EntityStats {
  connectionId: string;
  entityId: string;
  avg: number;
  min: number;
  max: number;
  p95: number;
  samples: number;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** avg, min, max and p95 of one metric for every entity of a type, computed in ClickHouse. */
export async function perEntityStats(client: ClickHouseClient, query: PerEntityStatsQuery): Promise<EntityStats[]> {
  const filters = new Filters()
    .optional('connection_id = {c:String}', 'c', query.connectionId)
    .add('entity_type = {t:String} AND metric = {m:String}', { t: query.entityType, m: query.metric });
  const range = { from: Math.trunc(query.from), to: Math.trunc(query.to) };
  let sql: string;
  if (query.source === 'raw') {
    filters.add(rangeCondition('raw'), range);
    sql = `SELECT connection_id, entity_id, ${RAW_STATS_COLUMNS}
      FROM metric_samples ${filters.where()} GROUP BY connection_id, entity_id ORDER BY connection_id, entity_id`;
  } else {
    const daily = range.from % DAY_MS === 0 && range.to % DAY_MS === 0;
    // The condition rounds `from` down to its bucket too; the two differ only before 1970 (JS's % rounds toward zero,
    // ClickHouse's DateTime wraps), where dropping this would change what the query reads.
    filters.add(rangeCondition(daily ? 'daily' : 'hourly'), {
      from: range.from - (range.from % (daily ? DAY_MS : HOUR_MS)),
      to: range.to,
    });
    sql = `SELECT connection_id, entity_id, ${ROLLUP_STATS_COLUMNS}
      FROM ${daily ? 'metric_daily' : 'metric_hourly'} ${filters.where()} GROUP BY connection_id, entity_id ORDER BY connection_id, entity_id`;
  }
  const result = await client.query({ query: sql, query_params: filters.params, format: 'JSONEachRow' });
  const rows = await result.json<Record<string, string | number>>();
  return rows.map((r) => ({
    connectionId: String(r.connection_id),
    entityId: String(r.entity_id),
    avg: Number(r.avg),
    min: Number(r.min),
    max: Number(r.max),
    p95: Number(r.p95),
    samples: Number(r.samples),
  }));
}
