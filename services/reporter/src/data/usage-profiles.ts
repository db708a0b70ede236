import type { ClickHouseClient } from '@justfit/storage';
import { numberAt, stringAt } from '../model/evidence';
import type { ReportFinding, RightsizeUsage, TidalProfile } from '../model/report-model';

const DAY_MS = 86_400_000;
const FAR_FUTURE_S = 4_102_444_800; // 2100-01-01

/** The window a finding's analysis read (epoch ms), from its evidence; all data when the evidence does not say. */
function windowOf(f: ReportFinding, fromPath: string, toPath: string): { from: number; to: number } {
  const from = numberAt(f.evidence, fromPath);
  const to = numberAt(f.evidence, toPath);
  return { from: from === null ? 0 : Math.floor(from / 1000), to: to === null ? FAR_FUTURE_S : Math.ceil(to / 1000) };
}

function byConnection(findings: ReportFinding[]): Map<string, ReportFinding[]> {
  const groups = new Map<string, ReportFinding[]>();
  for (const f of findings) groups.set(f.connectionId, [...(groups.get(f.connectionId) ?? []), f]);
  return groups;
}

/**
 * Each tidal VM's day: the average of its tide's metric per hour of the day over the analysed window, in the time
 * zone the tide was judged in.
 */
export async function tidalProfiles(clickhouse: ClickHouseClient, findings: ReportFinding[]): Promise<TidalProfile[]> {
  const profiles: TidalProfile[] = [];
  for (const [connectionId, group] of byConnection(findings)) {
    const windows = group.map((f) => windowOf(f, 'windowStart', 'windowEnd'));
    const metrics = [...new Set(group.map((f) => stringAt(f.evidence, 'metric') ?? 'cpu.usage_pct'))];
    const rs = await clickhouse.query({
      query: `SELECT entity_id AS entityId, metric, toHour(bucket) AS hour, avgMerge(avg_state) AS value
        FROM metric_hourly
        WHERE connection_id = {c:String} AND entity_type = 'vm' AND metric IN {metrics:Array(String)}
          AND entity_id IN {ids:Array(String)}
          AND bucket >= toDateTime({from:Int64}, 'UTC') AND bucket < toDateTime({to:Int64}, 'UTC')
        GROUP BY entityId, metric, hour`,
      query_params: {
        c: connectionId,
        metrics,
        ids: group.map((f) => f.entityId),
        from: Math.min(...windows.map((w) => w.from)),
        to: Math.max(...windows.map((w) => w.to)),
      },
      format: 'JSONEachRow',
    });
    const rows = await rs.json<{ entityId: string; metric: string; hour: number; value: number }>();
    for (const f of group) {
      const metric = stringAt(f.evidence, 'metric') ?? 'cpu.usage_pct';
      const offset = Math.round(numberAt(f.evidence, 'utcOffsetHours') ?? 0);
      const hourly: Array<number | null> = Array.from({ length: 24 }, () => null);
      for (const r of rows) {
        if (r.entityId !== f.entityId || r.metric !== metric || !Number.isFinite(Number(r.value))) continue;
        hourly[(((Number(r.hour) + offset) % 24) + 24) % 24] = Math.round(Number(r.value) * 10) / 10;
      }
      profiles.push({ findingId: f.findingId, metric, utcOffsetHours: offset, hourly });
    }
  }
  return profiles;
}

/** Each right-sized VM's daily CPU p95 (in cores) and active memory peak, beside its current and recommended size. */
export async function rightsizeUsage(
  clickhouse: ClickHouseClient,
  findings: ReportFinding[],
): Promise<RightsizeUsage[]> {
  const usage: RightsizeUsage[] = [];
  for (const [connectionId, group] of byConnection(findings)) {
    const windows = group.map((f) => windowOf(f, 'basis.from', 'basis.to'));
    const rs = await clickhouse.query({
      query: `SELECT entity_id AS entityId, metric, toString(toDate(bucket)) AS day,
          if(metric = 'cpu.usage_pct', quantilesTDigestMerge(0.5, 0.95, 0.99)(quantiles_state)[2], maxMerge(max_state))
            AS value
        FROM metric_daily
        WHERE connection_id = {c:String} AND entity_type = 'vm' AND metric IN ('cpu.usage_pct', 'mem.active_mb')
          AND entity_id IN {ids:Array(String)}
          AND bucket >= toDateTime({from:Int64}, 'UTC') AND bucket < toDateTime({to:Int64}, 'UTC')
        GROUP BY entityId, metric, day
        ORDER BY day`,
      query_params: {
        c: connectionId,
        ids: group.map((f) => f.entityId),
        from: Math.min(...windows.map((w) => w.from)),
        to: Math.max(...windows.map((w) => w.to)) + DAY_MS / 1000,
      },
      format: 'JSONEachRow',
    });
    const rows = await rs.json<{ entityId: string; metric: string; day: string; value: number }>();
    for (const f of group) {
      const mine = rows.filter((r) => r.entityId === f.entityId);
      const days = [...new Set(mine.map((r) => r.day))].sort();
      const vcpu = numberAt(f.evidence, 'currentConfig.vcpu');
      const valueOn = (day: string, metric: string, scale: (v: number) => number | null) => {
        const row = mine.find((r) => r.day === day && r.metric === metric);
        const v = row ? scale(Number(row.value)) : null;
        return v === null || !Number.isFinite(v) ? null : Math.round(v * 100) / 100;
      };
      const memMb = (key: string) => numberAt(f.evidence, key);
      usage.push({
        findingId: f.findingId,
        days,
        cpuP95Cores: days.map((d) => valueOn(d, 'cpu.usage_pct', (v) => (vcpu === null ? null : (v / 100) * vcpu))),
        memActivePeakGb: days.map((d) => valueOn(d, 'mem.active_mb', (v) => v / 1024)),
        vcpu: { current: vcpu, recommended: numberAt(f.evidence, 'recommended.vcpu') },
        memoryGb: {
          current: memMb('currentConfig.mem') === null ? null : memMb('currentConfig.mem')! / 1024,
          recommended: memMb('recommended.mem') === null ? null : memMb('recommended.mem')! / 1024,
        },
      });
    }
  }
  return usage;
}
