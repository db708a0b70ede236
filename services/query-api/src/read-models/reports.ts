import { type JustFitEvent, isEvent, type ReportFormat, type ReportType, reportScopeKey } from '@justfit/events';
import { Filters, type Page, type PageQuery, limitAndOffset, type ClickHouseClient } from '@justfit/storage';
import type { Projection } from '../projections/projection';

export type ReportStatus = 'requested' | 'generating' | 'generated' | 'failed';

export interface ReportRow {
  id: string;
  reportType: ReportType;
  connectionId: string | null;
  runId: string | null;
  entityIds: string[];
  format: ReportFormat;
  title: string;
  status: ReportStatus;
  progress: number;
  message: string;
  /** Where the file is: an object of the reports object store, or (reports from before it) a reporter's disk. */
  objectName: string | null;
  path: string | null;
  bytes: number | null;
  sha256: string | null;
  errorMessage: string | null;
  requestedAt: number | null;
  generatedAt: number | null;
  scopeKey: string;
  /** JSON of the report's figures, which the next report of its scope compares itself with. */
  digest: string;
}

const SELECT = `report_id, report_type, connection_id, run_id, entity_ids, format, title, status, progress, message,
  object_name, path, bytes, sha256, error_message, toUnixTimestamp64Milli(requested_at) AS requested_at,
  toUnixTimestamp64Milli(generated_at) AS generated_at, scope_key, digest`;

const orNull = (v: unknown) => (v ? String(v) : null);

function fromDb(r: Record<string, unknown>): ReportRow {
  const generated = r.status === 'generated';
  return {
    id: String(r.report_id),
    reportType: (r.report_type || 'summary') as ReportType,
    connectionId: orNull(r.connection_id),
    runId: orNull(r.run_id),
    entityIds: Array.isArray(r.entity_ids) ? r.entity_ids.map(String) : [],
    format: r.format as ReportFormat,
    title: String(r.title),
    status: r.status as ReportStatus,
    progress: Number(r.progress ?? 0),
    message: String(r.message ?? ''),
    objectName: generated ? orNull(r.object_name) : null,
    path: generated ? orNull(r.path) : null,
    bytes: generated ? Number(r.bytes) : null,
    sha256: generated ? String(r.sha256) : null,
    errorMessage: orNull(r.error_message),
    requestedAt: r.requested_at === null || r.requested_at === undefined ? null : Number(r.requested_at),
    generatedAt: r.generated_at === null || r.generated_at === undefined ? null : Number(r.generated_at),
    scopeKey: String(r.scope_key ?? ''),
    digest: String(r.digest ?? ''),
  };
}

/** Pure: the report row after one of its events. */
export function evolveReportRow(row: ReportRow | undefined, event: JustFitEvent): ReportRow | undefined {
  if (isEvent(event, 'ReportRequested')) {
    const d = event.data;
    return {
      id: d.reportId,
      reportType: d.reportType ?? 'summary',
      connectionId: d.connectionId ?? null,
      runId: d.runId ?? null,
      entityIds: d.entityIds ?? [],
      format: d.format,
      title: d.title,
      status: 'requested',
      progress: 0,
      message: 'waiting for a reporter',
      objectName: null,
      path: null,
      bytes: null,
      sha256: null,
      errorMessage: null,
      requestedAt: Date.parse(event.time),
      generatedAt: null,
      scopeKey: reportScopeKey(d),
      digest: '',
    };
  }
  if (!row) return undefined;
  if (isEvent(event, 'ReportProgressed')) {
    // A late progress event never takes an ended report back.
    if (row.status === 'generated' || row.status === 'failed') return row;
    return { ...row, status: 'generating', progress: event.data.progress, message: event.data.message };
  }
  if (isEvent(event, 'ReportGenerated')) {
    const d = event.data;
    return {
      ...row,
      status: 'generated',
      progress: 100,
      message: 'generated',
      objectName: d.objectName ?? null,
      path: d.path ?? null,
      bytes: d.bytes,
      sha256: d.sha256,
      generatedAt: d.generatedAt,
      digest: d.digest ? JSON.stringify(d.digest) : '',
    };
  }
  if (isEvent(event, 'ReportFailed')) {
    return { ...row, status: 'failed', message: 'failed', errorMessage: event.data.message };
  }
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

export interface ReportFilter {
  reportType?: string;
  format?: string;
  connectionId?: string;
  status?: string;
}

/** Reports, newest request first, filtered and paged. */
export async function listReports(
  clickhouse: ClickHouseClient,
  filter: ReportFilter,
  page: PageQuery,
): Promise<Page<ReportRow>> {
  const filters = new Filters()
    .optional('report_type = {type:String}', 'type', filter.reportType || undefined)
    .optional('format = {format:String}', 'format', filter.format || undefined)
    .optional('connection_id = {c:String}', 'c', filter.connectionId || undefined)
    .optional('status = {status:String}', 'status', filter.status || undefined);
  const { limit, offset } = limitAndOffset(page);
  const [items, total] = await Promise.all([
    clickhouse.query({
      query: `SELECT ${SELECT} FROM reports FINAL ${filters.where()}
        ORDER BY coalesce(requested_at, generated_at) DESC NULLS LAST, report_id
        LIMIT {limit:UInt32} OFFSET {offset:UInt32}`,
      query_params: { ...filters.params, limit, offset },
      format: 'JSONEachRow',
    }),
    clickhouse.query({
      query: `SELECT count() AS total FROM reports FINAL ${filters.where()}`,
      query_params: filters.params,
      format: 'JSONEachRow',
    }),
  ]);
  const [count] = await total.json<{ total: string | number }>();
  return { items: (await items.json<Record<string, unknown>>()).map(fromDb), total: Number(count?.total ?? 0) };
}

export const reportsProjection: Projection = {
  name: 'reports',
  stream: 'REPORTS',
  canHandle: ['ReportRequested', 'ReportProgressed', 'ReportGenerated', 'ReportFailed'],
  async project(event, { streamSeq, clickhouse }) {
    const next = evolveReportRow(await getReport(clickhouse, event.subject), event);
    if (!next) return;
    await clickhouse.insert({
      table: 'reports',
      values: [
        {
          report_id: next.id,
          report_type: next.reportType,
          connection_id: next.connectionId ?? '',
          run_id: next.runId ?? '',
          entity_ids: next.entityIds,
          format: next.format,
          title: next.title,
          path: next.path ?? '',
          object_name: next.objectName ?? '',
          bytes: next.bytes ?? 0,
          sha256: next.sha256 ?? '',
          status: next.status,
          progress: next.progress,
          message: next.message,
          error_message: next.errorMessage ?? '',
          requested_at: next.requestedAt,
          generated_at: next.generatedAt,
          scope_key: next.scopeKey,
          digest: next.digest,
          version: streamSeq,
        },
      ],
      format: 'JSONEachRow',
    });
  },
};
