import type { ClickHouseClient } from '@clickhouse/client';
import type { Migration } from './migration';
import { migrations as allMigrations } from './all-migrations';

export interface MigrationResult {
  applied: Array<{ version: number; name: string }>;
  current: number;
}

const CREATE_SCHEMA_MIGRATIONS = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version UInt32,
  name String,
  applied_at DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree(applied_at)
ORDER BY version`;

/**
 * Applies pending migrations in version order in the client's database and records each in schema_migrations.
 * Two processes migrating at once both run the pending statements; every statement is idempotent, and the duplicate
 * record collapses (ReplacingMergeTree by version).
 */
export async function migrate(
  client: ClickHouseClient,
  migrations: readonly Migration[] = allMigrations,
): Promise<MigrationResult> {
  assertOrdered(migrations);
  await client.command({ query: CREATE_SCHEMA_MIGRATIONS });
  const done = new Set((await appliedMigrations(client)).map((row) => row.version));
  const applied: MigrationResult['applied'] = [];
  for (const migration of migrations) {
    if (done.has(migration.version)) continue;
    for (const statement of migration.statements) await client.command({ query: statement });
    await migration.backfill?.(client);
    await client.insert({
      table: 'schema_migrations',
      values: [{ version: migration.version, name: migration.name, applied_at: Date.now() }],
      format: 'JSONEachRow',
    });
    applied.push({ version: migration.version, name: migration.name });
  }
  return { applied, current: migrations.at(-1)?.version ?? 0 };
}

export async function appliedMigrations(
  client: ClickHouseClient,
): Promise<Array<{ version: number; name: string; appliedAt: number }>> {
  const result = await client.query({
    query: `SELECT version, any(name) AS name, toUnixTimestamp64Milli(min(applied_at)) AS applied_at
      FROM schema_migrations GROUP BY version ORDER BY version`,
    format: 'JSONEachRow',
  });
  const rows = await result.json<{ version: number | string; name: string; applied_at: number | string }>();
  return rows.map((row) => ({ version: Number(row.version), name: row.name, appliedAt: Number(row.applied_at) }));
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migration ${migration.name} has version ${migration.version}, expected ${index + 1}`);
    }
  });
}
