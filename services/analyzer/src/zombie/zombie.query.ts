import type { ClickHouseClient } from '@justfit/storage';
import type { ZombiePolicy } from '../policies/policy';
import { readInChunks } from '../estate/query-scope';
import type { HourlyActivity } from './activity';
import { addCounts, countsKey, type IdleCounts } from './idle-counts';
import { hourlyCountsApply, readHourlyCounts, type Span, splitWindow } from './zombie.hourly';

/** How idle a VM was over the lookback window: what the zombie rule decides on. */
export interface VmIdleness {
  connectionId: string;
  entityId: string;
  /** 5-minute CPU samples in the window, and the first and last of them (epoch ms). */
  samples: number;
  firstTs: number;
  lastTs: number;
  /** Share of CPU samples under GCP's idle line for this VM's vCPU count (0.03 vCPU). */
  gcpIdleCpuShare: number;
  /** Share of CPU samples under Azure's P95 line (3 %): at least 0.95 means the P95 is under it. */
  azureIdleCpuShare: number;
  /** Network samples, and the share of them under GCP's idle line; 0 samples = network not collected. */
  netSamples: number;
  gcpIdleNetShare: number;
  /** Read only for the candidates (idle by GCP's CPU line). */
  usage?: VmUsageStats;
}

export interface VmUsageStats {
  avgCpuPct: number;
  /** The 95th percentile of the window's CPU samples (exact, not interpolated: evidence for Azure's rule). */
  p95CpuPct: number;
  maxCpuPct: number;
  avgDiskKbps: number | null;
  avgNetKbps: number | null;
  /** Average active memory (MB); null when not collected. */
  avgMemActiveMb: number | null;
  /** Highest `azureAverageMinutes`-minute average CPU in the last `azureRecentDays` days of the window (%). */
  recentMaxAvgCpuPct: number;
  hourly: HourlyActivity;
}

export interface IdlenessArgs {
  policy: ZombiePolicy;
  /** End of the window (epoch ms): the newest data, not the wall clock. */
  asOf: number;
  connectionId?: string;
  /** The VMs to read; undefined reads every VM (of the connection, when one is given). */
  entityIds?: string[];
  /** vCPU count of each VM (`connectionId/vmId`), for GCP's per-vCPU idle line; unknown counts read as 1. */
  vcpus: ReadonlyMap<string, number>;
}

type Row = Record<string, string | number | boolean | null | Array<number | null>>;
const num = (v: unknown) => (v === null || v === undefined ? Number.NaN : Number(v));
const DAY = 86_400_000;
const HOUR = 3_600_000;

/** GCP's idle line as a share of the VM (%): 0.03 vCPU of 4 vCPU is 0.75 %. */
export function gcpIdleCpuPct(policy: ZombiePolicy, vcpu: number): number {
  return (100 * policy.gcpIdleCpuCores) / Math.max(1, vcpu);
}

/**
 * Idleness per VM: the shares of samples under each published idle line, then, for the candidates only (usually a
 * small share of the estate), the evidence (averages, the recent 30-minute peaks, the hourly activity) from raw
 * samples.
 *
 * The shares come from the hourly idle counts (vm_idle_hourly: ~340 rows per VM over 14 days) when the policy keeps
 * the published lines, with the window's partial hours at either end read from raw samples. A VM is read from raw
 * samples (vm_samples: one row per VM and timestamp) over the whole window when the counts cannot give exactly what
 * the raw samples give: a sample stored twice, samples stored before the counts existed, a custom line. GCP's line
 * depends on the vCPU count, so the raw pass counts the samples under each distinct line of the run's VMs (a dozen
 * columns at most) and each VM takes its own.
 *
 * In vm_samples a row is a timestamp only once its metrics are folded together. That is the rule (one insert carries
 * them all), so the plain read is taken for every VM whose rows are distinct timestamps, and only the VMs with a
 * timestamp still split over parts are read again with FINAL, which folds them first but costs several times more.
 */
