import type { ClickHouseClient } from '@clickhouse/client';
import { renderStatement, type SchemaStatement, type SchemaTopology } from '../schema/statements';
import { topologyOf } from '../schema/topology';
import type { Migration } from './migration';
import { migrations as allMigrations } from './all-migrations';

export interface MigrationResult {
  applied: Array<{ version: number; name: string }>;
  current: number;
}

export const SCHEMA_MIGRATIONS: SchemaStatement = {
  kind: 'table',
  name: 'schema_migrations',
  columns: `version UInt32,
  name String,
  applied_at DateTime64(3, 'UTC')`,
  engine: 'ReplacingMergeTree',
  engineArgs: 'applied_at',
  orderBy: 'version',
  shardBy: 'cityHash64(version)',
};

/** Every SQL statement of the schema in a topology, in the order migrate() runs them (backfills aside). */
export function schemaStatements(
  topology: SchemaTopology,
  migrations: readonly Migration[] = allMigrations,
): Array<{ version: number | 'schema_migrations'; sql: string }> {
  return [
    ...renderStatement(SCHEMA_MIGRATIONS, topology).map((sql) => ({ version: 'schema_migrations' as const, sql })),
    ...migrations.flatMap((m) =>
      m.statements.flatMap((s) => renderStatement(s, topology)).map((sql) => ({ version: m.version, sql })),
    ),
  ];
}

/**
 * Applies pending migrations in version order in the client's database, rendered for its topology (see
 * createClickHouse), and records each in schema_migrations. Two processes migrating at once both run the pending
 * statements; every statement is idempotent, and the duplicate record collapses (ReplacingMergeTree by version).
 */
export async function migrate(
  client: ClickHouseClient,
  migrations: readonly Migration[] = allMigrations,
): Promise<MigrationResult> {
  assertOrdered(migrations);
  const topology = topologyOf(client);
  for (const query of renderStatement(SCHEMA_MIGRATIONS, topology)) await client.command({ query });
  const done = new Set((await appliedMigrations(client)).map((row) => row.version));
  const applied: MigrationResult['applied'] = [];
  for (const migration of migrations) {
    if (done.has(migration.version)) continue;
    for (const statement of migration.statements) {
      for (const query of renderStatement(statement, topology)) await client.command({ query });
    }
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

/**
 * Waits until every migration is applied (by the migrating service), checking each second; throws once `timeoutMs`
 * (default 2 minutes) has passed. For services whose ClickHouse user may not change the schema.
 */
export async function awaitSchema(
  client: ClickHouseClient,
  opts: { timeoutMs?: number; migrations?: readonly Migration[] } = {},
): Promise<void> {
  const wanted = (opts.migrations ?? allMigrations).map((m) => m.version);
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  for (;;) {
    const applied = await appliedMigrations(client).catch((e: unknown) => {
      // Before the first migration, schema_migrations does not exist yet.
      if (/UNKNOWN_TABLE|doesn't exist|does not exist/i.test(String((e as Error).message))) return [];
      throw e;
    });
    const done = new Set(applied.map((row) => row.version));
    const missing = wanted.filter((v) => !done.has(v));
    if (missing.length === 0) return;
    if (Date.now() >= deadline) {
      throw new Error(
        `ClickHouse schema migrations ${missing.join(', ')} are not applied: the migrating service (etl, ` +
          'CLICKHOUSE_MIGRATE=true) applies them; start it, or migrate from this service with a user allowed to',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
