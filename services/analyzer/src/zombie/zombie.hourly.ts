import { type ClickHouseClient, IDLE_LINES, IDLE_MAX_VCPUS } from '@justfit/storage';
import type { ZombiePolicy } from '../policies/policy';
import { countsKey, type IdleCounts } from './idle-counts';

/** A span of time, epoch ms, end excluded. */
export interface Span {
  from: number;
  to: number;
}

export interface HourlyScope {
  connectionId?: string;
  /** The VMs to read; undefined reads every VM (of the connection, when one is given). */
  entityIds?: string[];
  vcpus: ReadonlyMap<string, number>;
}

const HOUR = 3_600_000;

/**
 * The hourly idle counts (vm_idle_hourly) hold the published lines only: a policy that moves one reads raw samples.
 * GCP's CPU line is per vCPU count, which the counts keep for every count up to IDLE_MAX_VCPUS.
 */
export function hourlyCountsApply(policy: ZombiePolicy): boolean {
  return (
    policy.gcpIdleCpuCores === IDLE_LINES.gcpCpuCores &&
    policy.azureP95CpuPct === IDLE_LINES.azureCpuPct &&
    policy.gcpIdleNetKBps === IDLE_LINES.gcpNetKBps
  );
}

/** The whole hours of a window, and what is left at either end (read from raw samples). */
export function splitWindow(window: Span): { hours: Span; edges: Span[] } {
  const hours = { from: Math.ceil(window.from / HOUR) * HOUR, to: Math.floor(window.to / HOUR) * HOUR };
  if (hours.from >= hours.to) return { hours: { from: window.from, to: window.from }, edges: [window] };
  const edges = [
    { from: window.from, to: hours.from },
    { from: hours.to, to: window.to },
  ].filter((edge) => edge.from < edge.to);
  return { hours, edges };
}

type Row = Record<string, unknown>;
const num = (v: unknown) => Number(v ?? Number.NaN);
const DAY = 86_400_000;

/**
 * Per VM, the counts over whole hours from vm_idle_hourly. A VM's counts are taken only when every CPU and network
 * sample the rollups hold in those hours was counted (none stored before the counts existed and missed), and when its
 * vCPU count is within the counts' range; the others are returned to be read from raw samples. The rollups' own
 * counts are read from metric_daily for the whole days (a row per day instead of 24) and metric_hourly for the hours
 * either side.
 */
export async function readHourlyCounts(
  clickhouse: ClickHouseClient,
  scope: HourlyScope,
  hours: Span,
): Promise<{ exact: IdleCounts[]; fromRaw: Array<{ connectionId: string; entityId: string }> }> {
  const days = { from: Math.ceil(hours.from / DAY) * DAY, to: Math.floor(hours.to / DAY) * DAY };
  if (days.from >= days.to) days.from = days.to = hours.to;
  const params = {
    from: hours.from,
    to: hours.to,
    dayFrom: days.from,
    dayTo: days.to,
    connectionId: scope.connectionId ?? '',
    all: scope.entityIds === undefined ? 1 : 0,
    entityIds: scope.entityIds ?? [],
  };
  const at = (name: string) => `fromUnixTimestamp64Milli({${name}:Int64}, 'UTC')`;
  const inScope = `({connectionId:String} = '' OR connection_id = {connectionId:String})
        AND ({all:UInt8} OR entity_id IN {entityIds:Array(String)})`;
  const vmSeries = `entity_type = 'vm' AND metric IN ('cpu.usage_pct', 'net.kbps') AND ${inScope}`;
  const json = (query: string) =>
    clickhouse.query({ query, query_params: params, format: 'JSONEachRow' }).then((r) => r.json<Row>());
  const counted = await json(`
      SELECT connection_id AS connectionId, entity_id AS entityId, sum(cpu_samples) AS samples,
        sum(net_samples) AS netSamples, sum(cpu_under_azure) AS underAzure, sum(net_idle) AS netIdle,
        toUnixTimestamp64Milli(min(cpu_first_ts)) AS firstTs, toUnixTimestamp64Milli(max(cpu_last_ts)) AS lastTs,
        sumMap(cpu_idle_vcpus) AS idleVcpus
      FROM vm_idle_hourly
      WHERE bucket >= ${at('from')} AND bucket < ${at('to')} AND ${inScope}
      GROUP BY connection_id, entity_id`);
  const stored = await json(`
      SELECT connectionId, entityId, sum(n) AS samples FROM (
        SELECT connection_id AS connectionId, entity_id AS entityId, countMerge(count_state) AS n
        FROM metric_daily WHERE bucket >= ${at('dayFrom')} AND bucket < ${at('dayTo')} AND ${vmSeries}
        GROUP BY connection_id, entity_id
        UNION ALL
        SELECT connection_id AS connectionId, entity_id AS entityId, countMerge(count_state) AS n
        FROM metric_hourly
        WHERE ((bucket >= ${at('from')} AND bucket < ${at('dayFrom')}) OR (bucket >= ${at('dayTo')} AND bucket < ${at('to')}))
          AND ${vmSeries}
        GROUP BY connection_id, entity_id
      )
      GROUP BY connectionId, entityId`);
  const byVm = new Map(
    counted.map((row) => [countsKey({ connectionId: String(row.connectionId), entityId: String(row.entityId) }), row]),
  );
  const exact: IdleCounts[] = [];
  const fromRaw: Array<{ connectionId: string; entityId: string }> = [];
  for (const total of stored) {
    const vm = { connectionId: String(total.connectionId), entityId: String(total.entityId) };
    const row = byVm.get(countsKey(vm));
    const vcpu = Math.max(1, scope.vcpus.get(countsKey(vm)) ?? 1);
    const samples = num(row?.samples);
    const netSamples = num(row?.netSamples);
    if (!row || samples + netSamples !== num(total.samples) || !Number.isInteger(vcpu) || vcpu > IDLE_MAX_VCPUS) {
      fromRaw.push(vm);
      continue;
    }
    const [keys, counts] = (row.idleVcpus ?? [[], []]) as [unknown[], unknown[]];
    let underGcp = 0;
    for (let i = 0; i < keys.length; i++) if (num(keys[i]) >= vcpu) underGcp += num(counts[i]);
    exact.push({
      ...vm,
      samples,
      firstTs: samples > 0 ? num(row.firstTs) : 0,
      lastTs: samples > 0 ? num(row.lastTs) : 0,
      underGcp,
      underAzure: num(row.underAzure),
      netSamples,
      netIdle: num(row.netIdle),
    });
  }
  return { exact, fromRaw };
}
