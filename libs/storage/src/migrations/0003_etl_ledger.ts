import type { Migration } from './migration';

/** A task's (or an import's) ledger and rejections on one shard: every version of a row merges there. */
const BY_TASK = 'cityHash64(task_id)';

/**
 * What the ETL did with each source event (so a task's or an import's load progress can be read back), the records
 * it refused (the queryable twin of the DLQ stream), and metric imports. Keys are deterministic, so a redelivered
 * event collapses onto its first ledger and rejection rows.
 */
export const etlLedger: Migration = {
  version: 3,
  name: 'etl_ledger',
  statements: [
    {
      kind: 'table',
      name: 'etl_loads',
      columns: `task_id String,
      event_id String,
      connection_id LowCardinality(String),
      kind LowCardinality(String) COMMENT 'inventory | metrics | completed',
      stream_seq UInt64,
      batch UInt32 COMMENT 'the batch number its task gave the source event',
      accepted UInt32 COMMENT 'records that passed validation',
      rejected UInt32,
      loaded_at DateTime64(3, 'UTC')`,
      engine: 'ReplacingMergeTree',
      engineArgs: 'loaded_at',
      orderBy: '(task_id, event_id)',
      shardBy: BY_TASK,
    },
    {
      kind: 'table',
      name: 'rejected_records',
      columns: `task_id String,
      source_event_id String,
      seq UInt32 COMMENT 'position of the record in its source event or file',
      connection_id LowCardinality(String),
      stage LowCardinality(String) COMMENT 'etl | import',
      code LowCardinality(String),
      reason String,
      line Nullable(UInt64) COMMENT 'line of an imported file',
      record String COMMENT 'the record as received: JSON, or the line of the file',
      rejected_at DateTime64(3, 'UTC')`,
      engine: 'ReplacingMergeTree',
      orderBy: '(task_id, source_event_id, seq)',
      ttl: 'toDateTime(rejected_at) + INTERVAL 90 DAY',
      shardBy: BY_TASK,
    },
    {
      kind: 'table',
      name: 'imports',
      columns: `import_id String,
      connection_id String,
      file_name String,
      format LowCardinality(String),
      status LowCardinality(String) COMMENT 'publishing | published | failed',
      rows_read UInt64,
      rows_rejected UInt64,
      samples_published UInt64,
      entities UInt32,
      events_published UInt32,
      message String,
      started_at DateTime64(3, 'UTC'),
      finished_at Nullable(DateTime64(3, 'UTC')),
      version UInt64`,
      engine: 'ReplacingMergeTree',
      engineArgs: 'version',
      orderBy: 'import_id',
      shardBy: 'cityHash64(import_id)',
    },
  ],
};
