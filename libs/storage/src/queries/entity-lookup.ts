import type { ClickHouseClient } from '@clickhouse/client';
import { type DbRow, fromDbRow, selectList } from './columns';
import { type InventoryKind, type InventoryRows, inventoryTables } from './inventory-rows';
import type { MetricEntityType } from './metrics';
import { Filters } from './paging';
import { chunkForUrl } from './param-chunks';

/** The latest state of an entity by id; several when the id exists in several connections and none is given. */
export async function findEntities<K extends InventoryKind>(
  client: ClickHouseClient,
  kind: K,
  id: string,
  connectionId?: string,
): Promise<Array<InventoryRows[K]>> {
  const table = inventoryTables[kind];
  const filters = new Filters()
    .add('id = {id:String}', { id })
    .optional('connection_id = {c:String}', 'c', connectionId);
  const result = await client.query({
    query: `SELECT ${selectList(table.columns)} FROM ${table.latest} ${filters.where()} ORDER BY connection_id LIMIT 10`,
    query_params: filters.params,
    format: 'JSONEachRow',
  });
  return (await result.json<DbRow>()).map((row) => fromDbRow(table.columns, row));
}

export interface EntityRef {
  connectionId: string;
  id: string;
}

export const entityRefKey = (ref: EntityRef) => `${ref.connectionId}\u0000${ref.id}`;

/** Names of the given entities of one kind, keyed by `entityRefKey` (tombstoned ones included: history keeps names). */
export async function entityNames(
  client: ClickHouseClient,
  kind: InventoryKind,
  refs: readonly EntityRef[],
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const conns = [...new Set(refs.map((r) => r.connectionId))];
  for (const ids of chunkForUrl([...new Set(refs.map((r) => r.id))])) {
    const result = await client.query({
      query: `SELECT connection_id, id, argMax(name, observed_at) AS name FROM ${inventoryTables[kind].history}_current
        WHERE id IN {ids:Array(String)} AND connection_id IN {conns:Array(String)} GROUP BY connection_id, id`,
      query_params: { ids, conns },
      format: 'JSONEachRow',
    });
    for (const row of await result.json<{ connection_id: string; id: string; name: string }>()) {
      names.set(entityRefKey({ connectionId: row.connection_id, id: row.id }), row.name);
    }
  }
  return names;
}

export interface EntityMetricCoverage {
  metrics: string[];
  /** Epoch ms of the first and the newest sample. */
  first: number;
  last: number;
}

/** Which metrics an entity has samples of, and their time span; undefined when it has none. */
export async function entityMetricCoverage(
  client: ClickHouseClient,
  entity: { connectionId: string; entityType: MetricEntityType; entityId: string },
): Promise<EntityMetricCoverage | undefined> {
  const result = await client.query({
    query: `SELECT arraySort(groupUniqArray(metric)) AS metrics, toUnixTimestamp64Milli(min(ts)) AS first,
        toUnixTimestamp64Milli(max(ts)) AS last, count() AS n
      FROM metric_samples WHERE connection_id = {c:String} AND entity_type = {t:String} AND entity_id = {id:String}`,
    query_params: { c: entity.connectionId, t: entity.entityType, id: entity.entityId },
    format: 'JSONEachRow',
  });
  const [row] = await result.json<{ metrics: string[]; first: string; last: string; n: string }>();
  if (!row || Number(row.n) === 0) return undefined;
  return { metrics: row.metrics, first: Number(row.first), last: Number(row.last) };
}
