import type { ClickHouseClient } from '@clickhouse/client';
import { type InventoryKind, inventoryTables } from './inventory-rows';

export interface TombstoneScope {
  connectionId: string;
  /** The full collection that just completed: what it did not observe is gone. */
  taskId: string;
  /** When the collection completed (epoch ms); the tombstones are stamped with it. */
  at: number;
}

export type TombstonedIds = Record<InventoryKind, string[]>;

/**
 * Writes a tombstone (a copy of the latest observation with `deleted = 1`) for every entity of the connection that
 * the given full collection did not observe. The entities leave the latest views and keep their history. Running it
 * again writes nothing more: the tombstoned entities are no longer in the latest views.
 */
export async function tombstoneUnobserved(client: ClickHouseClient, scope: TombstoneScope): Promise<TombstonedIds> {
  const params = { c: scope.connectionId, task: scope.taskId, at: Math.trunc(scope.at) };
  const gone =
    "connection_id = {c:String} AND task_id != {task:String} AND observed_at < fromUnixTimestamp64Milli({at:Int64}, 'UTC')";
  const ids = {} as TombstonedIds;
  for (const kind of Object.keys(inventoryTables) as InventoryKind[]) {
    const table = inventoryTables[kind];
    const result = await client.query({
      query: `SELECT id FROM ${table.latest} WHERE ${gone} ORDER BY id`,
      query_params: params,
      format: 'JSONEachRow',
    });
    ids[kind] = (await result.json<{ id: string }>()).map((r) => r.id);
    if (ids[kind].length === 0) continue;
    // The filter sits in a subquery: ClickHouse would resolve task_id and observed_at in an outer WHERE to the aliases.
    await client.command({
      query: `INSERT INTO ${table.history}
        SELECT * REPLACE (fromUnixTimestamp64Milli({at:Int64}, 'UTC') AS observed_at, {task:String} AS task_id, 1 AS deleted)
        FROM (SELECT * FROM ${table.latest} WHERE ${gone})`,
      query_params: params,
    });
  }
  return ids;
}
