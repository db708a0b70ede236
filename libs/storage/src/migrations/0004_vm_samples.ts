import type { ClickHouseClient } from '@clickhouse/client';
import type { Migration } from './migration';
import { BY_SERIES } from './0001_initial_schema';

/** The VM metrics that get a column in vm_samples, and the column each one fills. */
export const VM_SAMPLE_COLUMNS = {
  'cpu.usage_pct': 'cpu_usage_pct',
  'cpu.ready_pct': 'cpu_ready_pct',
  'mem.active_mb': 'mem_active_mb',
  'mem.consumed_mb': 'mem_consumed_mb',
  'disk.kbps': 'disk_kbps',
  'net.kbps': 'net_kbps',
} as const;

const METRIC_LIST = Object.keys(VM_SAMPLE_COLUMNS)
  .map((metric) => `'${metric}'`)
  .join(', ');

/** One metric_samples row as a vm_samples row: its own metric's column set, the others NULL. */
const wideSelect = (samples: string) => `SELECT connection_id, entity_id, ts,
  ${Object.entries(VM_SAMPLE_COLUMNS)
    .map(([metric, column]) => `if(metric = '${metric}', value, NULL) AS ${column}`)
    .join(',\n  ')}
FROM ${samples}
WHERE entity_type = 'vm' AND metric IN (${METRIC_LIST})`;

/** Rows copied per backfill statement: small enough to finish well inside the client's request timeout. */
const BACKFILL_ROWS_PER_STATEMENT = 20_000_000;

/**
 * vm_samples: one row per VM and 5-minute timestamp, each metric a column, filled by a materialized view from
 * metric_samples. The zombie rule asks, per timestamp, "was CPU, disk *or* network busy?"; on metric_samples that
 * needs a pivot per (VM, timestamp), which at 10,000 VMs cost more than everything else the analyzers do. Here it is
 * one row.
 *
 * The view writes one row per sample; AggregatingMergeTree folds rows of the same (VM, timestamp) into one, when the
 * insert block is written (optimize_on_insert) and again at merges. Until a merge, a timestamp whose metrics came in
 * different inserts is split over rows (readers check for that and read such VMs with FINAL). max() makes a folded
 * duplicate harmless, so the backfill below can run twice. The columns keep the default LZ4: this table is read
 * whole by every zombie run, and Gorilla+ZSTD (as on metric_samples) made that read twice as slow for a third less disk.
 */
export const vmSamples: Migration = {
  version: 4,
  name: 'vm_samples',
  statements: [
    {
      kind: 'table',
      name: 'vm_samples',
      columns: `connection_id LowCardinality(String),
      entity_id String,
      ts DateTime64(3, 'UTC') CODEC(DoubleDelta, LZ4),
      ${Object.values(VM_SAMPLE_COLUMNS)
        .map((column) => `${column} SimpleAggregateFunction(max, Nullable(Float64))`)
        .join(',\n      ')}`,
      engine: 'AggregatingMergeTree',
      partitionBy: 'toYYYYMM(ts)',
      orderBy: '(connection_id, entity_id, ts)',
      ttl: 'toDateTime(ts) + INTERVAL 400 DAY',
      settings: 'ttl_only_drop_parts = 1',
      shardBy: BY_SERIES,
    },
    {
      kind: 'materializedView',
      name: 'vm_samples_mv',
      to: 'vm_samples',
      select: (t) => wideSelect(t('metric_samples')),
    },
  ],
  backfill: backfillVmSamples,
};

/**
 * Copies the VM samples stored before the view existed, a range of VMs per statement (sized from the daily rollup's
 * counts) so that no statement outlives the client's request timeout on a large estate.
 */
async function backfillVmSamples(client: ClickHouseClient): Promise<void> {
  const result = await client.query({
    query: `SELECT connection_id AS connectionId, entity_id AS entityId, toUInt64(countMerge(count_state)) AS samples
      FROM metric_daily WHERE entity_type = 'vm' AND metric IN (${METRIC_LIST})
      GROUP BY connection_id, entity_id ORDER BY connection_id, entity_id`,
    format: 'JSONEachRow',
  });
  const vms = await result.json<{ connectionId: string; entityId: string; samples: string | number }>();
  for (const range of rangesOfRows(vms, BACKFILL_ROWS_PER_STATEMENT)) {
    await client.command({
      // Through the Distributed tables in cluster mode: each row goes to the shard of its VM, as the view would send it.
      query: `INSERT INTO vm_samples ${wideSelect('metric_samples')}
        AND connection_id = {connectionId:String} AND entity_id >= {first:String} AND entity_id <= {last:String}`,
      query_params: { ...range },
    });
  }
}

export interface VmRange {
  connectionId: string;
  first: string;
  last: string;
}

/** Consecutive VMs (sorted by connection, then id) grouped into ranges of at most `maxRows` rows, one VM at least. */
export function rangesOfRows(
  vms: ReadonlyArray<{ connectionId: string; entityId: string; samples: string | number }>,
  maxRows: number,
): VmRange[] {
  const ranges: VmRange[] = [];
  let current: (VmRange & { rows: number }) | undefined;
  for (const vm of vms) {
    const rows = Number(vm.samples);
    if (current && current.connectionId === vm.connectionId && current.rows + rows <= maxRows) {
      current.last = vm.entityId;
      current.rows += rows;
      continue;
    }
    if (current) ranges.push({ connectionId: current.connectionId, first: current.first, last: current.last });
    current = { connectionId: vm.connectionId, first: vm.entityId, last: vm.entityId, rows };
  }
  if (current) ranges.push({ connectionId: current.connectionId, first: current.first, last: current.last });
  return ranges;
}