export async function queryVmIdleness(clickhouse: ClickHouseClient, args: IdlenessArgs): Promise<VmIdleness[]> {
  const lines = [...new Set([...args.vcpus.values()].map((v) => gcpIdleCpuPct(args.policy, v)))].sort((a, b) => a - b);
  const window = { from: args.asOf - args.policy.lookbackDays * DAY, to: args.asOf };
  const counted = hourlyCountsApply(args.policy) ? await readCountedVms(clickhouse, args, lines, window) : undefined;
  const plain = counted
    ? await readInChunks(counted.fromRaw, (scope) =>
        readIdleness(clickhouse, { ...args, ...scope }, lines, window, false),
      )
    : await readIdleness(clickhouse, args, lines, window, false);
  const split = plain.filter((row) => !row.folded);
  const refolded = await readInChunks(split, (scope) =>
    readIdleness(clickhouse, { ...args, ...scope }, lines, window, true),
  );
  const exact = (counted?.exact ?? []).map(toIdleness);
  const folded = plain.filter((row) => row.folded).map(toIdleness);
  const candidates = (rows: VmIdleness[]) => rows.filter((row) => isCandidate(row, args.policy));
  // The counts say nothing of how vm_samples holds a counted candidate's rows: the evidence pass tells, and the VMs
  // with a timestamp still split over parts are read again with FINAL, as the raw pass would read them.
  const plainUsage = await readInChunks([...candidates(exact), ...candidates(folded)], (scope) =>
    readUsage(clickhouse, { ...args, ...scope }, false),
  );
  const finalUsage = await readInChunks(
    [...candidates(refolded.map(toIdleness)), ...plainUsage.filter((row) => !row.folded)],
    (scope) => readUsage(clickhouse, { ...args, ...scope }, true),
  );
  const usage = new Map(
    [...plainUsage.filter((row) => row.folded), ...finalUsage].map((row) => [countsKey(row), row.usage]),
  );
  return [...exact, ...folded, ...refolded.map(toIdleness)].map((row) => ({
    ...row,
    usage: usage.get(countsKey(row)),
  }));
}

/**
 * The VMs whose counts come from vm_idle_hourly, with the window's partial hours added from raw samples, and those
 * to read from raw samples over the whole window.
 */
async function readCountedVms(
  clickhouse: ClickHouseClient,
  args: IdlenessArgs,
  lines: number[],
  window: Span,
): Promise<{ exact: IdleCounts[]; fromRaw: Array<{ connectionId: string; entityId: string }> }> {
  const { hours, edges } = splitWindow(window);
  const hourly = hours.from < hours.to ? await readHourlyCounts(clickhouse, args, hours) : { exact: [], fromRaw: [] };
  const exact = new Map(hourly.exact.map((row) => [countsKey(row), row]));
  const fromRaw = new Map(hourly.fromRaw.map((vm) => [countsKey(vm), vm]));
  for (const edge of edges) {
    for (const { folded, ...row } of await readIdleness(clickhouse, args, lines, edge, false)) {
      const key = countsKey(row);
      if (fromRaw.has(key)) continue;
      const inHours = exact.get(key);
      if (!folded) {
        exact.delete(key);
        fromRaw.set(key, row);
      } else exact.set(key, inHours ? addCounts(inHours, row) : row);
    }
  }
  return { exact: [...exact.values()], fromRaw: [...fromRaw.values()] };
}

function toIdleness(counts: IdleCounts): VmIdleness {
  const { samples, netSamples } = counts;
  return {
    connectionId: counts.connectionId,
    entityId: counts.entityId,
    samples,
    firstTs: counts.firstTs,
    lastTs: counts.lastTs,
    gcpIdleCpuShare: samples > 0 ? counts.underGcp / samples : 0,
    azureIdleCpuShare: samples > 0 ? counts.underAzure / samples : 0,
    netSamples,
    gcpIdleNetShare: netSamples > 0 ? counts.netIdle / netSamples : 1,
  };
}

/** Idle by GCP's CPU line: worth reading the evidence for. */
export function isCandidate(row: VmIdleness, policy: ZombiePolicy): boolean {
  return row.samples > 0 && row.gcpIdleCpuShare >= policy.gcpIdleCpuShare;
}

function scopeWhere(): string {
  return `ts >= fromUnixTimestamp64Milli({from:Int64}) AND ts < fromUnixTimestamp64Milli({to:Int64})
      AND ({connectionId:String} = '' OR connection_id = {connectionId:String})
      AND ({all:UInt8} OR entity_id IN {entityIds:Array(String)})`;
}

function scopeParams(args: Omit<IdlenessArgs, 'vcpus'>, window: Span) {
  return {
    from: window.from,
    to: window.to,
    connectionId: args.connectionId ?? '',
    all: args.entityIds === undefined ? 1 : 0,
    entityIds: args.entityIds ?? [],
  };
}

