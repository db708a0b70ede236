import type { ClickHouseClient } from '@clickhouse/client';

/** Every entity id a connection's inventory has ever held (samples may refer to any of them). */
export async function knownEntityIds(client: ClickHouseClient, connectionId: string): Promise<string[]> {
  const rs = await client.query({
    query: `SELECT id FROM inventory_vms_current WHERE connection_id = {c:String}
            UNION DISTINCT SELECT id FROM inventory_hosts_current WHERE connection_id = {c:String}
            UNION DISTINCT SELECT id FROM inventory_clusters_current WHERE connection_id = {c:String}
            UNION DISTINCT SELECT id FROM inventory_datastores_current WHERE connection_id = {c:String}`,
    query_params: { c: connectionId },
    format: 'JSONEachRow',
  });
  return (await rs.json<{ id: string }>()).map((r) => r.id);
}
