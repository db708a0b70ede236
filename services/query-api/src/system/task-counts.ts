import { AckPolicy, DeliverPolicy } from '@nats-io/jetstream';
import { type EventBus, type EventName, filterSubjectsFor } from '@justfit/events';
import type { ClickHouseClient } from '@justfit/storage';
import { ABANDONED_AFTER_MS } from '../imports/import-jobs';
import type { TaskType } from '../live/task-events';

/** One lifecycle for every type of task. */
export type TaskState = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface TaskStateCount {
  taskType: TaskType;
  state: TaskState;
  count: number;
}

async function grouped(clickhouse: ClickHouseClient, query: string, params: Record<string, unknown> = {}) {
  const rs = await clickhouse.query({ query, query_params: params, format: 'JSONEachRow' });
  return (await rs.json<{ state: string; n: string | number }>()).map((r) => ({ state: r.state, count: Number(r.n) }));
}

/**
 * How many events of one type a stream holds, without reading them: an ephemeral consumer filtered on the type
 * knows how many are pending for it.
 */
async function countEvents(bus: EventBus, name: EventName): Promise<number> {
  const { stream, filterSubjects } = filterSubjectsFor([name]);
  const info = await bus.jsm.consumers.add(stream, {
    filter_subject: filterSubjects[0],
    ack_policy: AckPolicy.None,
    deliver_policy: DeliverPolicy.All,
    mem_storage: true,
    inactive_threshold: 10_000 * 1_000_000, // nanoseconds: gone soon even if the delete below is lost
  });
  await bus.jsm.consumers.delete(stream, info.name).catch(() => undefined);
  return info.num_pending;
}

/**
 * Analysis runs kept no read model of their own: their counts come from the FINDINGS stream. A run requested and not
 * ended is running (queued runs of an analyzer included).
 */
async function analysisCounts(bus: EventBus): Promise<TaskStateCount[]> {
  const [requested, completed, failed] = await Promise.all([
    countEvents(bus, 'AnalysisRunRequested'),
    countEvents(bus, 'AnalysisRunCompleted'),
    countEvents(bus, 'AnalysisRunFailed'),
  ]);
  return [
    { taskType: 'analyze', state: 'running', count: Math.max(0, requested - completed - failed) },
    { taskType: 'analyze', state: 'succeeded', count: completed },
    { taskType: 'analyze', state: 'failed', count: failed },
  ];
}

/** Every task type's count by state, in the one lifecycle (each type's own states mapped onto it). */
export async function taskStateCounts(bus: EventBus, clickhouse: ClickHouseClient): Promise<TaskStateCount[]> {
  const [collect, report, imports, analyze] = await Promise.all([
    grouped(clickhouse, 'SELECT status AS state, count() AS n FROM tasks FINAL GROUP BY status'),
    grouped(
      clickhouse,
      `SELECT multiIf(status = 'requested', 'pending', status = 'generating', 'running',
         status = 'generated', 'succeeded', status) AS state, count() AS n FROM reports FINAL GROUP BY state`,
    ),
    // Published imports are loading; one whose publishing stopped moving was abandoned (see importJob).
    grouped(
      clickhouse,
      `SELECT multiIf(status = 'publishing' AND toUnixTimestamp64Milli(updated_at) < {cutoff:Int64}, 'failed',
         status IN ('publishing', 'published'), 'running', status) AS state, count() AS n
       FROM imports FINAL GROUP BY state`,
      { cutoff: Date.now() - ABANDONED_AFTER_MS },
    ),
    analysisCounts(bus),
  ]);
  const typed = (taskType: TaskType, rows: Array<{ state: string; count: number }>) =>
    rows.map((r) => ({ taskType, state: r.state as TaskState, count: r.count }));
  return [...typed('collect', collect), ...typed('report', report), ...typed('import', imports), ...analyze].filter(
    (c) => c.count > 0,
  );
}
