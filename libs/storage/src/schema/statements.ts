/**
 * Schema statements that know both layouts JustFit runs on, so each migration is written once:
 *
 * - **single**: one server (or chDB): the tables as declared.
 * - **cluster** (`CLICKHOUSE_CLUSTER=<name>`): every table becomes a Replicated*MergeTree local table `<name>_local`
 *   on each node plus a Distributed table `<name>` over them, sharded by the table's `shardBy` key; materialized views
 *   read and write local tables; every statement runs `ON CLUSTER`. Queries keep using `<name>`, so the query layer
 *   does not change.
 *
 * Sharding keys keep together what a reader folds together: every version of a read model row (ReplacingMergeTree +
 * FINAL merge per shard), an entity's inventory history and its `_current` row, and an entity's samples, rollups and
 * `vm_samples` rows (the views fill the rollups on the shard that received the samples).
 */

export interface TableStatement {
  kind: 'table';
  name: string;
  /** The column list without parentheses, or `{ as: table }` to copy another table's columns. */
  columns: string | { as: string };
  /** A MergeTree family engine: `ReplacingMergeTree`, `AggregatingMergeTree`, ... */
  engine: string;
  /** The engine's own arguments (a version column, ...). */
  engineArgs?: string;
  partitionBy?: string;
  orderBy: string;
  ttl?: string;
  settings?: string;
  comment?: string;
  /** The Distributed table's sharding expression in cluster mode. */
  shardBy: string;
}

export interface MaterializedViewStatement {
  kind: 'materializedView';
  name: string;
  /** The table the view writes to. */
  to: string;
  /** The SELECT; `table(name)` names a source table (its local table in cluster mode, where the view runs per node). */
  select: (table: (name: string) => string) => string;
}

export interface ViewStatement {
  kind: 'view';
  name: string;
  /** A plain view reads through the Distributed tables in cluster mode: its SELECT names tables as they are. */
  select: string;
}

export interface AlterStatement {
  kind: 'alter';
  table: string;
  /** The ALTER's action, e.g. `ADD COLUMN IF NOT EXISTS x UInt8` or `MODIFY TTL ...`. */
  action: string;
  /** Column changes go to the local and the Distributed table; storage changes (TTL, settings) to the local only. */
  changes: 'columns' | 'storage';
}

export type SchemaStatement = TableStatement | MaterializedViewStatement | ViewStatement | AlterStatement;

export type SchemaTopology =
  | { kind: 'single' }
  | {
      kind: 'cluster';
      cluster: string;
      /**
       * True in production: Replicated engines (ClickHouse Keeper) and ON CLUSTER DDL. False only to check the
       * layout in one process without Keeper (tests: local and Distributed tables, views, no replication).
       */
      keeper: boolean;
    };

export const SINGLE_NODE: SchemaTopology = { kind: 'single' };

export const LOCAL_SUFFIX = '_local';
export const localTable = (name: string) => `${name}${LOCAL_SUFFIX}`;

/** Where a replicated table keeps its metadata in Keeper: the macros are expanded by each node. */
export const REPLICA_PATH = "'/clickhouse/tables/{shard}/{database}/{table}', '{replica}'";

/** Identifiers we put in DDL are our own constants or validated names; this guards the cluster name. */
export function assertClusterName(cluster: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(cluster)) throw new Error(`invalid ClickHouse cluster name ${cluster}`);
  return cluster;
}

const clause = (keyword: string, value: string | undefined) => (value ? `\n${keyword} ${value}` : '');

/** Settings that mean something only for non-replicated tables (replicated ones deduplicate through Keeper). */
const NON_REPLICATED_SETTINGS = /^non_replicated_deduplication_window\b/;

function replicatedSettings(settings: string | undefined): string | undefined {
  const kept = settings
    ?.split(',')
    .map((s) => s.trim())
    .filter((s) => s && !NON_REPLICATED_SETTINGS.test(s));
  return kept?.length ? kept.join(', ') : undefined;
}

