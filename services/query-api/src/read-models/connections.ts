import { type ConnectionType, DEFAULT_SITE, type JustFitEvent, isEvent } from '@justfit/events';
import type { ClickHouseClient } from '@justfit/storage';
import type { Projection } from '../projections/projection';

export interface ConnectionRow {
  id: string;
  name: string;
  type: ConnectionType;
  endpoint: string;
  port: number;
  username: string;
  verifyTls: boolean;
  /** The site whose agents collect it. */
  site: string;
  status: string;
  lastSyncAt: number | null;
  errorMessage: string | null;
  createdAt: number;
  updatedAt: number;
  deleted: boolean;
}

const SELECT = `connection_id AS id, name, type, endpoint, port, username, verify_tls AS verifyTls, site, status,
  toUnixTimestamp64Milli(last_sync_at) AS lastSyncAt, error_message AS errorMessage, toUnixTimestamp64Milli(created_at) AS createdAt,
  toUnixTimestamp64Milli(updated_at) AS updatedAt, deleted`;

function fromDb(r: Record<string, unknown>): ConnectionRow {
  return {
    id: String(r.id),
    name: String(r.name),
    type: r.type as ConnectionType,
    endpoint: String(r.endpoint),
    port: Number(r.port),
    username: String(r.username),
    verifyTls: Number(r.verifyTls) === 1,
    site: String(r.site || DEFAULT_SITE),
    status: String(r.status),
    lastSyncAt: r.lastSyncAt === null ? null : Number(r.lastSyncAt),
    errorMessage: r.errorMessage ? String(r.errorMessage) : null,
    createdAt: Number(r.createdAt),
    updatedAt: Number(r.updatedAt),
    deleted: Number(r.deleted) === 1,
  };
}

/** Pure: the connection row after one event. Secrets never reach this model: events carry only a reference. */
export function evolveConnectionRow(row: ConnectionRow | undefined, event: JustFitEvent): ConnectionRow | undefined {
  const at = Date.parse(event.time);
  if (isEvent(event, 'ConnectionRegistered') || isEvent(event, 'ConnectionUpdated')) {
    const d = event.data;
    return {
      id: d.connectionId,
      name: d.name,
      type: d.type,
      endpoint: d.endpoint,
      port: d.port,
      username: d.username,
      verifyTls: d.verifyTls,
      site: d.site ?? DEFAULT_SITE,
      status: row?.status ?? 'disconnected',
      lastSyncAt: row?.lastSyncAt ?? null,
      errorMessage: row?.errorMessage ?? null,
      createdAt: row?.createdAt ?? at,
      updatedAt: at,
      deleted: false,
    };
  }
  if (!row) return undefined;
  if (isEvent(event, 'ConnectionDeleted')) return { ...row, deleted: true, updatedAt: at };
  if (isEvent(event, 'ConnectionStatusChanged')) {
    const d = event.data;
    return {
      ...row,
      status: d.status,
      lastSyncAt: d.lastSyncAt ?? row.lastSyncAt,
      errorMessage: d.status === 'error' ? (d.errorMessage ?? null) : null,
    };
  }
  if (isEvent(event, 'ConnectionTested')) {
    const d = event.data;
    return { ...row, status: d.success ? 'connected' : 'error', errorMessage: d.success ? null : d.message };
  }
  return row;
}

export async function getConnection(clickhouse: ClickHouseClient, id: string): Promise<ConnectionRow | undefined> {
  const rs = await clickhouse.query({
    query: `SELECT ${SELECT} FROM connections FINAL WHERE connection_id = {id:String} AND deleted = 0`,
    query_params: { id },
    format: 'JSONEachRow',
  });
  const rows = await rs.json<Record<string, unknown>>();
  return rows[0] ? fromDb(rows[0]) : undefined;
}

export async function listConnections(
  clickhouse: ClickHouseClient,
  q: { type?: string; status?: string },
): Promise<ConnectionRow[]> {
  const rs = await clickhouse.query({
    query: `SELECT ${SELECT} FROM connections FINAL WHERE deleted = 0
            AND ({t:String} = '' OR type = {t:String}) AND ({s:String} = '' OR status = {s:String}) ORDER BY name`,
    query_params: { t: q.type ?? '', s: q.status ?? '' },
    format: 'JSONEachRow',
  });
  return (await rs.json<Record<string, unknown>>()).map(fromDb);
}

export const connectionsProjection: Projection = {
  name: 'connections',
  stream: 'CONNECTIONS',
  canHandle: [
    'ConnectionRegistered',
    'ConnectionUpdated',
    'ConnectionDeleted',
    'ConnectionStatusChanged',
    'ConnectionTested',
  ],
  async project(event, { streamSeq, clickhouse }) {
    const rs = await clickhouse.query({
      query: `SELECT ${SELECT} FROM connections FINAL WHERE connection_id = {id:String}`,
      query_params: { id: event.subject },
      format: 'JSONEachRow',
    });
    const rows = await rs.json<Record<string, unknown>>();
    const next = evolveConnectionRow(rows[0] ? fromDb(rows[0]) : undefined, event);
    if (!next) return;
    await clickhouse.insert({
      table: 'connections',
      values: [
        {
          connection_id: next.id,
          name: next.name,
          type: next.type,
          endpoint: next.endpoint,
          port: next.port,
          username: next.username,
          verify_tls: next.verifyTls ? 1 : 0,
          site: next.site,
          status: next.status,
          last_sync_at: next.lastSyncAt,
          error_message: next.errorMessage ?? '',
          created_at: next.createdAt,
          updated_at: next.updatedAt,
          deleted: next.deleted ? 1 : 0,
          version: streamSeq,
        },
      ],
      format: 'JSONEachRow',
    });
  },
};
