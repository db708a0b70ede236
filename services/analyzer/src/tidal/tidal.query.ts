import type { ClickHouseClient } from '@justfit/storage';
import type { TidalPolicy } from '../policies/policy';

/** One VM's hourly averages: `hours` are hours since the Unix epoch (UTC), `values` the hourly average of the metric. */
export interface HourlyPoints {
  connectionId: string;
  entityId: string;
  hours: number[];
  values: number[];
}

const HOUR_MS = 3_600_000;

/** The whole hours of the window: [start, end) in hours since the epoch; the running hour is left out. */
export function tidalWindow(policy: TidalPolicy, now: number): { startHour: number; endHour: number } {
  const endHour = Math.floor(now / HOUR_MS);
  return { startHour: endHour - policy.lookbackDays * 24, endHour };
}

/**
 * Hourly averages per VM from metric_hourly (no raw samples are read), one row per VM with the hours and values as
 * arrays, so 10,000 VMs × 672 hours travel as 10,000 rows. No per-hour GROUP BY (it would cost more than the rest of
 * the analysis): each row's own average is returned, and when a VM has an hour split over unmerged parts (rows >
 * distinct hours) the per-row counts come too, so mergeHourly can combine the partial averages exactly.
 */
export async function queryHourlySeries(
  clickhouse: ClickHouseClient,
  args: { policy: TidalPolicy; now: number; connectionId?: string; entityIds?: string[] },
): Promise<HourlyPoints[]> {
  const { startHour, endHour } = tidalWindow(args.policy, args.now);
  const result = await clickhouse.query({
    query: `
      SELECT connection_id AS connectionId, entity_id AS entityId,
        groupArray(toUInt32(intDiv(toUnixTimestamp(bucket), 3600))) AS hours,
        groupArray(round(finalizeAggregation(avg_state), 3)) AS values,
        if(count() = uniqExact(bucket), [], groupArray(toUInt32(finalizeAggregation(count_state)))) AS counts
      FROM metric_hourly
      WHERE entity_type = 'vm' AND metric = {metric:String}
        AND bucket >= toDateTime({from:Int64}, 'UTC') AND bucket < toDateTime({to:Int64}, 'UTC')
        AND ({connectionId:String} = '' OR connection_id = {connectionId:String})
        AND ({all:UInt8} OR entity_id IN {entityIds:Array(String)})
      GROUP BY connection_id, entity_id`,
    query_params: {
      metric: args.policy.metric, from: startHour * 3600, to: endHour * 3600, connectionId: args.connectionId ?? '',
      all: args.entityIds === undefined ? 1 : 0, entityIds: args.entityIds ?? [],
    },
    format: 'JSONEachRow',
  });
  const rows = await result.json<{ connectionId: string; entityId: string; hours: number[]; values: Array<number | null>; counts: number[] }>();
  return rows.map((r) => ({
    connectionId: String(r.connectionId), entityId: String(r.entityId),
    ...mergeHourly(r.hours.map(Number), r.values.map((v) => (v === null ? Number.NaN : Number(v))), r.counts.map(Number)),
  }));
}

/**
 * Combines rows of the same hour (partial averages of an hour still split over parts) into one average weighted by
 * the sample counts. Without counts the hours are taken to be distinct.
 */
export function mergeHourly(hours: number[], values: number[], counts: number[]): { hours: number[]; values: number[] } {
  if (counts.length === 0) return { hours, values };
  const sums = new Map<number, [number, number]>();
  hours.forEach((hour, i) => {
    const value = values[i]!;
    const count = counts[i]!;
    if (!Number.isFinite(value) || !(count > 0)) return;
    const acc = sums.get(hour) ?? [0, 0];
    acc[0] += value * count;
    acc[1] += count;
    sums.set(hour, acc);
  });
  const merged = [...sums.entries()].sort((a, b) => a[0] - b[0]);
  return { hours: merged.map(([hour]) => hour), values: merged.map(([, [sum, count]]) => sum / count) };
}
