import { isEvent } from '@justfit/events';
import type { ClickHouseClient } from '@justfit/storage';
import type { Projection } from '../projections/projection';

export interface AlertRow {
  id: string;
  findingId: string;
  severity: string;
  title: string;
  message: string;
  entityType: string;
  entityId: string;
  entityName: string;
  read: boolean;
  resolved: boolean;
  raisedAt: number;
}

export const alertsProjection: Projection = {
  name: 'alerts',
  stream: 'FINDINGS',
  canHandle: ['AlertRaised'],
  async project(event, { streamSeq, clickhouse }) {
    if (!isEvent(event, 'AlertRaised')) return;
    const d = event.data;
    await clickhouse.insert({
      table: 'alerts',
      values: [{
        alert_id: d.alertId, finding_id: d.findingId, severity: d.severity, title: d.title, message: d.message, entity_type: d.entityType,
        entity_id: d.entityId, entity_name: d.entityName, read: 0, resolved: 0, raised_at: d.raisedAt, version: streamSeq,
      }],
      format: 'JSONEachRow',
    });
  },
};

export async function listAlerts(clickhouse: ClickHouseClient, q: { unreadOnly: boolean; limit: number }): Promise<{ items: AlertRow[]; unreadCount: number }> {
  const rs = await clickhouse.query({
    query: `SELECT alert_id, finding_id, severity, title, message, entity_type, entity_id, entity_name, read, resolved,
                   toUnixTimestamp64Milli(raised_at) AS raised_at
            FROM alerts FINAL WHERE ({unreadOnly:UInt8} = 0 OR read = 0) ORDER BY raised_at DESC LIMIT {limit:UInt32}`,
    query_params: { unreadOnly: q.unreadOnly ? 1 : 0, limit: q.limit },
    format: 'JSONEachRow',
  });
  const rows = await rs.json<Record<string, unknown>>();
  const unread = await clickhouse.query({ query: 'SELECT count() AS n FROM alerts FINAL WHERE read = 0', format: 'JSONEachRow' });
  const [{ n } = { n: 0 }] = await unread.json<{ n: number | string }>();
  return {
    unreadCount: Number(n),
    items: rows.map((r) => ({
      id: String(r.alert_id), findingId: String(r.finding_id), severity: String(r.severity), title: String(r.title), message: String(r.message),
      entityType: String(r.entity_type), entityId: String(r.entity_id), entityName: String(r.entity_name), read: Number(r.read) === 1,
      resolved: Number(r.resolved) === 1, raisedAt: Number(r.raised_at),
    })),
  };
}
