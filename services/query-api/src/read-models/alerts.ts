import { type EntityType, type EventDataOf, isEvent } from '@justfit/events';
import type { ClickHouseClient } from '@justfit/storage';
import type { Projection } from '../projections/projection';

export interface AlertRow {
  id: string;
  findingId: string;
  severity: string;
  title: string;
  message: string;
  entityType: EntityType;
  entityId: string;
  entityName: string;
  read: boolean;
  resolved: boolean;
  raisedAt: number;
}

const toDb = (a: AlertRow, version: number) => ({
  alert_id: a.id,
  finding_id: a.findingId,
  severity: a.severity,
  title: a.title,
  message: a.message,
  entity_type: a.entityType,
  entity_id: a.entityId,
  entity_name: a.entityName,
  read: a.read ? 1 : 0,
  resolved: a.resolved ? 1 : 0,
  raised_at: a.raisedAt,
  version,
});

/** A just-raised alert: unread and unresolved. */
export function alertFromRaised(d: EventDataOf<'AlertRaised'>): AlertRow {
  return {
    id: d.alertId,
    findingId: d.findingId,
    severity: d.severity,
    title: d.title,
    message: d.message,
    entityType: d.entityType,
    entityId: d.entityId,
    entityName: d.entityName,
    read: false,
    resolved: false,
    raisedAt: d.raisedAt,
  };
}

/** Alerts as raised, marked read or resolved by people, and resolved with their finding (or its withdrawal). */
export const alertsProjection: Projection = {
  name: 'alerts',
  stream: 'FINDINGS',
  canHandle: ['AlertRaised', 'AlertMarked', 'FindingResolved', 'FindingWithdrawn'],
  async project(event, { streamSeq, clickhouse }) {
    let rows: AlertRow[] = [];
    if (isEvent(event, 'AlertRaised')) {
      rows = [alertFromRaised(event.data)];
    } else if (isEvent(event, 'AlertMarked')) {
      const { read, resolved } = event.data;
      rows = (await alertsWhere(clickhouse, 'alert_id', event.data.alertId)).map((a) => ({
        ...a,
        read: read ?? a.read,
        resolved: resolved ?? a.resolved,
      }));
    } else if (isEvent(event, 'FindingResolved') || isEvent(event, 'FindingWithdrawn')) {
      rows = (await alertsWhere(clickhouse, 'finding_id', event.data.findingId))
        .filter((a) => !a.resolved)
        .map((a) => ({ ...a, resolved: true }));
    }
    if (rows.length)
      await clickhouse.insert({ table: 'alerts', values: rows.map((r) => toDb(r, streamSeq)), format: 'JSONEachRow' });
  },
};

const SELECT = `alert_id, finding_id, severity, title, message, entity_type, entity_id, entity_name, read, resolved,
  toUnixTimestamp64Milli(raised_at) AS raised_at`;

function fromDb(r: Record<string, unknown>): AlertRow {
  return {
    id: String(r.alert_id),
    findingId: String(r.finding_id),
    severity: String(r.severity),
    title: String(r.title),
    message: String(r.message),
    entityType: r.entity_type as EntityType,
    entityId: String(r.entity_id),
    entityName: String(r.entity_name),
    read: Number(r.read) === 1,
    resolved: Number(r.resolved) === 1,
    raisedAt: Number(r.raised_at),
  };
}

async function alertsWhere(
  clickhouse: ClickHouseClient,
  column: 'alert_id' | 'finding_id',
  value: string,
): Promise<AlertRow[]> {
  const rs = await clickhouse.query({
    query: `SELECT ${SELECT} FROM alerts FINAL WHERE ${column} = {v:String}`,
    query_params: { v: value },
    format: 'JSONEachRow',
  });
  return (await rs.json<Record<string, unknown>>()).map(fromDb);
}

/** The alerts raised about one entity, newest first. */
export async function alertsOfEntity(
  clickhouse: ClickHouseClient,
  entityType: string,
  entityId: string,
  limit = 100,
): Promise<AlertRow[]> {
  const rs = await clickhouse.query({
    query: `SELECT ${SELECT} FROM alerts FINAL WHERE entity_type = {t:String} AND entity_id = {id:String}
      ORDER BY raised_at DESC LIMIT {limit:UInt32}`,
    query_params: { t: entityType, id: entityId, limit },
    format: 'JSONEachRow',
  });
  return (await rs.json<Record<string, unknown>>()).map(fromDb);
}

export async function listAlerts(
  clickhouse: ClickHouseClient,
  q: { unreadOnly: boolean; limit: number },
): Promise<{ items: AlertRow[]; unreadCount: number }> {
  const [rows, [{ n } = { n: 0 }]] = await Promise.all([
    clickhouse
      .query({
        query: `SELECT ${SELECT} FROM alerts FINAL WHERE ({unreadOnly:UInt8} = 0 OR read = 0) ORDER BY raised_at DESC LIMIT {limit:UInt32}`,
        query_params: { unreadOnly: q.unreadOnly ? 1 : 0, limit: q.limit },
        format: 'JSONEachRow',
      })
      .then((rs) => rs.json<Record<string, unknown>>()),
    clickhouse
      .query({ query: 'SELECT count() AS n FROM alerts FINAL WHERE read = 0', format: 'JSONEachRow' })
      .then((rs) => rs.json<{ n: number | string }>()),
  ]);
  return {
    unreadCount: Number(n),
    items: rows.map(fromDb),
  };
}
