import type { ClickHouseClient } from '@justfit/storage';
import type { RightsizePolicy } from '../policies/policy';
import { readInChunks } from '../estate/query-scope';

/** Per-VM usage over the right-sizing window, from the daily rollup (5-minute samples merged per day). */
export interface VmUsage {
  connectionId: string;
  entityId: string;
  /** History: the hours from the first to the last with CPU samples, in days (to a tenth). */
  days: number;
  /** Calendar days with CPU samples, and the first and last of them (epoch ms of the day's start, UTC). */
  daysWithSamples: number;
  firstDay: number;
  lastDay: number;
  cpuSamples: number;
  cpuAvgPct: number;
  /** cpu.usage_pct at the policy percentile. */
  cpuUsagePctile: number;
  cpuMaxPct: number;
  /** cpu.ready_pct as stored: summed over the VM's vCPUs (so up to 100 × vCPU). */
  readyAvgPct: number;
  readyPctile: number;
  memSamples: number;
  memActiveMaxMb: number;
  memActiveP99Mb: number;
  memConsumedMaxMb: number;
  memConsumedP99Mb: number;
  /** Highest hourly average (only read when the policy sizes memory by 'hourly-max'; NaN otherwise). */
  memActiveHourlyMaxMb: number;
  memConsumedHourlyMaxMb: number;
}

const METRICS = ['cpu.usage_pct', 'cpu.ready_pct', 'mem.active_mb', 'mem.consumed_mb'];

/**
 * One pass over metric_daily (30 rows per VM and metric for 30 days): the t-digest states of the 5-minute samples
 * are merged across days, so the percentile is that of the 5-minute samples, not of daily averages. The t-digests are
 * the expensive part (about 1.6 KB per VM, metric and day), so memory percentiles are merged only for the 'p99' policy.
 * Empty aggregates (a metric never collected) come back as null and are read as NaN.
 */
export async function queryVmUsage(
  clickhouse: ClickHouseClient,
  args: { policy: RightsizePolicy; asOf: number; connectionId?: string; entityIds?: string[] },
): Promise<VmUsage[]> {
  const { policy } = args;
  const result = await clickhouse.query({
    query: `
      SELECT connection_id AS connectionId, entity_id AS entityId,
        uniqExactIf(bucket, metric = 'cpu.usage_pct') AS days,
        toUnixTimestamp(minIf(bucket, metric = 'cpu.usage_pct')) * 1000 AS firstDay,
        toUnixTimestamp(maxIf(bucket, metric = 'cpu.usage_pct')) * 1000 AS lastDay,
        countMergeIf(count_state, metric = 'cpu.usage_pct') AS cpuSamples,
        avgMergeIf(avg_state, metric = 'cpu.usage_pct') AS cpuAvgPct,
        quantileTDigestMergeIf({p:Float64})(quantiles_state, metric = 'cpu.usage_pct') AS cpuUsagePctile,
        maxMergeIf(max_state, metric = 'cpu.usage_pct') AS cpuMaxPct,
        avgMergeIf(avg_state, metric = 'cpu.ready_pct') AS readyAvgPct,
        quantileTDigestMergeIf({p:Float64})(quantiles_state, metric = 'cpu.ready_pct') AS readyPctile,
        countMergeIf(count_state, metric = 'mem.active_mb') AS memSamples,
        maxMergeIf(max_state, metric = 'mem.active_mb') AS memActiveMaxMb,
        maxMergeIf(max_state, metric = 'mem.consumed_mb') AS memConsumedMaxMb${
          policy.memoryPeak === 'p99'
            ? `,
        quantileTDigestMergeIf(0.99)(quantiles_state, metric = 'mem.active_mb') AS memActiveP99Mb,
        quantileTDigestMergeIf(0.99)(quantiles_state, metric = 'mem.consumed_mb') AS memConsumedP99Mb`
            : ''
        }
      FROM metric_daily
      WHERE entity_type = 'vm' AND metric IN {metrics:Array(String)}
        AND bucket >= toStartOfDay(fromUnixTimestamp64Milli({from:Int64}, 'UTC')) AND bucket < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
        AND ({connectionId:String} = '' OR connection_id = {connectionId:String})
        AND ({all:UInt8} OR entity_id IN {entityIds:Array(String)})
      GROUP BY connection_id, entity_id`,
    query_params: {
      p: policy.cpuPercentile,
      metrics: METRICS,
      from: args.asOf - policy.lookbackDays * 86_400_000,
      to: args.asOf,
      connectionId: args.connectionId ?? '',
      all: args.entityIds === undefined ? 1 : 0,
      entityIds: args.entityIds ?? [],
    },
    format: 'JSONEachRow',
  });
  const rows = await result.json<Record<string, string | number | null>>();
  const hourly = await queryHourlyFigures(clickhouse, args);
  return rows
    .map((r) => ({ ...r, ...hourly.get(`${r.connectionId}/${r.entityId}`) }))
    .map((r) => ({
      connectionId: String(r.connectionId),
      entityId: String(r.entityId),
      days: Math.round((num(r.cpuHours) / 24) * 10) / 10,
      daysWithSamples: num(r.days),
      firstDay: num(r.firstDay),
      lastDay: num(r.lastDay),
      cpuSamples: num(r.cpuSamples),
      cpuAvgPct: num(r.cpuAvgPct),
      cpuUsagePctile: num(r.cpuUsagePctile),
      cpuMaxPct: num(r.cpuMaxPct),
      readyAvgPct: num(r.readyAvgPct),
      readyPctile: num(r.readyPctile),
      memSamples: num(r.memSamples),
      memActiveMaxMb: num(r.memActiveMaxMb),
      memActiveP99Mb: num(r.memActiveP99Mb),
      memConsumedMaxMb: num(r.memConsumedMaxMb),
      memConsumedP99Mb: num(r.memConsumedP99Mb),
      memActiveHourlyMaxMb: num(r.memActiveHourlyMaxMb),
      memConsumedHourlyMaxMb: num(r.memConsumedHourlyMaxMb),
    }));
}

