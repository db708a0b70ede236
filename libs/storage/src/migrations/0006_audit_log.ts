import type { Migration } from './migration';

/**
 * Every change made through the API (the ChangeAudited events of the AUDIT stream), for the `auditLog` query: who
 * (token id or OIDC subject), what (operation and arguments without secrets), when, from where, and its outcome.
 * A redelivered event has the same key and collapses into one row.
 */
export const auditLog: Migration = {
  version: 6,
  name: 'audit_log',
  statements: [
    {
      kind: 'table',
      name: 'audit_log',
      columns: `at DateTime64(3, 'UTC'),
      audit_id String,
      actor_kind LowCardinality(String) COMMENT 'token | oidc',
      actor_id String,
      actor_name String,
      operation LowCardinality(String),
      arguments String COMMENT 'JSON, secrets redacted',
      outcome LowCardinality(String) COMMENT 'ok | refused | failed',
      code Nullable(Int32),
      client_address String,
      trace_id String`,
      engine: 'ReplacingMergeTree',
      orderBy: '(at, audit_id)',
      // A redelivered event (same audit id) lands on the shard of its first copy and collapses there.
      shardBy: 'cityHash64(audit_id)',
    },
  ],
};
