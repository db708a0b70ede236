import {
  type ClickHouseClient,
  type InventoryCluster,
  type InventoryHost,
  listClusters,
  listHosts,
  MAX_PAGE_SIZE,
} from '@justfit/storage';
import type { HealthPolicy } from '../policies/policy';
import { allPages } from '../estate/all-pages';

/** One host's hourly averages of CPU and memory use (%); hours since the Unix epoch (UTC). NaN where a metric is missing. */
export interface HostLoad {
  connectionId: string;
  hostId: string;
  hours: number[];
  cpu: number[];
  mem: number[];
}

const HOUR_MS = 3_600_000;

/** Hourly host load from metric_hourly over the policy window: whole hours, ending with the hour of the newest data. */
export async function queryHostLoad(
  clickhouse: ClickHouseClient,
  args: { policy: HealthPolicy; asOf: number; connectionId?: string },
): Promise<HostLoad[]> {
  const endHour = Math.ceil(args.asOf / HOUR_MS);
  const startHour = endHour - args.policy.lookbackDays * 24;
  const result = await clickhouse.query({
    query: `
      SELECT connection_id AS connectionId, entity_id AS hostId, groupArray(h) AS hours, groupArray(c) AS cpu, groupArray(m) AS mem
      FROM (
        SELECT connection_id, entity_id, intDiv(toUnixTimestamp(bucket), 3600) AS h,
          round(avgMergeIf(avg_state, metric = 'cpu.usage_pct'), 3) AS c, round(avgMergeIf(avg_state, metric = 'mem.usage_pct'), 3) AS m
        FROM metric_hourly
        WHERE entity_type = 'host' AND metric IN ('cpu.usage_pct', 'mem.usage_pct')
          AND bucket >= toDateTime({from:Int64}, 'UTC') AND bucket < toDateTime({to:Int64}, 'UTC')
          AND ({connectionId:String} = '' OR connection_id = {connectionId:String})
        GROUP BY connection_id, entity_id, bucket
      )
      GROUP BY connection_id, entity_id`,
    query_params: { from: startHour * 3600, to: endHour * 3600, connectionId: args.connectionId ?? '' },
    format: 'JSONEachRow',
  });
  const rows = await result.json<{
    connectionId: string;
    hostId: string;
    hours: Array<number | string>;
    cpu: Array<number | string | null>;
    mem: Array<number | string | null>;
  }>();
  const num = (v: number | string | null) => (v === null ? Number.NaN : Number(v));
  return rows.map((r) => ({
    connectionId: String(r.connectionId),
    hostId: String(r.hostId),
    hours: r.hours.map(Number),
    cpu: r.cpu.map(num),
    mem: r.mem.map(num),
  }));
}

/** The latest host and cluster inventory of a connection (through the storage listings). */
export async function loadClusterInventory(
  clickhouse: ClickHouseClient,
  connectionId?: string,
): Promise<{ hosts: InventoryHost[]; clusters: InventoryCluster[] }> {
  const [hosts, clusters] = await Promise.all([
    allPages((page) => listHosts(clickhouse, { connectionId, page, pageSize: MAX_PAGE_SIZE })),
    allPages((page) => listClusters(clickhouse, { connectionId, page, pageSize: MAX_PAGE_SIZE })),
  ]);
  return { hosts, clusters };
}
