import type { ClickHouseClient } from '@clickhouse/client';

/** One schema step. Once released, a migration's SQL never changes: fix forward with a new version. */
export interface Migration {
  version: number;
  name: string;
  /**
   * Statements run in order. Each must be safe to run twice or concurrently (IF NOT EXISTS, ADD COLUMN IF NOT
   * EXISTS, ...): two services starting at once may both apply a pending migration.
   */
  statements: readonly string[];
  /**
   * Data copied after the statements (for a table that a new materialized view fills from now on). Same rules: safe
   * to run twice or concurrently, and an interrupted run is simply run again, since the version is recorded last.
   */
  backfill?: (client: ClickHouseClient) => Promise<void>;
}
