import type { ClickHouseClient } from '@clickhouse/client';
import type { Migration } from './migration';
import { BY_SERIES } from './0001_initial_schema';
import { rangesOfRows } from './0004_vm_samples';

/**
 * The published idle lines the hourly idle counts are kept for. Counts under other lines cannot be derived from them,
 * so a policy that moves a line reads the raw samples instead (services/analyzer zombie.query.ts).
 */
export const IDLE_LINES = {
  /** GCP Recommender's idle VM: CPU under 0.03 of a vCPU, i.e. under 3 / vCPUs % of the VM. */
  gcpCpuCores: 0.03,
  /** Azure Advisor's shutdown rule: P95 of CPU under 3 %. */
  azureCpuPct: 3,
  /** GCP Recommender's idle VM: network under 2 KB/s (vCenter reports received + sent). */
  gcpNetKBps: 2,
} as const;

/** Highest vCPU count the counts keep GCP's line for (vSphere 8 allows 768 vCPUs). */
export const IDLE_MAX_VCPUS = 1024;

/** GCP's line in % of a VM of `vcpus` vCPUs, computed as the analyzer computes it so the comparisons agree exactly. */
const GCP_LINE_CPU_PCT = 100 * IDLE_LINES.gcpCpuCores;

/**
 * For a CPU sample x (%), how many vCPU counts v in 1..IDLE_MAX_VCPUS have x under GCP's line (x < L / v): the sample is
 * idle for a VM of v vCPUs exactly when v <= that number. floor(L / x) is the answer up to the rounding of two
 * divisions, so the candidate is moved one step either way by the very comparison the analyzer makes.
 */
export function idleVcpusSql(x: string): string {
  const line = (v: string) => `${GCP_LINE_CPU_PCT} / ${v}`;
  const k0 = `toUInt32(least(${IDLE_MAX_VCPUS - 1}, greatest(1, floor(${line(x)}))))`;
  return `multiIf(isNaN(${x}) OR NOT (${x} < ${line('1')}), 0,
    ${x} < ${line(String(IDLE_MAX_VCPUS))}, ${IDLE_MAX_VCPUS},
    ${x} < ${line(`(${k0} + 1)`)}, ${k0} + 1,
    ${x} < ${line(k0)}, ${k0},
    ${k0} - 1)`;
}

const CPU = `metric = 'cpu.usage_pct'`;
const NET = `metric = 'net.kbps'`;

/** The counts of each (VM, hour) of `samples`; `where` narrows the samples read (`AND ...`). */
const idleSelect = (samples: string, where: string) => `SELECT connection_id, entity_id, toStartOfHour(ts) AS bucket,
      toUInt64(countIf(${CPU})) AS cpu_samples,
      if(cpu_samples > 0, minIf(ts, ${CPU}), NULL) AS cpu_first_ts,
      if(cpu_samples > 0, maxIf(ts, ${CPU}), NULL) AS cpu_last_ts,
      sumMapIf((idle_vcpus_key, idle_vcpus_one), idle_vcpus > 0) AS cpu_idle_vcpus,
      toUInt64(countIf(${CPU} AND value < ${IDLE_LINES.azureCpuPct})) AS cpu_under_azure,
      toUInt64(countIf(${NET})) AS net_samples,
      toUInt64(countIf(${NET} AND value < ${IDLE_LINES.gcpNetKBps})) AS net_idle
    FROM (
      SELECT connection_id, entity_id, metric, ts, value, toUInt16(if(${CPU}, ${idleVcpusSql('value')}, 0)) AS idle_vcpus,
        [idle_vcpus] AS idle_vcpus_key, [toUInt64(1)] AS idle_vcpus_one
      FROM ${samples}
      WHERE entity_type = 'vm' AND metric IN ('cpu.usage_pct', 'net.kbps')${where}
    )
    GROUP BY connection_id, entity_id, bucket`;

/** Rows read per backfill statement: small enough to finish well inside the client's request timeout. */
const BACKFILL_ROWS_PER_STATEMENT = 20_000_000;

