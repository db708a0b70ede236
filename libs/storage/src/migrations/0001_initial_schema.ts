import type { Migration } from './migration';

/** Inventory: every observation is a row (history); `*_current` keeps the newest per entity, `*_latest` hides tombstones. */
function inventoryTable(kind: string, columns: string): string[] {
  const table = `inventory_${kind}`;
  return [
    `CREATE TABLE IF NOT EXISTS ${table} (
      connection_id LowCardinality(String),
      id String,
      observed_at DateTime64(3, 'UTC'),
      task_id String,
      ${columns},
      deleted UInt8 DEFAULT 0 COMMENT 'tombstone written when the entity is no longer observed'
    ) ENGINE = ReplacingMergeTree(observed_at)
    ORDER BY (connection_id, id, observed_at)`,
    `CREATE TABLE IF NOT EXISTS ${table}_current AS ${table}
    ENGINE = ReplacingMergeTree(observed_at, deleted)
    ORDER BY (connection_id, id)`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS ${table}_current_mv TO ${table}_current AS SELECT * FROM ${table}`,
    `CREATE VIEW IF NOT EXISTS ${table}_latest AS SELECT * FROM ${table}_current FINAL WHERE deleted = 0`,
  ];
}

/** Rollup of metric_samples per bucket; AggregatingMergeTree merges the partial states inserted by the view. */
function rollupTable(table: string, bucketExpression: string): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${table} (
      connection_id LowCardinality(String),
      entity_type LowCardinality(String),
      entity_id String,
      metric LowCardinality(String),
      bucket DateTime('UTC'),
      avg_state AggregateFunction(avg, Float64),
      min_state AggregateFunction(min, Float64),
      max_state AggregateFunction(max, Float64),
      count_state AggregateFunction(count),
      quantiles_state AggregateFunction(quantilesTDigest(0.5, 0.95, 0.99), Float64)
    ) ENGINE = AggregatingMergeTree
    PARTITION BY toYYYYMM(bucket)
    ORDER BY (connection_id, entity_type, entity_id, metric, bucket)
    SETTINGS non_replicated_deduplication_window = 1000`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS ${table}_mv TO ${table} AS
    SELECT connection_id, entity_type, entity_id, metric, ${bucketExpression} AS bucket,
      avgState(value) AS avg_state, minState(value) AS min_state, maxState(value) AS max_state,
      countState() AS count_state, quantilesTDigestState(0.5, 0.95, 0.99)(value) AS quantiles_state
    FROM metric_samples
    GROUP BY connection_id, entity_type, entity_id, metric, bucket`,
  ];
}

export const initialSchema: Migration = {
  version: 1,
  name: 'initial_schema',
  statements: [
    ...inventoryTable(
      'clusters',
      `
      name String,
      datacenter LowCardinality(String),
      total_cpu_mhz Float64,
      total_memory_mb Float64,
      num_hosts UInt32,
      num_vms UInt32,
      ha_enabled Bool,
      drs_enabled Bool`,
    ),
    ...inventoryTable(
      'hosts',
      `
      name String,
      cluster_id String COMMENT 'empty when standalone',
      datacenter LowCardinality(String),
      ip_address String,
      cpu_cores UInt32,
      cpu_mhz Float64,
      memory_mb Float64,
      num_vms UInt32,
      power_state LowCardinality(String),
      connection_state LowCardinality(String),
      overall_status LowCardinality(String)`,
    ),
    ...inventoryTable(
      'vms',
      `
      name String,
      datacenter LowCardinality(String),
      cluster_id String COMMENT 'empty when unknown',
      host_id String COMMENT 'empty when unknown',
      uuid String,
      cpu_count UInt32,
      memory_mb Float64,
      disk_gb Float64,
      power_state LowCardinality(String),
      guest_os LowCardinality(String),
      ip_address String,
      is_template Bool,
      overall_status LowCardinality(String),
      tools_status LowCardinality(String),
      created_at Nullable(DateTime64(3, 'UTC')),
      power_state_changed_at Nullable(DateTime64(3, 'UTC'))`,
    ),
    ...inventoryTable(
      'datastores',
      `
      name String,
      datacenter LowCardinality(String),
      type LowCardinality(String),
      capacity_gb Float64,
      free_gb Float64`,
    ),

    // A re-delivered batch is an identical insert block: the deduplication windows (here and on the rollups, with
    // deduplicate_blocks_in_dependent_materialized_views, on by default) drop it, or the rollups would count it twice.
    // A duplicate sample inside a different batch collapses here at merge time but is counted by the rollups.
    `CREATE TABLE IF NOT EXISTS metric_samples (
      connection_id LowCardinality(String),
      entity_type LowCardinality(String),
      entity_id String,
      metric LowCardinality(String),
      ts DateTime64(3, 'UTC') CODEC(DoubleDelta, ZSTD),
      value Float64 CODEC(Gorilla, ZSTD)
    ) ENGINE = ReplacingMergeTree
    PARTITION BY toYYYYMM(ts)
    ORDER BY (connection_id, entity_type, entity_id, metric, ts)
    TTL toDateTime(ts) + INTERVAL 400 DAY
    SETTINGS ttl_only_drop_parts = 1, non_replicated_deduplication_window = 1000`,
    ...rollupTable('metric_hourly', 'toStartOfHour(ts)'),
    ...rollupTable('metric_daily', 'toStartOfDay(ts)'),

    `CREATE TABLE IF NOT EXISTS findings (
      finding_id String,
      analysis_type LowCardinality(String),
      connection_id LowCardinality(String),
      entity_type LowCardinality(String),
      entity_id String,
      entity_name String,
      conclusion String,
      confidence Float64,
      recommendation String,
      risk_level LowCardinality(String),
      savings_cpu_cores Float64,
      savings_memory_mb Float64,
      savings_disk_gb Float64,
      savings_amount Float64,
      evidence String COMMENT 'JSON',
      policy_name LowCardinality(String),
      policy_version UInt32,
      status LowCardinality(String) COMMENT 'raised | resolved',
      resolved_at Nullable(DateTime64(3, 'UTC')),
      resolve_reason String DEFAULT '',
      run_id String,
      analysed_at DateTime64(3, 'UTC'),
      version UInt64
    ) ENGINE = ReplacingMergeTree(version)
    ORDER BY finding_id`,
    `CREATE TABLE IF NOT EXISTS alerts (
      alert_id String,
      finding_id String,
      severity LowCardinality(String),
      title String,
      message String,
      entity_type LowCardinality(String),
      entity_id String,
      entity_name String,
      read UInt8 DEFAULT 0,
      resolved UInt8 DEFAULT 0,
      raised_at DateTime64(3, 'UTC'),
      version UInt64
    ) ENGINE = ReplacingMergeTree(version)
    ORDER BY alert_id`,
    `CREATE TABLE IF NOT EXISTS tasks (
      task_id String,
      connection_id LowCardinality(String),
      name String,
      status LowCardinality(String),
      progress Float64,
      current_step UInt32,
      total_steps UInt32,
      message String,
      attempt UInt32,
      error_code Nullable(Int32),
      error_message String DEFAULT '',
      created_at DateTime64(3, 'UTC'),
      started_at Nullable(DateTime64(3, 'UTC')),
      finished_at Nullable(DateTime64(3, 'UTC')),
      version UInt64
    ) ENGINE = ReplacingMergeTree(version)
    ORDER BY task_id`,
    `CREATE TABLE IF NOT EXISTS task_logs (
      task_id String,
      ts DateTime64(3, 'UTC'),
      seq UInt64 DEFAULT 0 COMMENT 'event stream sequence: a re-projected log line collapses',
      level LowCardinality(String),
      message String
    ) ENGINE = ReplacingMergeTree
    ORDER BY (task_id, ts, seq)`,
    `CREATE TABLE IF NOT EXISTS connections (
      connection_id String,
      name String,
      type LowCardinality(String),
      endpoint String,
      port UInt16,
      username String,
      verify_tls UInt8,
      status LowCardinality(String),
      last_sync_at Nullable(DateTime64(3, 'UTC')),
      error_message String DEFAULT '',
      created_at DateTime64(3, 'UTC'),
      updated_at DateTime64(3, 'UTC'),
      deleted UInt8 DEFAULT 0,
      version UInt64
    ) ENGINE = ReplacingMergeTree(version)
    ORDER BY connection_id
    COMMENT 'read model of CONNECTIONS; credentials live only in the sealed secret store'`,
    `CREATE TABLE IF NOT EXISTS reports (
      report_id String,
      connection_id String DEFAULT '',
      format LowCardinality(String),
      title String,
      path String,
      bytes UInt64,
      sha256 String,
      status LowCardinality(String) COMMENT 'requested | generated | failed',
      error_message String DEFAULT '',
      generated_at Nullable(DateTime64(3, 'UTC')),
      version UInt64
    ) ENGINE = ReplacingMergeTree(version)
    ORDER BY report_id`,
    `CREATE TABLE IF NOT EXISTS projection_checkpoints (
      \`projection\` LowCardinality(String),
      stream LowCardinality(String),
      last_seq UInt64,
      updated_at DateTime64(3, 'UTC')
    ) ENGINE = ReplacingMergeTree(last_seq)
    ORDER BY (\`projection\`, stream)`,
  ],
};
