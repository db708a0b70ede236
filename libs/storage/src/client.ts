import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { type ClickHouseClient, type ClickHouseClientConfigOptions, createClient } from '@clickhouse/client';
import { quoteIdentifier } from './identifiers';

export type { ClickHouseClient } from '@clickhouse/client';

export interface ClickHouseOptions {
  /** http(s)://[user:pass@]host:port of a ClickHouse server (or of the embedded server). Without it, chDB in-process. */
  url?: string;
  /** JUSTFIT_DATA_DIR; chDB keeps its files in `<dataDir>/clickhouse`. */
  dataDir: string;
  database?: string;
}

export const DEFAULT_DATABASE = 'justfit';

export function chdbPath(dataDir: string): string {
  return join(dataDir, 'clickhouse');
}

/** A `@clickhouse/client` bound to `database` (created if absent), over HTTP or on chDB in this process. */
export async function createClickHouse(options: ClickHouseOptions): Promise<ClickHouseClient> {
  const database = options.database ?? DEFAULT_DATABASE;
  quoteIdentifier(database);
  return options.url ? connectOverHttp(options.url, database) : connectInProcess(chdbPath(options.dataDir), database);
}

async function connectOverHttp(url: string, database: string): Promise<ClickHouseClient> {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`ClickHouse URL must be http(s), got ${parsed.protocol}`);
  }
  const bootstrap = createClient({ url, database: 'default' });
  try {
    await bootstrap.command({ query: `CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(database)}` });
  } finally {
    await bootstrap.close();
  }
  return createClient({ url, database });
}

async function connectInProcess(path: string, database: string): Promise<ClickHouseClient> {
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
  return createClient({ connection: connection as unknown as ClickHouseClientConfigOptions['connection'], database });
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
