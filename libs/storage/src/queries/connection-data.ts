import type { ClickHouseClient } from '@clickhouse/client';
import { onCluster, storageTable } from '../schema/statements';
import { topologyOf } from '../schema/topology';
import { inventoryTables } from './inventory-rows';

/**
 * The tables holding what was loaded for a connection, by its `connection_id`: inventory (history and current),
 * samples and their rollups, and the ETL's ledger and rejections. The read models projected from events (findings,
 * alerts, tasks, connections) are not here: they change through their events.
 */
export const CONNECTION_DATA_TABLES: readonly string[] = [
  ...Object.values(inventoryTables).flatMap((t) => [t.history, `${t.history}_current`]),
  'metric_samples',
  'metric_hourly',
  'metric_daily',
  'vm_samples',
  'vm_idle_hourly',
  'etl_loads',
  'rejected_records',
];

/**
 * Deletes what was loaded for a connection (CONNECTION_DATA_TABLES), waiting until it is gone. Its import records are
 * left, so a deletion that stops half-way can be asked for again; deleteImportRecords removes them last.
 */
export async function deleteConnectionData(client: ClickHouseClient, connectionId: string): Promise<void> {
  for (const table of CONNECTION_DATA_TABLES) await deleteWhereConnection(client, table, connectionId);
}

export async function deleteImportRecords(client: ClickHouseClient, connectionId: string): Promise<void> {
  await deleteWhereConnection(client, 'imports', connectionId);
}

/** The rows an import refused while it was read, when the import is refused as a whole (it never existed). */
export async function deleteImportRejections(client: ClickHouseClient, importId: string): Promise<void> {
  await client.command({
    query: `ALTER TABLE ${rowsOf(client, 'rejected_records')} DELETE WHERE task_id = {id:String}`,
    query_params: { id: importId },
    clickhouse_settings: { mutations_sync: '2' },
  });
}

/** The table a mutation runs on: the table itself, or on a cluster each node's local table (`ON CLUSTER`). */
function rowsOf(client: ClickHouseClient, table: string): string {
  const topology = topologyOf(client);
  return `${storageTable(table, topology)}${onCluster(topology)}`;
}

async function deleteWhereConnection(client: ClickHouseClient, table: string, connectionId: string): Promise<void> {
  // A mutation rather than a lightweight DELETE: it works on every MergeTree engine here (the rollups aggregate).
  // Table names come from the list above; DDL takes no identifier parameters.
  await client.command({
    query: `ALTER TABLE ${rowsOf(client, table)} DELETE WHERE connection_id = {c:String}`,
    query_params: { c: connectionId },
    clickhouse_settings: { mutations_sync: '2' },
  });
}