function tableDdl(
  stmt: TableStatement,
  name: string,
  columns: string,
  engine: string,
  settings: string | undefined,
  onCluster: string,
): string {
  return (
    `CREATE TABLE IF NOT EXISTS ${name}${onCluster} ${columns}\nENGINE = ${engine}` +
    clause('PARTITION BY', stmt.partitionBy) +
    clause('ORDER BY', stmt.orderBy) +
    clause('TTL', stmt.ttl) +
    clause('SETTINGS', settings) +
    clause('COMMENT', stmt.comment && quoteString(stmt.comment))
  );
}

const quoteString = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const columnsOf = (columns: TableStatement['columns'], rename: (t: string) => string) =>
  typeof columns === 'string' ? `(\n  ${columns.trim()}\n)` : `AS ${rename(columns.as)}`;

/** The SQL statements of one schema statement in a topology, in the order they must run. */
export function renderStatement(stmt: SchemaStatement, topology: SchemaTopology): string[] {
  if (topology.kind === 'single') return renderSingle(stmt);
  const cluster = assertClusterName(topology.cluster);
  const on = topology.keeper ? ` ON CLUSTER ${cluster}` : '';
  switch (stmt.kind) {
    case 'table': {
      const local = localTable(stmt.name);
      const engine = topology.keeper
        ? `Replicated${stmt.engine}(${REPLICA_PATH}${stmt.engineArgs ? `, ${stmt.engineArgs}` : ''})`
        : engineOf(stmt);
      const settings = topology.keeper ? replicatedSettings(stmt.settings) : stmt.settings;
      return [
        tableDdl(stmt, local, columnsOf(stmt.columns, localTable), engine, settings, on),
        `CREATE TABLE IF NOT EXISTS ${stmt.name}${on} AS ${local}\n` +
          `ENGINE = Distributed(${cluster}, currentDatabase(), ${local}, ${stmt.shardBy})` +
          clause('COMMENT', stmt.comment && quoteString(stmt.comment)),
      ];
    }
    case 'materializedView':
      return [
        `CREATE MATERIALIZED VIEW IF NOT EXISTS ${stmt.name}${on} TO ${localTable(stmt.to)} AS\n${stmt.select(localTable)}`,
      ];
    case 'view':
      return [`CREATE VIEW IF NOT EXISTS ${stmt.name}${on} AS ${stmt.select}`];
    case 'alter': {
      const local = `ALTER TABLE ${localTable(stmt.table)}${on} ${stmt.action}`;
      return stmt.changes === 'columns' ? [local, `ALTER TABLE ${stmt.table}${on} ${stmt.action}`] : [local];
    }
  }
}

const engineOf = (stmt: TableStatement) => (stmt.engineArgs ? `${stmt.engine}(${stmt.engineArgs})` : stmt.engine);

function renderSingle(stmt: SchemaStatement): string[] {
  switch (stmt.kind) {
    case 'table':
      return [
        tableDdl(
          stmt,
          stmt.name,
          columnsOf(stmt.columns, (t) => t),
          engineOf(stmt),
          stmt.settings,
          '',
        ),
      ];
    case 'materializedView':
      return [`CREATE MATERIALIZED VIEW IF NOT EXISTS ${stmt.name} TO ${stmt.to} AS\n${stmt.select((t) => t)}`];
    case 'view':
      return [`CREATE VIEW IF NOT EXISTS ${stmt.name} AS ${stmt.select}`];
    case 'alter':
      return [`ALTER TABLE ${stmt.table} ${stmt.action}`];
  }
}

/** The table that holds the rows of `table` on the node a query runs on (what `system.tables` describes). */
export function storageTable(table: string, topology: SchemaTopology): string {
  return topology.kind === 'cluster' ? localTable(table) : table;
}

/** `ON CLUSTER <name>` where the topology runs DDL on every node, else nothing. */
export function onCluster(topology: SchemaTopology): string {
  return topology.kind === 'cluster' && topology.keeper ? ` ON CLUSTER ${assertClusterName(topology.cluster)}` : '';
}
