import type { ClickHouseClient } from '@clickhouse/client';
import type { SchemaStatement } from '../schema/statements';

/** One schema step. Once released, a migration's SQL never changes: fix forward with a new version. */
export interface Migration {
  version: number;
  name: string;
  /**
   * Statements run in order, each rendered for the database's topology (single node, or a cluster of Replicated
   * local tables with Distributed tables over them: see ../schema/statements.ts). Each must be safe to run twice or
   * concurrently (IF NOT EXISTS, ADD COLUMN IF NOT EXISTS, ...): two services starting at once may both apply a
   * pending migration.
   */
  statements: readonly SchemaStatement[];
  /**
   * Data copied after the statements (for a table that a new materialized view fills from now on). Same rules: safe
   * to run twice or concurrently, and an interrupted run is simply run again, since the version is recorded last.
   * It reads and writes the tables by their names (the Distributed tables in cluster mode).
   */
  backfill?: (client: ClickHouseClient) => Promise<void>;
}
