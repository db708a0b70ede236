import type { Migration } from './migration';

const column = (definition: string) => ({
  kind: 'alter' as const,
  table: 'reports',
  action: `ADD COLUMN IF NOT EXISTS ${definition}`,
  changes: 'columns' as const,
});

/**
 * Reports are typed, scoped tasks: what they cover (type, run, entities), how far they are, where their file is (an
 * object in the JetStream object store) and the figures the next report of the same scope compares itself with.
 */
export const reportTasks: Migration = {
  version: 7,
  name: 'report_tasks',
  statements: [
    column(`report_type LowCardinality(String) DEFAULT 'summary' AFTER format`),
    column(`run_id String DEFAULT '' AFTER connection_id`),
    column(`entity_ids Array(String) DEFAULT [] AFTER run_id`),
    column(`scope_key String DEFAULT '' COMMENT 'type, connection, run and entities: reports of one scope share it'`),
    column(`progress Float64 DEFAULT 0`),
    column(`message String DEFAULT ''`),
    column(`object_name String DEFAULT ''`),
    column(`digest String DEFAULT '' COMMENT 'JSON: findings, savings, counts by risk'`),
    column(`requested_at Nullable(DateTime64(3, 'UTC'))`),
  ],
};