async function readIdleness(
  clickhouse: ClickHouseClient,
  args: IdlenessArgs,
  lines: number[],
  window: Span,
  final: boolean,
): Promise<Array<IdleCounts & { folded: boolean }>> {
  const under = lines.map((_, i) => `countIf(cpu_usage_pct < {line${i}:Float64}) AS under${i}`).join(',\n        ');
  const result = await clickhouse.query({
    query: `
      SELECT connection_id AS connectionId, entity_id AS entityId,
        countIf(cpu_usage_pct IS NOT NULL) AS samples,
        count() = uniqExact(toUInt32(toUnixTimestamp(ts))) AS folded,
        toUnixTimestamp64Milli(minIf(ts, cpu_usage_pct IS NOT NULL)) AS firstTs,
        toUnixTimestamp64Milli(maxIf(ts, cpu_usage_pct IS NOT NULL)) AS lastTs,
        countIf(cpu_usage_pct < {azure:Float64}) AS underAzure,
        countIf(net_kbps IS NOT NULL) AS netSamples,
        countIf(net_kbps < {net:Float64}) AS netIdle${under ? `,\n        ${under}` : ''}
      FROM vm_samples ${final ? 'FINAL' : ''}
      WHERE ${scopeWhere()}
      GROUP BY connection_id, entity_id`,
    query_params: {
      ...scopeParams(args, window),
      azure: args.policy.azureP95CpuPct,
      net: args.policy.gcpIdleNetKBps,
      ...Object.fromEntries(lines.map((line, i) => [`line${i}`, line])),
    },
    format: 'JSONEachRow',
  });
  const rows = await result.json<Row>();
  return rows.map((r) => {
    const connectionId = String(r.connectionId);
    const entityId = String(r.entityId);
    const line = gcpIdleCpuPct(args.policy, args.vcpus.get(`${connectionId}/${entityId}`) ?? 1);
    return {
      connectionId,
      entityId,
      samples: num(r.samples),
      folded: final || Boolean(num(r.folded)),
      firstTs: num(r.firstTs),
      lastTs: num(r.lastTs),
      underGcp: num(r[`under${lines.indexOf(line)}`]),
      underAzure: num(r.underAzure),
      netSamples: num(r.netSamples),
      netIdle: num(r.netIdle),
    };
  });
}

/**
 * The candidates' evidence: averages and the exact P95 of CPU over the window, the highest `azureAverageMinutes`
 * average of CPU in the last `azureRecentDays` days, and per hour (the hour a bucket starts in) the highest CPU and the
 * mean of the buckets' average disk and network, placed on the window's hourly grid by ClickHouse. Only timestamps with
 * CPU count, as in the idle shares. The P95 rides on the same pass (each bucket's samples kept as a quantile state,
 * merged per VM): read from the daily t-digests instead, it cost more than the whole pass.
 *
 * `folded` says whether every timestamp of the VM was one row (a timestamp split over parts is two until merged); a
 * VM that is not must be read again with FINAL. Rows without CPU are read for that check only.
 */
