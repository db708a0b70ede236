import { isEvent, type JustFitEvent } from '@justfit/events';
import type { ClickHouseClient } from '@justfit/storage';
import type { Projection } from '../projections/projection';

export interface AnalysisRunRow {
  runId: string;
  analysisType: string;
  connectionId: string;
  trigger: string;
  /** The bulk analysis a run is a child of ('' for none); a bulk analysis's own row has trigger `bulk`. */
  parentId: string;
  status: 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  progress: number;
  message: string;
  worker: string;
  analysed: number;
  raised: number;
  updated: number;
  resolved: number;
  skipped: number;
  errorCode: number | null;
  errorMessage: string;
  requestedAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

const ended = (row: AnalysisRunRow) =>
  row.status === 'succeeded' || row.status === 'failed' || row.status === 'cancelled';

/** Pure: the run's row after one of its events. A late event never takes an ended run back. */
export function evolveAnalysisRunRow(row: AnalysisRunRow | undefined, event: JustFitEvent): AnalysisRunRow | undefined {
  if (isEvent(event, 'AnalysisRunRequested')) {
    const d = event.data;
    return {
      runId: d.runId,
      analysisType: d.analysisType,
      connectionId: d.connectionId ?? '',
      trigger: d.trigger,
      parentId: d.parentId ?? '',
      status: 'pending',
      progress: 0,
      message: 'waiting for an analyzer',
      worker: '',
      analysed: 0,
      raised: 0,
      updated: 0,
      resolved: 0,
      skipped: 0,
      errorCode: null,
      errorMessage: '',
      requestedAt: Date.parse(event.time),
      startedAt: null,
      finishedAt: null,
    };
  }
  if (isEvent(event, 'BulkAnalysisRequested')) {
    const d = event.data;
    return {
      runId: d.bulkId,
      analysisType: d.analysisType,
      connectionId: '',
      trigger: 'bulk',
      parentId: '',
      status: 'running',
      progress: 0,
      message: `${d.connectionIds.length} connections`,
      worker: '',
      analysed: 0,
      raised: 0,
      updated: 0,
      resolved: 0,
      skipped: 0,
      errorCode: null,
      errorMessage: '',
      requestedAt: Date.parse(event.time),
      startedAt: Date.parse(event.time),
      finishedAt: null,
    };
  }
  if (!row || ended(row)) return row;
  if (isEvent(event, 'BulkAnalysisProgressed')) {
    const d = event.data;
    return { ...row, progress: Math.round((1000 * d.ended) / d.total) / 10, message: d.message };
  }
  if (isEvent(event, 'BulkAnalysisCompleted')) {
    const d = event.data;
    const message = `${d.succeeded} succeeded, ${d.failed} failed, ${d.cancelled} cancelled`;
    const failed = d.failed > 0 || d.cancelled > 0;
    return {
      ...row,
      status: failed ? 'failed' : 'succeeded',
      progress: 100,
      message,
      errorCode: failed ? 1003 : null,
      errorMessage: failed ? message : '',
      finishedAt: d.completedAt,
    };
  }
  if (isEvent(event, 'AnalysisRunStarted'))
    return {
      ...row,
      status: 'running',
      worker: event.data.worker,
      startedAt: event.data.startedAt,
      message: 'started',
    };
  if (isEvent(event, 'AnalysisRunProgressed'))
    return { ...row, status: 'running', progress: event.data.progress, message: event.data.message };
  if (isEvent(event, 'AnalysisRunCompleted')) {
    const d = event.data;
    return {
      ...row,
      status: 'succeeded',
      progress: 100,
      message: 'completed',
      analysed: d.analysed,
      raised: d.raised,
      updated: d.updated,
      resolved: d.resolved,
      skipped: d.skipped,
      finishedAt: d.completedAt,
    };
  }
  if (isEvent(event, 'AnalysisRunFailed')) {
    const d = event.data;
    return {
      ...row,
      status: 'failed',
      message: d.message,
      errorCode: d.code,
      errorMessage: d.message,
      finishedAt: d.failedAt,
    };
  }
  if (isEvent(event, 'AnalysisRunCancelled')) {
    const d = event.data;
    return { ...row, status: 'cancelled', message: d.reason, finishedAt: d.cancelledAt };
  }
  return row;
}

const SELECT = `run_id AS runId, analysis_type AS analysisType, connection_id AS connectionId, trigger,
  parent_id AS parentId, status, progress,
  message, worker, analysed, raised, updated, resolved, skipped, error_code AS errorCode, error_message AS errorMessage,
  toUnixTimestamp64Milli(requested_at) AS requestedAt, toUnixTimestamp64Milli(started_at) AS startedAt,
  toUnixTimestamp64Milli(finished_at) AS finishedAt`;

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export async function getAnalysisRun(clickhouse: ClickHouseClient, runId: string): Promise<AnalysisRunRow | undefined> {
  const rs = await clickhouse.query({
    query: `SELECT ${SELECT} FROM analysis_runs FINAL WHERE run_id = {id:String}`,
    query_params: { id: runId },
    format: 'JSONEachRow',
  });
  const [r] = await rs.json<Record<string, unknown>>();
  if (!r) return undefined;
  return {
    ...(r as unknown as AnalysisRunRow),
    progress: Number(r.progress),
    analysed: Number(r.analysed),
    raised: Number(r.raised),
    updated: Number(r.updated),
    resolved: Number(r.resolved),
    skipped: Number(r.skipped),
    errorCode: num(r.errorCode),
    requestedAt: Number(r.requestedAt),
    startedAt: num(r.startedAt),
    finishedAt: num(r.finishedAt),
  };
}

export const analysisRunsProjection: Projection = {
  name: 'analysis-runs',
  stream: 'FINDINGS',
  canHandle: [
    'AnalysisRunRequested',
    'AnalysisRunStarted',
    'AnalysisRunProgressed',
    'AnalysisRunCompleted',
    'AnalysisRunFailed',
    'AnalysisRunCancelled',
    'BulkAnalysisRequested',
    'BulkAnalysisProgressed',
    'BulkAnalysisCompleted',
  ],
  async project(event, { streamSeq, clickhouse }) {
    const next = evolveAnalysisRunRow(await getAnalysisRun(clickhouse, event.subject), event);
    if (!next) return;
    await clickhouse.insert({
      table: 'analysis_runs',
      values: [
        {
          run_id: next.runId,
          analysis_type: next.analysisType,
          connection_id: next.connectionId,
          trigger: next.trigger,
          parent_id: next.parentId,
          status: next.status,
          progress: next.progress,
          message: next.message,
          worker: next.worker,
          analysed: next.analysed,
          raised: next.raised,
          updated: next.updated,
          resolved: next.resolved,
          skipped: next.skipped,
          error_code: next.errorCode,
          error_message: next.errorMessage,
          requested_at: next.requestedAt,
          started_at: next.startedAt,
          finished_at: next.finishedAt,
          version: streamSeq,
        },
      ],
      format: 'JSONEachRow',
    });
  },
};
