import type { ClickHouseClient } from '@justfit/storage';
import type { ZombiePolicy } from '../policies/policy';

export interface VmActivity {
  connectionId: string;
  entityId: string;
  samples: number;
  firstTs: number;
  lastTs: number;
  idleShare: number;
  avgCpuPct: number;
  p95CpuPct: number;
  maxCpuPct: number;
  avgDiskKbps: number;
  avgNetKbps: number;
  /** Distinct days on which the VM was busy at least once (a nightly backup shows up here, not in idleShare). */
  busyDays: number;
}

/**
 * Per-VM idle statistics over the lookback window, computed in ClickHouse. Samples are first pivoted per timestamp
 * (grouping also folds any duplicate rows), then a timestamp counts as idle only if CPU, disk and network are all
 * below their thresholds.
 */
export async function queryVmActivity(
  clickhouse: ClickHouseClient,
  args: { policy: ZombiePolicy; now: number; connectionId?: string; entityIds: string[] },
): Promise<VmActivity[]> {
  const { policy } = args;
  const result = await clickhouse.query({
    query: `
      WITH per_ts AS (
        SELECT connection_id, entity_id, ts,
               maxIf(value, metric = 'cpu.usage_pct') AS cpu,
               maxIf(value, metric = 'disk.kbps') AS disk,
               maxIf(value, metric = 'net.kbps') AS net
        FROM metric_samples
        WHERE entity_type = 'vm'
          AND metric IN ('cpu.usage_pct', 'disk.kbps', 'net.kbps')
          AND ts >= fromUnixTimestamp64Milli({from:Int64}) AND ts <= fromUnixTimestamp64Milli({to:Int64})
          AND ({connectionId:String} = '' OR connection_id = {connectionId:String})
          AND (length({entityIds:Array(String)}) = 0 OR has({entityIds:Array(String)}, entity_id))
        GROUP BY connection_id, entity_id, ts
      )
      SELECT connection_id AS connectionId, entity_id AS entityId, count() AS samples,
             toUnixTimestamp64Milli(min(ts)) AS firstTs, toUnixTimestamp64Milli(max(ts)) AS lastTs,
             countIf(cpu < {cpu:Float64} AND disk < {disk:Float64} AND net < {net:Float64}) / count() AS idleShare,
             avg(cpu) AS avgCpuPct, quantile(0.95)(cpu) AS p95CpuPct, max(cpu) AS maxCpuPct,
             avg(disk) AS avgDiskKbps, avg(net) AS avgNetKbps,
             uniqExactIf(toDate(ts), NOT (cpu < {cpu:Float64} AND disk < {disk:Float64} AND net < {net:Float64})) AS busyDays
      FROM per_ts
      GROUP BY connection_id, entity_id`,
    query_params: {
      from: args.now - policy.lookbackDays * 86_400_000, to: args.now, connectionId: args.connectionId ?? '',
      entityIds: args.entityIds, cpu: policy.idleCpuPct, disk: policy.idleDiskKbps, net: policy.idleNetKbps,
    },
    format: 'JSONEachRow',
  });
  const rows = await result.json<Record<string, string | number>>();
  return rows.map((r) => ({
    connectionId: String(r.connectionId), entityId: String(r.entityId), samples: Number(r.samples),
    firstTs: Number(r.firstTs), lastTs: Number(r.lastTs), idleShare: Number(r.idleShare), avgCpuPct: Number(r.avgCpuPct),
    p95CpuPct: Number(r.p95CpuPct), maxCpuPct: Number(r.maxCpuPct), avgDiskKbps: Number(r.avgDiskKbps),
    avgNetKbps: Number(r.avgNetKbps), busyDays: Number(r.busyDays),
  }));
}
