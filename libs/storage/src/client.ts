import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { type ClickHouseClient, type ClickHouseClientConfigOptions, createClient } from '@clickhouse/client';
import { quoteIdentifier } from './identifiers';
import { assertClusterName, type SchemaTopology } from './schema/statements';
import { setTopology } from './schema/topology';

export type { ClickHouseClient } from '@clickhouse/client';

export interface ClickHouseOptions {
  /** http(s)://[user:pass@]host:port of a ClickHouse server (or of the embedded server). Without it, chDB in-process. */
  url?: string;
  /** JUSTFIT_DATA_DIR; chDB keeps its files in `<dataDir>/clickhouse`. */
  dataDir: string;
  database?: string;
  /** The user and password (else those of the URL, else ClickHouse's `default` user). */
  username?: string;
  password?: string;
  /**
   * A ClickHouse cluster (its name in the servers' `remote_servers`): the schema is made of Replicated local tables
   * with Distributed tables over them, DDL runs ON CLUSTER, and inserts wait until `insertQuorum` replicas of the
   * shard have them (see docs/clickhouse.md). `keeper: false` only for checking the layout without Keeper (tests).
   */
  cluster?: { name: string; insertQuorum?: string; keeper?: boolean };
  /** How long one request may take over HTTP (the client's default is 30 s; bulk generation in benchmarks needs more). */
  requestTimeoutMs?: number;
}

/**
 * The settings every request of a cluster client carries:
 * - distributed_foreground_insert: an INSERT into a Distributed table returns once the shards have the rows, not once
 *   they are queued on the node that took it; the ETL reads what is stored right after writing it (it inserts only
 *   the sample keys not stored yet), so a queued insert would be missed and its samples counted twice in the rollups.
 * - insert_quorum: the shard's replicas that must have an insert before it succeeds; with every replica of the
 *   shard, a read on any replica sees it (read-after-write for that same check).
 * - distributed_product_mode = global: a JOIN or IN over another Distributed table is computed once on the node that
 *   took the query and sent to the shards, instead of being refused.
 */
export function clusterSettings(cluster: NonNullable<ClickHouseOptions['cluster']>): Record<string, string | number> {
  return {
    distributed_foreground_insert: 1,
    distributed_product_mode: 'global',
    ...(cluster.keeper === false ? {} : { insert_quorum: cluster.insertQuorum ?? 'auto', insert_quorum_parallel: 1 }),
  };
}

export function topologyFor(options: Pick<ClickHouseOptions, 'cluster'>): SchemaTopology {
  return options.cluster
    ? { kind: 'cluster', cluster: assertClusterName(options.cluster.name), keeper: options.cluster.keeper !== false }
    : { kind: 'single' };
}

export const DEFAULT_DATABASE = 'justfit';

export function chdbPath(dataDir: string): string {
  return join(dataDir, 'clickhouse');
}

/**
 * A `@clickhouse/client` bound to `database` (created if absent, on every node of a cluster), over HTTP or on chDB in
 * this process, that knows its schema topology (migrate() and retention use it).
 */
export async function createClickHouse(options: ClickHouseOptions): Promise<ClickHouseClient> {
  const database = options.database ?? DEFAULT_DATABASE;
  quoteIdentifier(database);
  const topology = topologyFor(options);
  const client = options.url
    ? await connectOverHttp(options, database)
    : await connectInProcess(chdbPath(options.dataDir), database, options);
  return setTopology(client, topology);
}

async function connectOverHttp(options: ClickHouseOptions, database: string): Promise<ClickHouseClient> {
  const url = options.url!;
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`ClickHouse URL must be http(s), got ${parsed.protocol}`);
  }
  const credentials = {
    ...(options.username ? { username: options.username } : {}),
    ...(options.password ? { password: options.password } : {}),
  };
  const settings = options.cluster ? clusterSettings(options.cluster) : {};
  const onCluster = options.cluster && options.cluster.keeper !== false ? ` ON CLUSTER ${options.cluster.name}` : '';
  const bootstrap = createClient({ url, database: 'default', ...credentials });
  try {
    await bootstrap.command({ query: `CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(database)}${onCluster}` });
  } finally {
    await bootstrap.close();
  }
  return createClient({
    url,
    database,
    ...credentials,
    clickhouse_settings: settings,
    ...(options.requestTimeoutMs ? { request_timeout: options.requestTimeoutMs } : {}),
  });
}

async function connectInProcess(
  path: string,
  database: string,
  options: Pick<ClickHouseOptions, 'cluster'>,
): Promise<ClickHouseClient> {
  const { createChdbConnection } = await importChdbConnection();
  mkdirSync(path, { recursive: true });
  let connection;
  try {
    connection = createChdbConnection({ path });
  } catch (error) {
    throw new Error(
      `Cannot open chDB at ${path}: ${(error as Error).message}. One process owns one chDB path; ` +
        'to share the data between processes run the embedded server and set CLICKHOUSE_URL.',
      { cause: error },
    );
  }
  // The chDB connection ignores the client's `database` option; USE sticks to this connection (one per client).
  await connection.chdb.queryAsync(`CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(database)}`);
  await connection.chdb.queryAsync(`USE ${quoteIdentifier(database)}`);
  // chdb types the contract with the standalone @clickhouse/client-common, the client with its bundled copy: same shape.
  return createClient({
    connection: connection as unknown as ClickHouseClientConfigOptions['connection'],
    database,
    ...(options.cluster ? { clickhouse_settings: clusterSettings(options.cluster) } : {}),
  });
}

async function importChdbConnection(): Promise<typeof import('chdb/connection')> {
  try {
    return await import('chdb/connection');
  } catch (error) {
    throw new Error(
      'chDB is not installed (optional dependency "chdb" of @justfit/storage). ' +
        'Install it with `npm install chdb`, or set CLICKHOUSE_URL to use a ClickHouse server.',
      { cause: error },
    );
  }
}
