import type { ClickHouseClient } from '@justfit/storage';
import { ABANDONED_AFTER_MS } from '../imports/import-jobs';
import type { TaskType } from '../live/task-events';
import { ALL_TASKS, type TaskState } from '../tasks/task-list';

export interface TaskStateCount {
  taskType: TaskType;
  state: TaskState;
  count: number;
}

/** Every task type's count by state, in the one lifecycle (each type's own states mapped onto it). */
export async function taskStateCounts(clickhouse: ClickHouseClient): Promise<TaskStateCount[]> {
  const rs = await clickhouse.query({
    query: `SELECT task_type, status, count() AS n FROM (${ALL_TASKS}) GROUP BY task_type, status
      ORDER BY task_type, status`,
    query_params: { abandonedBefore: Date.now() - ABANDONED_AFTER_MS },
    format: 'JSONEachRow',
  });
  return (await rs.json<{ task_type: TaskType; status: TaskState; n: string | number }>()).map((r) => ({
    taskType: r.task_type,
    state: r.status,
    count: Number(r.n),
  }));
}
