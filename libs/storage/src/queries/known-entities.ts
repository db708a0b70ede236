import type { ClickHouseClient } from '@clickhouse/client';
import { inventoryTables } from './inventory-rows';

/** Every kind's `*_current` table: the newest observation of each entity, tombstones included. */
const currentTables = [
  inventoryTables.vm,
  inventoryTables.host,
  inventoryTables.cluster,
  inventoryTables.datastore,
].map((t) => `${t.history}_current`);

/** Every entity id a connection's inventory has ever held (samples may refer to any of them). */
export async function knownEntityIds(client: ClickHouseClient, connectionId: string): Promise<string[]> {
  const rs = await client.query({
    query: currentTables
      .map((table) => `SELECT id FROM ${table} WHERE connection_id = {c:String}`)
      .join(' UNION DISTINCT '),
    query_params: { c: connectionId },
    format: 'JSONEachRow',
  });
  return (await rs.json<{ id: string }>()).map((r) => r.id);
}

/** Whether a connection's inventory has ever held any entity (`knownEntityIds` is not empty), without reading the ids. */
export async function hasInventory(client: ClickHouseClient, connectionId: string): Promise<boolean> {
  const rs = await client.query({
    query: `SELECT 1 FROM (${currentTables.map((table) => `SELECT 1 FROM ${table} WHERE connection_id = {c:String}`).join(' UNION ALL ')}) LIMIT 1`,
    query_params: { c: connectionId },
    format: 'JSONEachRow',
  });
  return (await rs.json<unknown>()).length > 0;
}