async function readUsage(
  clickhouse: ClickHouseClient,
  args: IdlenessArgs,
  final: boolean,
): Promise<Array<{ connectionId: string; entityId: string; folded: boolean; usage: VmUsageStats }>> {
  const { policy } = args;
  const bucketMs = policy.azureAverageMinutes * 60_000;
  const from = args.asOf - policy.lookbackDays * DAY;
  const firstBucket = Math.floor(from / bucketMs);
  const buckets = Math.ceil(args.asOf / bucketMs) - firstBucket;
  const startHour = Math.floor((firstBucket * bucketMs) / HOUR);
  const hours = Math.ceil(((firstBucket + buckets) * bucketMs) / HOUR) - startHour;
  const recentFrom = Math.max(0, buckets - Math.round((policy.azureRecentDays * DAY) / bucketMs));
  const cpu = 'cpu_usage_pct IS NOT NULL';
  const result = await clickhouse.query({
    query: `
      SELECT connection_id AS connectionId, entity_id AS entityId, min(folded) AS folded,
        sum(n) AS samples, sum(cpu_sum) / sum(n) AS avgCpuPct, max(cpu_max) AS maxCpuPct,
        quantileExactMerge(0.95)(cpu_samples) AS p95CpuPct,
        sum(disk_sum) / nullIf(sum(disk_n), 0) AS avgDiskKbps, sum(net_sum) / nullIf(sum(net_n), 0) AS avgNetKbps,
        sum(mem_sum) / nullIf(sum(mem_n), 0) AS avgMemActiveMb, max(recent_max) AS recentMaxAvgCpuPct,
        groupArrayInsertAt(nan, {hours:UInt32})(ifNull(cpu_max, nan), hour) AS cpuMax,
        groupArrayInsertAt(nan, {hours:UInt32})(ifNull(disk_avg, nan), hour) AS diskAvg,
        groupArrayInsertAt(nan, {hours:UInt32})(ifNull(net_avg, nan), hour) AS netAvg
      FROM (
        SELECT connection_id, entity_id, min(folded) AS folded,
          toUInt32(intDiv((slot + {firstBucket:Int64}) * {bucketMs:Int64}, 3600000) - {startHour:Int64}) AS hour,
          sum(n) AS n, sum(cpu_sum) AS cpu_sum, max(cpu_max) AS cpu_max,
          quantileExactMergeState(0.95)(cpu_samples) AS cpu_samples, maxIf(cpu_avg, slot >= {recentFrom:UInt32}) AS recent_max,
          sum(disk_sum) AS disk_sum, sum(disk_n) AS disk_n, avg(disk_avg) AS disk_avg,
          sum(net_sum) AS net_sum, sum(net_n) AS net_n, avg(net_avg) AS net_avg,
          sum(mem_sum) AS mem_sum, sum(mem_n) AS mem_n
        FROM (
          SELECT connection_id, entity_id, count() = uniqExact(ts) AS folded,
            toUInt32(intDiv(toUnixTimestamp64Milli(ts), {bucketMs:Int64}) - {firstBucket:Int64}) AS slot,
            countIf(${cpu}) AS n, sumIf(cpu_usage_pct, ${cpu}) AS cpu_sum,
            avg(cpu_usage_pct) AS cpu_avg, max(cpu_usage_pct) AS cpu_max, quantileExactState(0.95)(cpu_usage_pct) AS cpu_samples,
            sumIf(disk_kbps, ${cpu} AND disk_kbps IS NOT NULL) AS disk_sum, countIf(${cpu} AND disk_kbps IS NOT NULL) AS disk_n,
            avgIf(disk_kbps, ${cpu}) AS disk_avg,
            sumIf(net_kbps, ${cpu} AND net_kbps IS NOT NULL) AS net_sum, countIf(${cpu} AND net_kbps IS NOT NULL) AS net_n,
            avgIf(net_kbps, ${cpu}) AS net_avg,
            sumIf(mem_active_mb, ${cpu} AND mem_active_mb IS NOT NULL) AS mem_sum,
            countIf(${cpu} AND mem_active_mb IS NOT NULL) AS mem_n
          FROM vm_samples ${final ? 'FINAL' : ''}
          WHERE ${scopeWhere()}
          GROUP BY connection_id, entity_id, slot
        )
        GROUP BY connection_id, entity_id, hour
      )
      GROUP BY connection_id, entity_id
      HAVING samples > 0`,
    query_params: {
      ...scopeParams(args, { from, to: args.asOf }),
      bucketMs,
      firstBucket,
      startHour,
      hours,
      recentFrom,
    },
    format: 'JSONEachRow',
  });
  const rows = await result.json<Row>();
  const nullable = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return rows.map((r) => ({
    connectionId: String(r.connectionId),
    entityId: String(r.entityId),
    folded: final || Boolean(num(r.folded)),
    usage: {
      avgCpuPct: num(r.avgCpuPct),
      p95CpuPct: num(r.p95CpuPct),
      maxCpuPct: num(r.maxCpuPct),
      avgDiskKbps: nullable(r.avgDiskKbps),
      avgNetKbps: nullable(r.avgNetKbps),
      avgMemActiveMb: nullable(r.avgMemActiveMb),
      // No bucket in the recent days reads as 0, as it did when the peak was taken over the buckets in JS.
      recentMaxAvgCpuPct: Math.max(0, num(r.recentMaxAvgCpuPct) || 0),
      hourly: { startHour, cpuMax: toGrid(r.cpuMax), diskKBps: toGrid(r.diskAvg), netKBps: toGrid(r.netAvg) },
    },
  }));
}

/** NaN comes back as null in JSON. */
function toGrid(values: unknown): Float64Array {
  const list = (values ?? []) as Array<number | null>;
  const grid = new Float64Array(list.length);
  for (let i = 0; i < list.length; i++) grid[i] = list[i] ?? Number.NaN;
  return grid;
}
