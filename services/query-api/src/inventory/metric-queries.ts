import {
  type InventoryKind,
  isMetricName,
  METRIC_UNITS,
  type MetricAggregation,
  metricSeries,
  metricStats,
} from '@justfit/storage';
import type { ApiContext } from '../graphql/context';
import { apiError } from '../graphql/errors';
import { alertsOfEntity } from '../read-models/alerts';
import { timeRange } from './args';
import { resolveEntity } from './entity-scope';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** More points than a chart can show is a mistake in the interval; refusing it also bounds the query. */
const MAX_POINTS = 10_000;

export interface MetricsArgs {
  entityType: InventoryKind;
  entityId: string;
  connectionId?: string | null;
  metricNames?: string[] | null;
  startTime?: number | null;
  endTime?: number | null;
  aggregation?: MetricAggregation | null;
  interval?: number | null;
}

/** GetMetrics: one aggregated series per metric. */
export async function entityMetrics(ctx: ApiContext, args: MetricsArgs) {
  const interval = args.interval ?? 300;
  if (!Number.isInteger(interval) || interval < 1)
    throw apiError(400, 'interval must be a whole number of seconds ≥ 1', ctx.traceId);
  const unknown = (args.metricNames ?? []).filter((name) => !isMetricName(name));
  if (unknown.length) {
    throw apiError(
      400,
      `unknown metric ${unknown.join(', ')}: metrics are ${Object.keys(METRIC_UNITS).join(', ')}`,
      ctx.traceId,
    );
  }
  const scope = await resolveEntity(ctx, args.entityType, args.entityId, args.connectionId);
  const range = timeRange(args, scope.coverage?.last, DAY_MS, ctx);
  if ((range.to - range.from) / (interval * 1000) > MAX_POINTS) {
    throw apiError(
      400,
      `${interval} s over this range is more than ${MAX_POINTS} points: choose a longer interval`,
      ctx.traceId,
    );
  }
  const names = args.metricNames?.length ? args.metricNames : (scope.coverage?.metrics ?? []);
  const aggregation = args.aggregation ?? 'avg';
  const series = await Promise.all(
    names.map(async (name) => {
      const s = await metricSeries(ctx.clickhouse, {
        connectionId: scope.connectionId,
        entityType: args.entityType,
        entityId: args.entityId,
        metric: name,
        ...range,
        stepSec: interval,
        aggregation,
      });
      return {
        name,
        unit: METRIC_UNITS[name as keyof typeof METRIC_UNITS] ?? '',
        aggregation,
        intervalSec: s.stepSec,
        source: s.source,
        datapoints: s.points.map((p) => ({ timestamp: p.ts, value: p.value })),
      };
    }),
  );
  return {
    entityType: args.entityType,
    entityId: args.entityId,
    connectionId: scope.connectionId,
    startTime: range.from,
    endTime: range.to,
    metrics: series,
  };
}

export interface DetailArgs {
  entityType: InventoryKind;
  entityId: string;
  connectionId?: string | null;
  startTime?: number | null;
  endTime?: number | null;
}

/** GetEntityDetail: latest state, avg/max/min/p95/current per metric, and the entity's alerts. */
export async function entityDetail(ctx: ApiContext, args: DetailArgs) {
  const scope = await resolveEntity(ctx, args.entityType, args.entityId, args.connectionId);
  const range = timeRange(args, scope.coverage?.last, 30 * DAY_MS, ctx);
  const names = scope.coverage?.metrics ?? [];
  const [stats, alerts] = await Promise.all([
    metricStats(ctx.clickhouse, {
      connectionId: scope.connectionId,
      entityType: args.entityType,
      entityId: args.entityId,
      metrics: names,
      ...range,
    }),
    alertsOfEntity(ctx.clickhouse, args.entityType, args.entityId),
  ]);
  const metrics = names.flatMap((name) => {
    const s = stats[name];
    return s ? [{ name, unit: METRIC_UNITS[name as keyof typeof METRIC_UNITS] ?? '', ...s }] : [];
  });
  return {
    entityType: args.entityType,
    entityId: args.entityId,
    connectionId: scope.connectionId,
    name: scope.entity.name,
    info: scope.entity,
    startTime: range.from,
    endTime: range.to,
    metrics,
    alerts,
  };
}
