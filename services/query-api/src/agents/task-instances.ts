import {
  type EventBus,
  filterSubjectsFor,
  isEvent,
  type RunningSubscription,
  runEphemeralConsumer,
  type TaskInstanceStatus,
} from '@justfit/events';
import { declaredEvents } from './agent-registry';

export interface TaskInstanceRow {
  id: string;
  taskId: string;
  taskType: string;
  attempt: number;
  agentId: string;
  site: string;
  status: TaskInstanceStatus;
  reason?: string;
  startedAt: number;
  endedAt?: number;
}

export interface TaskInstanceFilter {
  taskId?: string;
  agentId?: string;
  status?: TaskInstanceStatus;
}

/**
 * Every task instance (one run of an attempt on one agent), followed from the TASKS stream by each API instance.
 * Instances are few (one per attempt, one more per resumption), so they are held in memory, newest first on read.
 */
export class TaskInstances {
  private readonly rows = new Map<string, TaskInstanceRow>();
  private subscription?: RunningSubscription;

  constructor(private readonly bus: EventBus) {}

  async start(): Promise<void> {
    this.subscription = await runEphemeralConsumer(
      this.bus,
      { ...filterSubjectsFor(declaredEvents('task instances')), deliverNew: false },
      (event) => {
        if (isEvent(event, 'TaskInstanceStarted')) {
          const { instanceId, taskId, taskType, attempt, agentId, site, startedAt } = event.data;
          const known = this.rows.get(instanceId);
          this.rows.set(instanceId, {
            id: instanceId,
            taskId,
            taskType,
            attempt,
            agentId,
            site,
            startedAt,
            status: known?.status ?? 'running',
            ...(known?.endedAt ? { endedAt: known.endedAt, reason: known.reason } : {}),
          });
        } else if (isEvent(event, 'TaskInstanceEnded')) {
          const row = this.rows.get(event.data.instanceId);
          if (row)
            Object.assign(row, { status: event.data.status, reason: event.data.reason, endedAt: event.data.endedAt });
        }
      },
    );
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
  }

  get(id: string): TaskInstanceRow | undefined {
    return this.rows.get(id);
  }

  list(filter: TaskInstanceFilter, limit: number): TaskInstanceRow[] {
    return [...this.rows.values()]
      .filter(
        (r) =>
          (!filter.taskId || r.taskId === filter.taskId) &&
          (!filter.agentId || r.agentId === filter.agentId) &&
          (!filter.status || r.status === filter.status),
      )
      .sort((a, b) => b.startedAt - a.startedAt)
      .slice(0, limit);
  }
}
