import type { ClickHouseClient } from '@clickhouse/client';
import { type DbRow, fromDbRow, selectList, toDbRow } from './columns';
import {
  type InventoryCluster,
  type InventoryHost,
  type InventoryKind,
  type InventoryRows,
  type InventoryVm,
  inventoryTables,
} from './inventory-rows';
import { Filters, limitAndOffset, type Page, type PageQuery, searchCondition } from './paging';

/** Appends observations (JSONEachRow). Re-inserting the same observation is harmless: it collapses by observedAt. */
export async function insertInventory<K extends InventoryKind>(
  client: ClickHouseClient,
  kind: K,
  rows: readonly InventoryRows[K][],
): Promise<void> {
  if (rows.length === 0) return;
  const table = inventoryTables[kind];
  await client.insert({
    table: table.history,
    values: rows.map((row) => toDbRow(table.columns, row)),
    format: 'JSONEachRow',
  });
}

export interface VmListQuery extends PageQuery {
  connectionId?: string;
  clusterId?: string;
  hostId?: string;
  powerState?: string;
  isTemplate?: boolean;
  /** Case-insensitive substring of name, id, IP address, guest OS or UUID. */
  search?: string;
}

export function listVms(client: ClickHouseClient, query: VmListQuery): Promise<Page<InventoryVm>> {
  const filters = new Filters()
    .optional('connection_id = {connectionId:String}', 'connectionId', query.connectionId)
    .optional('cluster_id = {clusterId:String}', 'clusterId', query.clusterId)
    .optional('host_id = {hostId:String}', 'hostId', query.hostId)
    .optional('power_state = {powerState:String}', 'powerState', query.powerState)
    .optional('is_template = {isTemplate:Bool}', 'isTemplate', query.isTemplate ?? undefined);
  return listLatest(client, 'vm', filters, query);
}

export interface HostListQuery extends PageQuery {
  connectionId?: string;
  clusterId?: string;
  powerState?: string;
  search?: string;
}

export function listHosts(client: ClickHouseClient, query: HostListQuery): Promise<Page<InventoryHost>> {
  const filters = new Filters()
    .optional('connection_id = {connectionId:String}', 'connectionId', query.connectionId)
    .optional('cluster_id = {clusterId:String}', 'clusterId', query.clusterId)
    .optional('power_state = {powerState:String}', 'powerState', query.powerState);
  return listLatest(client, 'host', filters, query);
}

export interface ClusterListQuery extends PageQuery {
  connectionId?: string;
  search?: string;
}

export function listClusters(client: ClickHouseClient, query: ClusterListQuery): Promise<Page<InventoryCluster>> {
  const filters = new Filters().optional('connection_id = {connectionId:String}', 'connectionId', query.connectionId);
  return listLatest(client, 'cluster', filters, query);
}

export function listDatastores(
  client: ClickHouseClient,
  query: ClusterListQuery,
): Promise<Page<InventoryRows['datastore']>> {
  const filters = new Filters().optional('connection_id = {connectionId:String}', 'connectionId', query.connectionId);
  return listLatest(client, 'datastore', filters, query);
}

/** The latest state of each entity, filtered, ordered by name then id. */
async function listLatest<K extends InventoryKind>(
  client: ClickHouseClient,
  kind: K,
  filters: Filters,
  query: PageQuery & { search?: string },
): Promise<Page<InventoryRows[K]>> {
  const table = inventoryTables[kind];
  if (query.search) filters.add(searchCondition(table.searchable), { search: query.search });
  const { limit, offset } = limitAndOffset(query);
  const where = filters.where();
  const [rows, [total]] = await Promise.all([
    client
      .query({
        query: `SELECT ${selectList(table.columns)} FROM ${table.latest} ${where}
        ORDER BY name, id LIMIT {limit:UInt32} OFFSET {offset:UInt32}`,
        query_params: { ...filters.params, limit, offset },
        format: 'JSONEachRow',
      })
      .then((result) => result.json<DbRow>()),
    client
      .query({
        query: `SELECT count() AS total FROM ${table.latest} ${where}`,
        query_params: filters.params,
        format: 'JSONEachRow',
      })
      .then((result) => result.json<{ total: number | string }>()),
  ]);
  return { items: rows.map((row) => fromDbRow(table.columns, row)), total: Number(total?.total ?? 0) };
}