/**
 * Counts the hours stored before the view existed, a range of VMs per statement. Only the (VM, hour) pairs that have
 * no row yet are counted, so a run interrupted between statements is simply run again (a statement writes whole
 * hours). Two backfills at once may count an hour twice; the reader then sees more counted than metric_hourly holds
 * and reads that VM's raw samples, so the answer stays exact and only slower until the hour leaves the window.
 */
async function backfillVmIdleHourly(client: ClickHouseClient): Promise<void> {
  const result = await client.query({
    query: `SELECT connection_id AS connectionId, entity_id AS entityId, toUInt64(countMerge(count_state)) AS samples
      FROM metric_daily WHERE entity_type = 'vm' AND metric IN ('cpu.usage_pct', 'net.kbps')
      GROUP BY connection_id, entity_id ORDER BY connection_id, entity_id`,
    format: 'JSONEachRow',
  });
  const vms = await result.json<{ connectionId: string; entityId: string; samples: string | number }>();
  const range = `connection_id = {connectionId:String} AND entity_id >= {first:String} AND entity_id <= {last:String}`;
  for (const vmRange of rangesOfRows(vms, BACKFILL_ROWS_PER_STATEMENT)) {
    await client.command({
      // GLOBAL: in cluster mode both tables are Distributed ones; on one server it is a plain IN.
      query: `INSERT INTO vm_idle_hourly ${idleSelect(
        'metric_samples',
        ` AND ${range}
        AND (entity_id, toStartOfHour(ts)) GLOBAL NOT IN (SELECT entity_id, bucket FROM vm_idle_hourly WHERE ${range})`,
      )}`,
      query_params: { ...vmRange },
    });
  }
}

/**
 * vm_idle_hourly: per VM and hour, what the zombie rule's first pass asks of every VM (how many CPU samples fall under
 * GCP's idle line for each vCPU count, under Azure's 3 % line, how many network samples under GCP's 2 KB/s line, the
 * first and last CPU sample) so it reads ~340 rows per VM over 14 days instead of ~4,000 raw samples.
 *
 * Samples whose hour has no counts yet (stored before this table existed) are counted by the backfill below; the
 * reader compares its counts with metric_hourly's and reads a VM's raw samples when they differ. Like metric_hourly,
 * the counts do not fold a sample stored twice in different batches (a re-import); vm_samples does. Its own table
 * rather than columns of metric_hourly: that rollup's view is released SQL, and a second view writing half-filled rows
 * into it would show every other reader of metric_hourly rows it does not expect.
 */
export const vmIdleHourly: Migration = {
  version: 10,
  name: 'vm_idle_hourly',
  statements: [
    {
      kind: 'table',
      name: 'vm_idle_hourly',
      columns: `connection_id LowCardinality(String),
      entity_id String,
      bucket DateTime('UTC'),
      cpu_samples SimpleAggregateFunction(sum, UInt64),
      cpu_first_ts SimpleAggregateFunction(min, Nullable(DateTime64(3, 'UTC'))),
      cpu_last_ts SimpleAggregateFunction(max, Nullable(DateTime64(3, 'UTC'))),
      cpu_idle_vcpus SimpleAggregateFunction(sumMap, Tuple(Array(UInt16), Array(UInt64)))
        COMMENT 'key v: CPU samples idle by GCP for at most v vCPUs (under 3 / v %), v = 1..${IDLE_MAX_VCPUS}',
      cpu_under_azure SimpleAggregateFunction(sum, UInt64) COMMENT 'CPU samples under ${IDLE_LINES.azureCpuPct} %',
      net_samples SimpleAggregateFunction(sum, UInt64),
      net_idle SimpleAggregateFunction(sum, UInt64) COMMENT 'network samples under ${IDLE_LINES.gcpNetKBps} KB/s'`,
      engine: 'AggregatingMergeTree',
      partitionBy: 'toYYYYMM(bucket)',
      orderBy: '(connection_id, entity_id, bucket)',
      ttl: 'bucket + INTERVAL 400 DAY',
      settings: 'ttl_only_drop_parts = 1, non_replicated_deduplication_window = 1000',
      shardBy: BY_SERIES,
    },
    {
      kind: 'materializedView',
      name: 'vm_idle_hourly_mv',
      to: 'vm_idle_hourly',
      select: (t) => idleSelect(t('metric_samples'), ''),
    },
  ],
  backfill: backfillVmIdleHourly,
};