const num = (v: string | number | null | undefined) => (v === null || v === undefined ? Number.NaN : Number(v));

const HOURLY_PEAKS_SELECT = `
  maxIf(finalizeAggregation(avg_state), metric = 'mem.active_mb') AS memActiveHourlyMaxMb,
  maxIf(finalizeAggregation(avg_state), metric = 'mem.consumed_mb') AS memConsumedHourlyMaxMb`;
const HOURLY_PEAKS_WHERE = `
  entity_type = 'vm' AND metric IN ('cpu.usage_pct', 'mem.active_mb', 'mem.consumed_mb')
  AND bucket >= toStartOfDay(fromUnixTimestamp64Milli({from:Int64}, 'UTC')) AND bucket < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
  AND ({connectionId:String} = '' OR connection_id = {connectionId:String})
  AND ({all:UInt8} OR entity_id IN {entityIds:Array(String)})`;

/**
 * The hours from the first to the last with CPU samples (the VM's history: a day starting at 18:00 is a quarter of a
 * day, not one) and the highest
 * hourly average of active and consumed memory per VM, from metric_hourly over the same whole days.
 * Fast path: each row's own average, no per-hour GROUP BY (the costly part). That is exact when every (metric, hour)
 * of the VM is one row, which the query checks (rows = distinct hours, per metric); the VMs whose hours are still
 * split over unmerged parts are read again, merging each hour's partial states first.
 */
async function queryHourlyFigures(
  clickhouse: ClickHouseClient,
  args: { policy: RightsizePolicy; asOf: number; connectionId?: string; entityIds?: string[] },
): Promise<Map<string, Record<string, string | number | null>>> {
  const params = {
    from: args.asOf - args.policy.lookbackDays * 86_400_000,
    to: args.asOf,
    connectionId: args.connectionId ?? '',
    all: args.entityIds === undefined ? 1 : 0,
    entityIds: args.entityIds ?? [],
  };
  const fast = await clickhouse.query({
    query: `
      SELECT connection_id AS connectionId, entity_id AS entityId, ${HOURLY_PEAKS_SELECT},
        (toUnixTimestamp(maxIf(bucket, metric = 'cpu.usage_pct')) - toUnixTimestamp(minIf(bucket, metric = 'cpu.usage_pct'))) / 3600 + 1 AS cpuHours,
        countIf(metric = 'mem.active_mb') = uniqExactIf(bucket, metric = 'mem.active_mb')
          AND countIf(metric = 'mem.consumed_mb') = uniqExactIf(bucket, metric = 'mem.consumed_mb') AS exact
      FROM metric_hourly WHERE ${HOURLY_PEAKS_WHERE}
      GROUP BY connection_id, entity_id`,
    query_params: params,
    format: 'JSONEachRow',
  });
  const rows = await fast.json<Record<string, string | number | null>>();
  const peaks = new Map(rows.map((r) => [`${r.connectionId}/${r.entityId}`, r]));
  const split = rows
    .filter((r) => Number(r.exact) !== 1)
    .map((r) => ({ connectionId: String(r.connectionId), entityId: String(r.entityId) }));
  const merged = await readInChunks(split, async (scope) => {
    const exact = await clickhouse.query({
      query: `
        SELECT connection_id AS connectionId, entity_id AS entityId, ${HOURLY_PEAKS_SELECT}
        FROM (
          SELECT connection_id, entity_id, metric, bucket, avgMergeState(avg_state) AS avg_state
          FROM metric_hourly WHERE ${HOURLY_PEAKS_WHERE}
          GROUP BY connection_id, entity_id, metric, bucket
        )
        GROUP BY connection_id, entity_id`,
      query_params: { ...params, ...scope, all: 0 },
      format: 'JSONEachRow',
    });
    return exact.json<Record<string, string | number | null>>();
  });
  for (const r of merged) {
    const key = `${r.connectionId}/${r.entityId}`;
    peaks.set(key, { ...peaks.get(key), ...r });
  }
  return peaks;
}
