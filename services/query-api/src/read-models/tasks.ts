import { type JustFitEvent, isEvent } from '@justfit/events';
import type { ClickHouseClient } from '@justfit/storage';
import type { Projection } from '../projections/projection';

export interface TaskRow {
  id: string;
  connectionId: string;
  name: string;
  status: 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  progress: number;
  currentStep: number;
  totalSteps: number;
  message: string;
  attempt: number;
  errorCode: number | null;
  errorMessage: string | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  loadedAt: number | null;
}

// "Data loaded" is the ETL's event in LOADS; the ETL's ledger (etl_loads) records the same moment, so the row takes
// it from there (tasks loaded before the event moved to LOADS have it in loaded_at).
const SELECT = `tasks.task_id AS id, connection_id AS connectionId, name, status, progress, current_step AS currentStep,
  total_steps AS totalSteps, message, attempt, error_code AS errorCode, error_message AS errorMessage,
  toUnixTimestamp64Milli(created_at) AS createdAt, toUnixTimestamp64Milli(started_at) AS startedAt,
  toUnixTimestamp64Milli(finished_at) AS finishedAt,
  coalesce(toUnixTimestamp64Milli(tasks.loaded_at), nullIf(loads.loaded, 0)) AS loadedAt`;

const FROM = `tasks FINAL LEFT JOIN (
    SELECT task_id, toUnixTimestamp64Milli(max(loaded_at)) AS loaded FROM etl_loads FINAL
    WHERE kind = 'completed' GROUP BY task_id
  ) AS loads ON loads.task_id = tasks.task_id`;

function fromDb(r: Record<string, unknown>): TaskRow {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    id: String(r.id),
    connectionId: String(r.connectionId),
    name: String(r.name),
    status: r.status as TaskRow['status'],
    progress: Number(r.progress),
    currentStep: Number(r.currentStep),
    totalSteps: Number(r.totalSteps),
    message: r.status === 'succeeded' && num(r.loadedAt) !== null ? 'data loaded' : String(r.message),
    attempt: Number(r.attempt),
    errorCode: num(r.errorCode),
    errorMessage: r.errorMessage ? String(r.errorMessage) : null,
    createdAt: Number(r.createdAt),
    startedAt: num(r.startedAt),
    finishedAt: num(r.finishedAt),
    loadedAt: num(r.loadedAt),
  };
}

/** Pure: the task row after one lifecycle event. */
export function evolveTaskRow(row: TaskRow | undefined, event: JustFitEvent): TaskRow | undefined {
  const at = Date.parse(event.time);
  if (isEvent(event, 'CollectTaskRequested')) {
    const { taskId, attempt, config } = event.data;
    return {
      id: taskId,
      connectionId: config.connectionId,
      name: config.name,
      status: 'pending',
      progress: 0,
      currentStep: 0,
      totalSteps: 1,
      message: 'waiting for a collector',
      attempt,
      errorCode: null,
      errorMessage: null,
      createdAt: row?.createdAt ?? at,
      startedAt: null,
      finishedAt: null,
      loadedAt: null,
    };
  }
  if (!row) return undefined;
  if (isEvent(event, 'CollectTaskStarted')) return { ...row, status: 'running', startedAt: at, message: 'started' };
  if (isEvent(event, 'CollectTaskProgressed')) {
    const d = event.data;
    return {
      ...row,
      status: 'running',
      progress: d.progress,
      currentStep: d.currentStep,
      totalSteps: d.totalSteps,
      message: d.message,
    };
  }
  if (isEvent(event, 'CollectTaskSucceeded'))
    return { ...row, status: 'succeeded', progress: 100, finishedAt: event.data.finishedAt, message: 'completed' };
  if (isEvent(event, 'CollectTaskDataLoaded')) return { ...row, loadedAt: event.data.loadedAt, message: 'data loaded' };
  if (isEvent(event, 'CollectTaskFailed')) {
    return {
      ...row,
      status: 'failed',
      finishedAt: event.data.finishedAt,
      errorCode: event.data.code,
      errorMessage: event.data.message,
      message: event.data.message,
    };
  }
  if (isEvent(event, 'CollectTaskCancelled'))
    return { ...row, status: 'cancelled', finishedAt: event.data.finishedAt, message: event.data.reason };
  return row;
}

export async function getTask(clickhouse: ClickHouseClient, id: string): Promise<TaskRow | undefined> {
  const rs = await clickhouse.query({
    query: `SELECT ${SELECT} FROM ${FROM} WHERE tasks.task_id = {id:String}`,
    query_params: { id },
    format: 'JSONEachRow',
  });
  const rows = await rs.json<Record<string, unknown>>();
  return rows[0] ? fromDb(rows[0]) : undefined;
}

export async function listTasks(
  clickhouse: ClickHouseClient,
  q: { connectionId?: string; status?: string; limit: number },
): Promise<TaskRow[]> {
  const rs = await clickhouse.query({
    query: `SELECT ${SELECT} FROM ${FROM}
            WHERE ({c:String} = '' OR connection_id = {c:String}) AND ({s:String} = '' OR status = {s:String})
            ORDER BY created_at DESC LIMIT {limit:UInt32}`,
    query_params: { c: q.connectionId ?? '', s: q.status ?? '', limit: q.limit },
    format: 'JSONEachRow',
  });
  return (await rs.json<Record<string, unknown>>()).map(fromDb);
}

/** Keeps the latest row of recent tasks in memory so a burst of progress events costs one read, not one each. */
export function tasksProjection(): Projection {
  const cache = new Map<string, TaskRow>();
  return {
    name: 'tasks',
    stream: 'TASKS',
    canHandle: [
      'CollectTaskRequested',
      'CollectTaskStarted',
      'CollectTaskProgressed',
      'CollectTaskSucceeded',
      'CollectTaskFailed',
      'CollectTaskCancelled',
    ],
    async project(event, { streamSeq, clickhouse }) {
      const taskId = event.subject;
      const current = cache.get(taskId) ?? (await getTask(clickhouse, taskId));
      const next = evolveTaskRow(current, event);
      if (!next) return;
      cache.set(taskId, next);
      if (cache.size > 1000) cache.delete(cache.keys().next().value!);
      await clickhouse.insert({
        table: 'tasks',
        values: [
          {
            task_id: next.id,
            connection_id: next.connectionId,
            name: next.name,
            status: next.status,
            progress: next.progress,
            current_step: next.currentStep,
            total_steps: next.totalSteps,
            message: next.message,
            attempt: next.attempt,
            error_code: next.errorCode,
            error_message: next.errorMessage ?? '',
            created_at: next.createdAt,
            started_at: next.startedAt,
            finished_at: next.finishedAt,
            loaded_at: next.loadedAt,
            version: streamSeq,
          },
        ],
        format: 'JSONEachRow',
      });
    },
  };
}
