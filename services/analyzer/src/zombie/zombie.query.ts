import { chunkForUrl, type ClickHouseClient } from '@justfit/storage';
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

interface ActivityArgs {
  policy: ZombiePolicy;
  now: number;
  connectionId?: string;
  /** The VMs to read; undefined reads every VM (of the connection, when one is given). */
  entityIds?: string[];
}

/**
 * Per-VM idle statistics over the lookback window, from vm_samples (one row per VM and timestamp, CPU, disk and
 * network side by side), in one pass grouped by VM. A timestamp is busy when any of the three is at or above its
 * threshold; the idle share is one minus the share of busy timestamps.
 *
 * A row is a timestamp only once its metrics are folded together. That is the rule (one insert carries them all),
 * so the plain read is taken for every VM whose rows are distinct timestamps, and only the VMs with a timestamp
 * still split over parts are read again with FINAL, which folds them first but costs several times more. (The check
 * counts whole seconds, a third of the cost of DateTime64: two samples in one second only send a VM to FINAL.)
 */
export async function queryVmActivity(clickhouse: ClickHouseClient, args: ActivityArgs): Promise<VmActivity[]> {
  const plain = await readActivity(clickhouse, args, false);
  const split = plain.filter((row) => !row.folded);
  const activity = plain.filter((row) => row.folded);
  for (const connectionId of new Set(split.map((row) => row.connectionId))) {
    const ids = split.filter((row) => row.connectionId === connectionId).map((row) => row.entityId);
    for (const entityIds of chunkForUrl(ids)) activity.push(...(await readActivity(clickhouse, { ...args, connectionId, entityIds }, true)));
  }
  return activity.map(({ folded: _folded, ...row }) => row);
}

async function readActivity(clickhouse: ClickHouseClient, args: ActivityArgs, final: boolean): Promise<Array<VmActivity & { folded: boolean }>> {
  const { policy } = args;
  const result = await clickhouse.query({
    query: `
      SELECT connection_id AS connectionId, entity_id AS entityId, count() AS samples,
        samples = uniqExact(toUInt32(toUnixTimestamp(ts))) AS folded,
        toUnixTimestamp64Milli(min(ts)) AS firstTs, toUnixTimestamp64Milli(max(ts)) AS lastTs,
        1 - countIf(busy) / count() AS idleShare, uniqExactIf(toDate(ts), busy) AS busyDays,
        avg(cpu_usage_pct) AS avgCpuPct, quantile(0.95)(cpu_usage_pct) AS p95CpuPct, max(cpu_usage_pct) AS maxCpuPct,
        avg(disk_kbps) AS avgDiskKbps, avg(net_kbps) AS avgNetKbps
      FROM (
        SELECT connection_id, entity_id, ts, cpu_usage_pct, disk_kbps, net_kbps,
          ifNull(cpu_usage_pct >= {cpu:Float64}, 0) OR ifNull(disk_kbps >= {disk:Float64}, 0) OR ifNull(net_kbps >= {net:Float64}, 0) AS busy
        FROM vm_samples ${final ? 'FINAL' : ''}
        WHERE ts >= fromUnixTimestamp64Milli({from:Int64}) AND ts <= fromUnixTimestamp64Milli({to:Int64})
          AND ({connectionId:String} = '' OR connection_id = {connectionId:String})
          AND ({all:UInt8} OR entity_id IN {entityIds:Array(String)})
          AND (cpu_usage_pct IS NOT NULL OR disk_kbps IS NOT NULL OR net_kbps IS NOT NULL)
      )
      GROUP BY connection_id, entity_id`,
    query_params: {
      from: args.now - policy.lookbackDays * 86_400_000, to: args.now, connectionId: args.connectionId ?? '',
      all: args.entityIds === undefined ? 1 : 0, entityIds: args.entityIds ?? [], cpu: policy.idleCpuPct,
      disk: policy.idleDiskKbps, net: policy.idleNetKbps,
    },
    format: 'JSONEachRow',
  });
  const rows = await result.json<Record<string, string | number | boolean | null>>();
  const num = (v: string | number | boolean | null | undefined) => (v === null || v === undefined ? 0 : Number(v));
  return rows.map((r) => ({
    connectionId: String(r.connectionId), entityId: String(r.entityId), samples: num(r.samples), folded: final || Boolean(num(r.folded)),
    firstTs: num(r.firstTs), lastTs: num(r.lastTs), idleShare: num(r.idleShare), avgCpuPct: num(r.avgCpuPct),
    p95CpuPct: num(r.p95CpuPct), maxCpuPct: num(r.maxCpuPct), avgDiskKbps: num(r.avgDiskKbps), avgNetKbps: num(r.avgNetKbps),
    busyDays: num(r.busyDays),
  }));
}
