import { type JustFitEvent, isEvent } from '@justfit/events';
import type { ClickHouseClient } from '@justfit/storage';
import type { Projection } from '../projections/projection';

export interface ReportRow {
  id: string;
  connectionId: string | null;
  format: 'json' | 'html' | 'pdf';
  title: string;
  status: 'requested' | 'generated' | 'failed';
  path: string | null;
  bytes: number | null;
  sha256: string | null;
  errorMessage: string | null;
  generatedAt: number | null;
}

const SELECT = `report_id, connection_id, format, title, status, path, bytes, sha256, error_message, toUnixTimestamp64Milli(generated_at) AS generated_at`;

function fromDb(r: Record<string, unknown>): ReportRow {
  const generated = r.status === 'generated';
  return {
    id: String(r.report_id),
    connectionId: r.connection_id ? String(r.connection_id) : null,
    format: r.format as ReportRow['format'],
    title: String(r.title),
    status: r.status as ReportRow['status'],
    path: generated ? String(r.path) : null,
    bytes: generated ? Number(r.bytes) : null,
    sha256: generated ? String(r.sha256) : null,
    errorMessage: r.error_message ? String(r.error_message) : null,
    generatedAt: r.generated_at === null ? null : Number(r.generated_at),
  };
}

export function evolveReportRow(row: ReportRow | undefined, event: JustFitEvent): ReportRow | undefined {
  if (isEvent(event, 'ReportRequested')) {
    const d = event.data;
    return {
      id: d.reportId,
      connectionId: d.connectionId ?? null,
      format: d.format,
      title: d.title,
      status: 'requested',
      path: null,
      bytes: null,
      sha256: null,
      errorMessage: null,
      generatedAt: null,
    };
  }
  if (!row) return undefined;
  if (isEvent(event, 'ReportGenerated')) {
    const d = event.data;
    return { ...row, status: 'generated', path: d.path, bytes: d.bytes, sha256: d.sha256, generatedAt: d.generatedAt };
  }
  if (isEvent(event, 'ReportFailed')) return { ...row, status: 'failed', errorMessage: event.data.message };
  return row;
}

export async function getReport(clickhouse: ClickHouseClient, id: string): Promise<ReportRow | undefined> {
  const rs = await clickhouse.query({
    query: `SELECT ${SELECT} FROM reports FINAL WHERE report_id = {id:String}`,
    query_params: { id },
    format: 'JSONEachRow',
  });
  const rows = await rs.json<Record<string, unknown>>();
  return rows[0] ? fromDb(rows[0]) : undefined;
}

export async function listReports(clickhouse: ClickHouseClient, limit: number): Promise<ReportRow[]> {
  const rs = await clickhouse.query({
    query: `SELECT ${SELECT} FROM reports FINAL ORDER BY generated_at DESC NULLS FIRST LIMIT {limit:UInt32}`,
    query_params: { limit },
    format: 'JSONEachRow',
  });
  return (await rs.json<Record<string, unknown>>()).map(fromDb);
}

export const reportsProjection: Projection = {
  name: 'reports',
  stream: 'REPORTS',
  canHandle: ['ReportRequested', 'ReportGenerated', 'ReportFailed'],
  async project(event, { streamSeq, clickhouse }) {
    const next = evolveReportRow(await getReport(clickhouse, event.subject), event);
    if (!next) return;
    await clickhouse.insert({
      table: 'reports',
      values: [
        {
          report_id: next.id,
          connection_id: next.connectionId ?? '',
          format: next.format,
          title: next.title,
          path: next.path ?? '',
          bytes: next.bytes ?? 0,
          sha256: next.sha256 ?? '',
          status: next.status,
          error_message: next.errorMessage ?? '',
          generated_at: next.generatedAt,
          version: streamSeq,
        },
      ],
      format: 'JSONEachRow',
    });
  },
};
