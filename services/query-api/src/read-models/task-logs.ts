import { isEvent } from '@justfit/events';
import type { ClickHouseClient } from '@justfit/storage';
import type { Projection } from '../projections/projection';

export interface TaskLogRow {
  taskId: string;
  timestamp: number;
  level: string;
  message: string;
}

const LEVELS = ['debug', 'info', 'warn', 'error'];

export const taskLogsProjection: Projection = {
  name: 'task-logs',
  stream: 'TASKS',
  canHandle: ['CollectTaskLogged'],
  async project(event, { streamSeq, clickhouse }) {
    if (!isEvent(event, 'CollectTaskLogged')) return;
    const d = event.data;
    await clickhouse.insert({
      table: 'task_logs',
      values: [{ task_id: d.taskId, ts: d.timestamp, seq: streamSeq, level: d.level, message: d.message }],
      format: 'JSONEachRow',
    });
  },
};

/** A task's log lines, oldest first; `level` keeps that level and the ones above it. */
export async function listTaskLogs(
  clickhouse: ClickHouseClient,
  q: { taskId: string; level?: string; limit: number },
): Promise<TaskLogRow[]> {
  const minLevel = q.level ? LEVELS.indexOf(q.level) : 0;
  const levels = LEVELS.slice(Math.max(0, minLevel));
  const rs = await clickhouse.query({
    query: `SELECT task_id AS taskId, toUnixTimestamp64Milli(ts) AS timestamp, level, message FROM task_logs FINAL
            WHERE task_id = {t:String} AND has({levels:Array(String)}, level) ORDER BY ts, seq LIMIT {limit:UInt32}`,
    query_params: { t: q.taskId, levels, limit: q.limit },
    format: 'JSONEachRow',
  });
  return (await rs.json<Record<string, unknown>>()).map((r) => ({
    taskId: String(r.taskId),
    timestamp: Number(r.timestamp),
    level: String(r.level),
    message: String(r.message),
  }));
}
