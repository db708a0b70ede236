import type { ClickHouseClient } from '@justfit/storage';
import type { TidalPolicy } from '../policies/policy';
import { type IdRange, readInChunks } from '../estate/query-scope';

/** One VM's hourly averages on the window's grid: values[i] is hour `startHour + i`, NaN where there is no data. */
export interface HourlyGrid {
  connectionId: string;
  entityId: string;
  values: Float64Array;
}

const HOUR_MS = 3_600_000;

/** The whole hours of the window ending at `asOf` (the newest data): [start, end) in hours since the epoch. */
export function tidalWindow(policy: TidalPolicy, asOf: number): { startHour: number; endHour: number } {
  const endHour = Math.ceil(asOf / HOUR_MS);
  return { startHour: endHour - policy.lookbackDays * 24, endHour };
}

interface SeriesArgs {
  policy: TidalPolicy;
  asOf: number;
  connectionId?: string;
  /** The VMs to read; undefined reads every VM (of the connection, when one is given). */
  entityIds?: string[];
  /** Only the VMs whose id is in this range: a slice of the estate, read by key range. */
  idRange?: IdRange;
}

/**
 * Hourly averages per VM from metric_hourly (no raw samples are read), each VM's hours placed on the window's grid by
 * ClickHouse (groupArrayInsertAt), so 10,000 VMs × 672 hours travel as 10,000 rows of bare values, to a tenth of
 * the metric's unit (a tide is at least several points of CPU; more digits only cost formatting and parsing).
 * No per-hour GROUP BY, which would cost more than the rest of the analysis: each row's own average is placed. That
 * is exact when every hour of the VM is one row, which holds when the grid has as many hours filled as there were
 * rows (two rows of one hour fill one place; counted here rather than by uniqExact in the query, which cost a fifth of
 * it); the VMs with an hour still split over unmerged parts are read again, merging each hour's partial states first.
 */
export async function queryHourlySeries(clickhouse: ClickHouseClient, args: SeriesArgs): Promise<HourlyGrid[]> {
  const plain = await readGrid(clickhouse, args, false);
  const grids = plain.filter((row) => row.folded);
  const split = plain.filter((row) => !row.folded);
  grids.push(...(await readInChunks(split, (scope) => readGrid(clickhouse, { ...args, ...scope }, true))));
  return grids.map(({ folded: _folded, ...grid }) => grid);
}

async function readGrid(
  clickhouse: ClickHouseClient,
  args: SeriesArgs,
  mergeHours: boolean,
): Promise<Array<HourlyGrid & { folded: boolean }>> {
  const { startHour, endHour } = tidalWindow(args.policy, args.asOf);
  const where = `entity_type = 'vm' AND metric = {metric:String}
    AND bucket >= toDateTime({from:Int64}, 'UTC') AND bucket < toDateTime({to:Int64}, 'UTC')
    AND ({connectionId:String} = '' OR connection_id = {connectionId:String})
    AND ({all:UInt8} OR entity_id IN {entityIds:Array(String)})
    AND ({rangeFrom:String} = '' OR entity_id >= {rangeFrom:String})
    AND ({rangeTo:String} = '' OR entity_id < {rangeTo:String})`;
  const source = mergeHours
    ? `(SELECT connection_id, entity_id, bucket, avgMergeState(avg_state) AS avg_state FROM metric_hourly WHERE ${where}
        GROUP BY connection_id, entity_id, bucket)`
    : `metric_hourly WHERE ${where}`;
  const result = await clickhouse.query({
    query: `
      SELECT connection_id AS connectionId, entity_id AS entityId,
        groupArrayInsertAt(nan, {hours:UInt32})(round(finalizeAggregation(avg_state), 1),
          toUInt32(intDiv(toUnixTimestamp(bucket), 3600) - {startHour:UInt32})) AS values,
        count() AS rows
      FROM ${source}
      GROUP BY connection_id, entity_id`,
    query_params: {
      metric: args.policy.metric,
      from: startHour * 3600,
      to: endHour * 3600,
      startHour,
      hours: endHour - startHour,
      connectionId: args.connectionId ?? '',
      all: args.entityIds === undefined ? 1 : 0,
      entityIds: args.entityIds ?? [],
      rangeFrom: args.idRange?.from ?? '',
      rangeTo: args.idRange?.to ?? '',
    },
    format: 'JSONEachRow',
  });
  const rows = await result.json<{
    connectionId: string;
    entityId: string;
    values: Array<number | null>;
    rows: number | string;
  }>();
  return rows.map((r) => {
    const values = toGrid(r.values);
    let filled = 0;
    for (const v of values) if (!Number.isNaN(v)) filled++;
    return {
      connectionId: String(r.connectionId),
      entityId: String(r.entityId),
      folded: mergeHours || filled === Number(r.rows),
      values,
    };
  });
}

/** NaN comes back as null in JSON. (A plain loop: Float64Array.from with a mapper took longer than the parse.) */
function toGrid(values: Array<number | null>): Float64Array {
  const grid = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) grid[i] = values[i] ?? Number.NaN;
  return grid;
}
