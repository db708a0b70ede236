import type { ClickHouseClient } from '@justfit/storage';
import type { TaskType } from '../live/task-events';

/** One lifecycle for every type of task. */
export type TaskState = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** One task of any type, as a list shows it. */
export interface TaskSummary {
  id: string;
  taskType: TaskType;
  connectionId: string | null;
  /** The task this one is a child of (a run of a bulk analysis). */
  parentId: string | null;
  name: string;
  status: TaskState;
  progress: number;
  message: string;
  createdAt: number;
  finishedAt: number | null;
}

export interface TaskListFilter {
  taskType?: TaskType;
  status?: TaskState;
  connectionId?: string;
  parentId?: string;
}

export interface TaskListPage {
  items: TaskSummary[];
  total: number;
  endCursor: string | null;
  hasNextPage: boolean;
}

// A LEFT JOIN fills a missing row with defaults, not NULL: 0 is "not loaded".
const LOADED = `(SELECT task_id, toUnixTimestamp64Milli(max(loaded_at)) AS loaded FROM etl_loads FINAL
  WHERE kind = 'completed' GROUP BY task_id)`;

/**
 * Every type's read model in the one lifecycle: collect tasks as they are; analysis runs (pending until started);
 * reports (requested → pending, generating → running, generated → succeeded); imports (publishing, or published and
 * not loaded yet → running; loaded → succeeded; publishing stopped for good → failed, as importJob says).
 */
export const ALL_TASKS = `
  SELECT task_id AS id, 'collect' AS task_type, connection_id, '' AS parent_id, name, status, progress, message,
    toUnixTimestamp64Milli(created_at) AS created, toUnixTimestamp64Milli(finished_at) AS finished
  FROM tasks FINAL
  UNION ALL
  SELECT run_id, 'analyze', connection_id, parent_id, concat(analysis_type, ' analysis (', trigger, ')'), status,
    progress, message,
    toUnixTimestamp64Milli(requested_at), toUnixTimestamp64Milli(finished_at)
  FROM analysis_runs FINAL
  UNION ALL
  SELECT report_id, 'report', connection_id, '', title,
    multiIf(status = 'requested', 'pending', status = 'generating', 'running', status = 'generated', 'succeeded', status),
    progress, message, toUnixTimestamp64Milli(coalesce(requested_at, generated_at)), toUnixTimestamp64Milli(generated_at)
  FROM reports FINAL
  UNION ALL
  SELECT import_id, 'import', connection_id, '', file_name,
    multiIf(status = 'publishing' AND toUnixTimestamp64Milli(updated_at) < {abandonedBefore:Int64}, 'failed',
      status = 'published' AND loads.loaded > 0, 'succeeded',
      status IN ('publishing', 'published'), 'running', status),
    if(status = 'published', if(loads.loaded > 0, 100, 50), 50 * least(1, samples_published / greatest(1, rows_read))),
    message, toUnixTimestamp64Milli(started_at), if(loads.loaded > 0, loads.loaded, toUnixTimestamp64Milli(finished_at))
  FROM imports FINAL LEFT JOIN ${LOADED} AS loads ON loads.task_id = imports.import_id`;

/** A cursor names the last task of a page: its creation time and id (the list's order). */
export function encodeCursor(task: { createdAt: number; id: string }): string {
  return Buffer.from(JSON.stringify([task.createdAt, task.id])).toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: number; id: string } | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || typeof value[0] !== 'number' || typeof value[1] !== 'string') return undefined;
    return { createdAt: value[0], id: value[1] };
  } catch {
    return undefined;
  }
}

/**
 * Tasks of every type, newest first, filtered, a page after `after` (a cursor from a previous page), with the total of
 * the filter. A page is stable while tasks are added: the next one starts after the last task seen.
 */
export async function listAllTasks(
  clickhouse: ClickHouseClient,
  filter: TaskListFilter,
  first: number,
  after: { createdAt: number; id: string } | undefined,
  abandonedBefore: number,
): Promise<TaskListPage> {
  const conditions: string[] = [];
  const params: Record<string, unknown> = { abandonedBefore };
  const when = (value: string | undefined, condition: string, name: string) => {
    if (!value) return;
    conditions.push(condition);
    params[name] = value;
  };
  when(filter.taskType, 'task_type = {taskType:String}', 'taskType');
  when(filter.status, 'status = {status:String}', 'status');
  when(filter.connectionId, 'connection_id = {c:String}', 'c');
  when(filter.parentId, 'parent_id = {parent:String}', 'parent');
  const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  const page = after
    ? `${where ? `${where} AND` : 'WHERE'} (created < {afterCreated:Int64} OR (created = {afterCreated:Int64} AND id < {afterId:String}))`
    : where;
  const [rows, count] = await Promise.all([
    clickhouse.query({
      query: `SELECT * FROM (${ALL_TASKS}) ${page} ORDER BY created DESC, id DESC LIMIT {limit:UInt32}`,
      query_params: { ...params, afterCreated: after?.createdAt, afterId: after?.id, limit: first + 1 },
      format: 'JSONEachRow',
    }),
    clickhouse.query({
      query: `SELECT count() AS total FROM (${ALL_TASKS}) ${where}`,
      query_params: params,
      format: 'JSONEachRow',
    }),
  ]);
  const found = (await rows.json<Record<string, unknown>>()).map((r): TaskSummary => ({
    id: String(r.id),
    taskType: r.task_type as TaskType,
    connectionId: r.connection_id ? String(r.connection_id) : null,
    parentId: r.parent_id ? String(r.parent_id) : null,
    name: String(r.name),
    status: r.status as TaskState,
    progress: Math.round(Number(r.progress) * 10) / 10,
    message: String(r.message),
    createdAt: Number(r.created),
    finishedAt: r.finished === null || r.finished === undefined ? null : Number(r.finished),
  }));
  const items = found.slice(0, first);
  const [total] = await count.json<{ total: string | number }>();
  return {
    items,
    total: Number(total?.total ?? 0),
    endCursor: items.length ? encodeCursor(items.at(-1)!) : null,
    hasNextPage: found.length > first,
  };
}
