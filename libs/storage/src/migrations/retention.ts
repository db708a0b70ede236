import type { ClickHouseClient } from '@clickhouse/client';
import { onCluster, storageTable } from '../schema/statements';
import { topologyOf } from '../schema/topology';

export const DEFAULT_RETENTION_DAYS = 400;

/**
 * Connections whose id starts with this are import namespaces: data a user uploaded (docs/metrics-import.md). Their
 * samples are kept until the namespace is deleted, whatever their age: an export of a past year is analysed over its
 * own dates, and a retention counted from those dates would refuse it, or drop it at the next merge.
 */
export const IMPORT_NAMESPACE_PREFIX = 'import-';

export function isImportNamespace(connectionId: string): boolean {
  return connectionId.startsWith(IMPORT_NAMESPACE_PREFIX);
}

/** How long a connection's raw samples are kept, in days; undefined: until deleted (an import namespace). */
export function retentionOf(connectionId: string, days: number): number | undefined {
  return isImportNamespace(connectionId) ? undefined : days;
}

/**
 * The tables holding raw 5-minute samples (and the hourly idle counts read with them), with the time their TTL counts
 * from: they share one retention. The rollups are kept.
 */
const RAW_SAMPLE_TABLES = { metric_samples: 'toDateTime(ts)', vm_samples: 'toDateTime(ts)', vm_idle_hourly: 'bucket' };
type RawSampleTable = keyof typeof RAW_SAMPLE_TABLES;

const KEEPS_IMPORTS = `NOT startsWith(connection_id, '${IMPORT_NAMESPACE_PREFIX}')`;
/** The TTL clause as ClickHouse shows it back (`toIntervalDay(n)`, quotes escaped or not): days, and KEEPS_IMPORTS. */
const TTL_CLAUSE = new RegExp(
  String.raw`TTL\s+[\w()]+\s*\+\s*(?:toIntervalDay\((\d+)\)|INTERVAL\s+(\d+)\s+DAY)` +
    String.raw`(\s+WHERE\s+NOT\s+startsWith\(connection_id,\s*\\?'${IMPORT_NAMESPACE_PREFIX}\\?'\))?`,
  'i',
);

/**
 * Sets how long raw metric samples are kept, import namespaces excepted (rollups are kept). A no-op when unchanged,
 * so the ETL calls it at every start, which also brings tables created with an older TTL to this one. Shortening it
 * rewrites TTL info of existing parts in the background.
 */
export async function setRetentionDays(client: ClickHouseClient, days: number): Promise<void> {
  if (!Number.isInteger(days) || days < 1 || days > 36_500)
    throw new Error(`Retention must be 1-36500 days, got ${days}`);
  const topology = topologyOf(client);
  for (const [table, from] of Object.entries(RAW_SAMPLE_TABLES) as [RawSampleTable, string][]) {
    const ttl = await rawSampleTtl(client, table);
    if (ttl?.days === days && ttl.keepsImports) continue;
    // DDL takes no query parameters; `days` is a validated integer and `table` one of ours. The TTL belongs to the
    // table that stores the rows (each node's local table in cluster mode).
    await client.command({
      query: `ALTER TABLE ${storageTable(table, topology)}${onCluster(topology)} MODIFY TTL ${from} + INTERVAL ${days} DAY WHERE ${KEEPS_IMPORTS}`,
    });
  }
}

/** The TTL of a raw sample table (metric_samples by default) in days, read back from the table definition. */
export async function retentionDays(
  client: ClickHouseClient,
  table: RawSampleTable = 'metric_samples',
): Promise<number | undefined> {
  return (await rawSampleTtl(client, table))?.days;
}

/**
 * A raw sample table's TTL as the table defines it: its days, and whether it spares import namespaces (it does once
 * the ETL has set the retention).
 */
export async function rawSampleTtl(
  client: ClickHouseClient,
  table: RawSampleTable = 'metric_samples',
): Promise<{ days: number; keepsImports: boolean } | undefined> {
  const result = await client.query({
    query: `SELECT create_table_query FROM system.tables WHERE database = currentDatabase() AND name = {table:String}`,
    query_params: { table: storageTable(table, topologyOf(client)) },
    format: 'JSONEachRow',
  });
  const [row] = await result.json<{ create_table_query: string }>();
  const match = row && TTL_CLAUSE.exec(row.create_table_query);
  return match ? { days: Number(match[1] ?? match[2]), keepsImports: match[3] !== undefined } : undefined;
}
