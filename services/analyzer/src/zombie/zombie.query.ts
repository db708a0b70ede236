import type { ClickHouseClient } from '@justfit/storage';
import type { ZombiePolicy } from '../policies/policy';
import { readInChunks } from '../runs/query-scope';

/** How idle a VM was over the lookback window: what the zombie rule decides on. */
export interface VmActivity {
  connectionId: string;
  entityId: string;
  /** Distinct timestamps with CPU, disk or network data. */
  samples: number;
  firstTs: number;
  lastTs: number;
  idleShare: number;
  /** The evidence figures; read only for the VMs idle for at least the policy's share (the candidates). */
  usage?: VmUsageStats;
}

export interface VmUsageStats {
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

type Row = Record<string, string | number | boolean | null>;
const num = (v: string | number | boolean | null | undefined) => (v === null || v === undefined ? 0 : Number(v));

/**
 * Idle share per VM over the lookback window, from vm_samples (one row per VM and timestamp, CPU, disk and network
 * side by side), in one pass grouped by VM. A timestamp is busy when any of the three is at or above its threshold;
 * the idle share is one minus the share of busy timestamps. The evidence figures (averages, p95, busy days) are read
 * in a second pass for the candidates only, usually a small share of the estate.
 *
 * A row is a timestamp only once its metrics are folded together. That is the rule (one insert carries them all),
 * so the plain read is taken for every VM whose rows are distinct timestamps, and only the VMs with a timestamp
 * still split over parts are read again with FINAL, which folds them first but costs several times more. (The check
 * counts whole seconds, a third of the cost of DateTime64: two samples in one second only send a VM to FINAL.)
 */
export async function queryVmActivity(clickhouse: ClickHouseClient, args: ActivityArgs): Promise<VmActivity[]> {
  const plain = await readIdleness(clickhouse, args, false);
  const folded = plain.filter((row) => row.folded);
  const split = plain.filter((row) => !row.folded);
  const refolded = await readInChunks(split, (scope) => readIdleness(clickhouse, { ...args, ...scope }, true));
  const candidates = (rows: VmActivity[]) => rows.filter((row) => row.idleShare >= args.policy.idleShare);
  const usage = new Map(
    [
      ...(await readInChunks(candidates(folded), (scope) => readUsage(clickhouse, { ...args, ...scope }, false))),
      ...(await readInChunks(candidates(refolded), (scope) => readUsage(clickhouse, { ...args, ...scope }, true))),
    ].map((row) => [key(row), row.usage]),
  );
  return [...folded, ...refolded].map(({ connectionId, entityId, samples, firstTs, lastTs, idleShare }) => ({
    connectionId,
    entityId,
    samples,
    firstTs,
    lastTs,
    idleShare,
    usage: usage.get(key({ connectionId, entityId })),
  }));
}

const key = (row: { connectionId: string; entityId: string }) => `${row.connectionId}/${row.entityId}`;

function windowRows(final: boolean): string {
  return `
    SELECT connection_id, entity_id, ts, cpu_usage_pct, disk_kbps, net_kbps,
      ifNull(cpu_usage_pct >= {cpu:Float64}, 0) OR ifNull(disk_kbps >= {disk:Float64}, 0) OR ifNull(net_kbps >= {net:Float64}, 0) AS busy
    FROM vm_samples ${final ? 'FINAL' : ''}
    WHERE ts >= fromUnixTimestamp64Milli({from:Int64}) AND ts <= fromUnixTimestamp64Milli({to:Int64})
      AND ({connectionId:String} = '' OR connection_id = {connectionId:String})
      AND ({all:UInt8} OR entity_id IN {entityIds:Array(String)})
      AND (cpu_usage_pct IS NOT NULL OR disk_kbps IS NOT NULL OR net_kbps IS NOT NULL)`;
}

async function select(clickhouse: ClickHouseClient, args: ActivityArgs, query: string): Promise<Row[]> {
  const { policy } = args;
  const result = await clickhouse.query({
    query,
    query_params: {
      from: args.now - policy.lookbackDays * 86_400_000,
      to: args.now,
      connectionId: args.connectionId ?? '',
      all: args.entityIds === undefined ? 1 : 0,
      entityIds: args.entityIds ?? [],
      cpu: policy.idleCpuPct,
      disk: policy.idleDiskKbps,
      net: policy.idleNetKbps,
    },
    format: 'JSONEachRow',
  });
  return result.json<Row>();
}

async function readIdleness(
  clickhouse: ClickHouseClient,
  args: ActivityArgs,
  final: boolean,
): Promise<Array<VmActivity & { folded: boolean }>> {
  const rows = await select(
    clickhouse,
    args,
    `
    SELECT connection_id AS connectionId, entity_id AS entityId, count() AS samples,
      samples = uniqExact(toUInt32(toUnixTimestamp(ts))) AS folded,
      toUnixTimestamp64Milli(min(ts)) AS firstTs, toUnixTimestamp64Milli(max(ts)) AS lastTs, 1 - countIf(busy) / count() AS idleShare
    FROM (${windowRows(final)})
    GROUP BY connection_id, entity_id`,
  );
  return rows.map((r) => ({
    connectionId: String(r.connectionId),
    entityId: String(r.entityId),
    samples: num(r.samples),
    folded: final || Boolean(num(r.folded)),
    firstTs: num(r.firstTs),
    lastTs: num(r.lastTs),
    idleShare: num(r.idleShare),
  }));
}

async function readUsage(
  clickhouse: ClickHouseClient,
  args: ActivityArgs,
  final: boolean,
): Promise<Array<{ connectionId: string; entityId: string; usage: VmUsageStats }>> {
  const rows = await select(
    clickhouse,
    args,
    `
    SELECT connection_id AS connectionId, entity_id AS entityId, uniqExactIf(toDate(ts), busy) AS busyDays,
      avg(cpu_usage_pct) AS avgCpuPct, quantile(0.95)(cpu_usage_pct) AS p95CpuPct, max(cpu_usage_pct) AS maxCpuPct,
      avg(disk_kbps) AS avgDiskKbps, avg(net_kbps) AS avgNetKbps
    FROM (${windowRows(final)})
    GROUP BY connection_id, entity_id`,
  );
  return rows.map((r) => ({
    connectionId: String(r.connectionId),
    entityId: String(r.entityId),
    usage: {
      avgCpuPct: num(r.avgCpuPct),
      p95CpuPct: num(r.p95CpuPct),
      maxCpuPct: num(r.maxCpuPct),
      avgDiskKbps: num(r.avgDiskKbps),
      avgNetKbps: num(r.avgNetKbps),
      busyDays: num(r.busyDays),
    },
  }));
}
