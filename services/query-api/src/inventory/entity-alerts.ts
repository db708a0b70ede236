import type { ClickHouseClient } from '@justfit/storage';

/** The alerts raised about one entity, newest first, in the GraphQL Alert shape. */
export async function alertsOfEntity(clickhouse: ClickHouseClient, entityType: string, entityId: string, limit = 100) {
  const result = await clickhouse.query({
    query: `SELECT alert_id, finding_id, severity, title, message, entity_type, entity_id, entity_name, read, resolved,
        toUnixTimestamp64Milli(raised_at) AS raised_at
      FROM alerts FINAL WHERE entity_type = {t:String} AND entity_id = {id:String}
      ORDER BY raised_at DESC LIMIT {limit:UInt32}`,
    query_params: { t: entityType, id: entityId, limit },
    format: 'JSONEachRow',
  });
  const rows = await result.json<Record<string, string | number | boolean>>();
  return rows.map((r) => ({
    id: String(r.alert_id), findingId: String(r.finding_id), severity: String(r.severity), title: String(r.title),
    message: String(r.message), entityType: String(r.entity_type), entityId: String(r.entity_id), entityName: String(r.entity_name),
    read: Number(r.read) === 1, resolved: Number(r.resolved) === 1, raisedAt: Number(r.raised_at),
  }));
}
