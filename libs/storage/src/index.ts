export {
  createClickHouse,
  chdbPath,
  clusterSettings,
  DEFAULT_DATABASE,
  topologyFor,
  type ClickHouseClient,
  type ClickHouseOptions,
} from './client';
export * from './schema/statements';
export * from './access';
export { setTopology, topologyOf } from './schema/topology';
export { startEmbeddedClickHouseServer, type EmbeddedServer, type EmbeddedServerOptions } from './embedded-server';
export {
  migrate,
  awaitSchema,
  appliedMigrations,
  schemaStatements,
  SCHEMA_MIGRATIONS,
  type MigrationResult,
} from './migrations/migrate';
export { migrations } from './migrations/all-migrations';
export { IDLE_LINES, IDLE_MAX_VCPUS } from './migrations/0010_vm_idle_hourly';
export type { Migration } from './migrations/migration';
export {
  setRetentionDays,
  retentionDays,
  rawSampleTtl,
  retentionOf,
  isImportNamespace,
  IMPORT_NAMESPACE_PREFIX,
  DEFAULT_RETENTION_DAYS,
} from './migrations/retention';
export * from './queries/index';
export * from './samples/counters';
export * from './samples/units';
export * from './samples/sample-check';
