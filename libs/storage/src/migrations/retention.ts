import type { ClickHouseClient } from '@clickhouse/client';
import { onCluster, storageTable } from '../schema/statements';
import { topologyOf } from '../schema/topology';

export const DEFAULT_RETENTION_DAYS = 400;

/** The tables holding raw 5-minute samples: they share one retention (the rollups are kept). */
const RAW_SAMPLE_TABLES = ['metric_samples', 'vm_samples'] as const;
type RawSampleTable = (typeof RAW_SAMPLE_TABLES)[number];

/**
 * Sets how long raw metric samples are kept (rollups are kept). A no-op when unchanged, so services may call it at
 * every start. Shortening it rewrites TTL info of existing parts in the background.
 */
export async function setRetentionDays(client: ClickHouseClient, days: number): Promise<void> {
  if (!Number.isInteger(days) || days < 1 || days > 36_500)
    throw new Error(`Retention must be 1-36500 days, got ${days}`);
  for (const table of RAW_SAMPLE_TABLES) {
    if ((await retentionDays(client, table)) === days) continue;
    // DDL takes no query parameters; `days` is a validated integer and `table` one of ours. The TTL belongs to the
    // table that stores the rows (each node's local table in cluster mode).
    const topology = topologyOf(client);
    await client.command({
      query: `ALTER TABLE ${storageTable(table, topology)}${onCluster(topology)} MODIFY TTL toDateTime(ts) + INTERVAL ${days} DAY`,
    });
  }
}

/** The TTL of a raw sample table (metric_samples by default) in days, read back from the table definition. */
export async function retentionDays(
  client: ClickHouseClient,
  table: RawSampleTable = 'metric_samples',
): Promise<number | undefined> {
  const result = await client.query({
    query: `SELECT create_table_query FROM system.tables WHERE database = currentDatabase() AND name = {table:String}`,
    query_params: { table: storageTable(table, topologyOf(client)) },
    format: 'JSONEachRow',
  });
  const [row] = await result.json<{ create_table_query: string }>();
  const match =
    row &&
    /TTL\s+toDateTime\(ts\)\s*\+\s*(?:toIntervalDay\((\d+)\)|INTERVAL\s+(\d+)\s+DAY)/i.exec(row.create_table_query);
  return match ? Number(match[1] ?? match[2]) : undefined;
}
