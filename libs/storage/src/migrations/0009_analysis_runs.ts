import type { Migration } from './migration';

/**
 * Analysis runs are tasks: their read model lists them beside collect tasks, reports and imports (the API's task
 * list), with their state, progress and what they did; a bulk analysis (one analysis over many connections) is a row
 * too, the parent of its runs.
 */
export const analysisRuns: Migration = {
  version: 9,
  name: 'analysis_runs',
  statements: [
    {
      kind: 'table',
      name: 'analysis_runs',
      columns: `run_id String,
      analysis_type LowCardinality(String),
      connection_id String DEFAULT '' COMMENT 'empty: every connection',
      trigger LowCardinality(String) COMMENT 'on-demand | data-landed | bulk (a bulk analysis: the parent of runs)',
      parent_id String DEFAULT '' COMMENT 'the bulk analysis a run is a child of',
      status LowCardinality(String) COMMENT 'pending | running | succeeded | failed | cancelled',
      progress Float64,
      message String,
      worker String DEFAULT '',
      analysed UInt32 DEFAULT 0,
      raised UInt32 DEFAULT 0,
      updated UInt32 DEFAULT 0,
      resolved UInt32 DEFAULT 0,
      skipped UInt32 DEFAULT 0,
      error_code Nullable(Int32),
      error_message String DEFAULT '',
      requested_at DateTime64(3, 'UTC'),
      started_at Nullable(DateTime64(3, 'UTC')),
      finished_at Nullable(DateTime64(3, 'UTC')),
      version UInt64`,
      engine: 'ReplacingMergeTree',
      engineArgs: 'version',
      orderBy: 'run_id',
      shardBy: 'cityHash64(run_id)',
    },
  ],
};
