export { createClickHouse, chdbPath, DEFAULT_DATABASE, type ClickHouseClient, type ClickHouseOptions } from './client';
export { startEmbeddedClickHouseServer, type EmbeddedServer, type EmbeddedServerOptions } from './embedded-server';
export { migrate, appliedMigrations, type MigrationResult } from './migrations/migrate';
export { migrations } from './migrations/all-migrations';
export type { Migration } from './migrations/migration';
export { setRetentionDays, retentionDays, DEFAULT_RETENTION_DAYS } from './migrations/retention';
export * from './queries/index';
