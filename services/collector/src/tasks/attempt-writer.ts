import {
  type EventBus,
  type EventDataOf,
  type EventStore,
  type JustFitEvent,
  newEvent,
  type TaskInstanceStatus,
} from '@justfit/events';
import { COLLECTOR_SOURCE } from '../connections/connection-repository';
import {
  assertAttemptCurrent,
  type CollectTaskEvent,
  type CollectTaskEventName,
  collectTasks,
  type CollectTaskState,
  decideInstanceEnd,
  decideInstanceStart,
  type InstanceStart,
} from './collect-task';

type RawEventName = 'InventoryObserved' | 'MetricsObserved' | 'CollectionCompleted';

/** The attempt an agent runs: the task's request (as last requested) and the trace it carries. */
export type CollectAttempt = Pick<JustFitEvent<'CollectTaskRequested'>, 'data' | 'traceid'>;

/**
 * What one collect attempt writes: its task events through the task's command handler (each append expects the
 * revision this writer last wrote, so a stop or retry written meanwhile is seen and ends the attempt with
 * AttemptEnded), its instance's start and end, and its raw data to the RAW stream.
 */
export class AttemptWriter {
  private known: { state: CollectTaskState; revision: number };
  private instance?: InstanceStart;

  constructor(
    private readonly store: EventStore,
    private readonly bus: EventBus,
    private readonly requested: CollectAttempt,
    loaded: { state: CollectTaskState; revision: number },
  ) {
    this.known = loaded;
  }

  get taskId(): string {
    return this.requested.data.taskId;
  }

  /** The instance this agent runs, started after ending those its predecessors left open. */
  async startInstance(start: InstanceStart): Promise<void> {
    const { attempt } = this.requested.data;
    await this.append((state) =>
      decideInstanceStart(this.taskId, state, attempt, start).map(({ name, data }) => this.event(name, data)),
    );
    this.instance = start;
  }

  async task<N extends CollectTaskEventName>(name: N, data: EventDataOf<N>): Promise<void> {
    const { attempt } = this.requested.data;
    await this.append((state) => {
      assertAttemptCurrent(this.taskId, state, attempt);
      return [this.event(name, data)];
    });
  }

  /** The attempt's end and its instance's, stored together: a task never ends with its instance left running. */
  async end<N extends 'CollectTaskSucceeded' | 'CollectTaskFailed' | 'CollectTaskCancelled'>(
    name: N,
    data: EventDataOf<N>,
    status: Exclude<TaskInstanceStatus, 'running' | 'interrupted'>,
    reason: string,
  ): Promise<void> {
    const { attempt } = this.requested.data;
    await this.append((state) => {
      assertAttemptCurrent(this.taskId, state, attempt);
      return [this.event(name, data), ...this.instanceEnd(state, status, reason)];
    });
  }

  /** Ends this agent's instance alone (interrupted by shutdown, or its attempt ended elsewhere). */
  async endInstance(status: Exclude<TaskInstanceStatus, 'running'>, reason: string): Promise<void> {
    await this.append((state) => this.instanceEnd(state, status, reason));
  }

  /** Ends the instances other agents left open (they stopped while running it), as interrupted. */
  async endOpenInstances(reason: string): Promise<void> {
    await this.append((state) =>
      state.openInstances.map(({ instanceId, agentId }) =>
        this.event('TaskInstanceEnded', {
          instanceId,
          taskId: this.taskId,
          agentId,
          status: 'interrupted',
          reason,
          endedAt: Date.now(),
        }),
      ),
    );
  }

  log(level: 'info' | 'warn' | 'error', message: string): Promise<void> {
    return this.task('CollectTaskLogged', { taskId: this.taskId, level, message, timestamp: Date.now() });
  }

  /** Raw data, with an id derived from the attempt and batch so a resumed attempt does not store a batch twice. */
  async raw<N extends RawEventName>(name: N, data: EventDataOf<N>, id: string): Promise<void> {
    await this.bus.publish(newEvent(name, data, { ...this.options(), id }) as JustFitEvent);
  }

  private instanceEnd(state: CollectTaskState, status: Exclude<TaskInstanceStatus, 'running'>, reason: string) {
    if (!this.instance) return [];
    const { instanceId, agentId } = this.instance;
    const ended = { instanceId, taskId: this.taskId, agentId, status, reason, endedAt: Date.now() };
    return decideInstanceEnd(state, ended).map((data) => this.event('TaskInstanceEnded', data));
  }

  private async append(decide: (state: CollectTaskState) => CollectTaskEvent[]): Promise<void> {
    const { newState, revision } = await collectTasks.handle(this.store, this.taskId, decide, { known: this.known });
    this.known = { state: newState, revision };
  }

  private event<N extends CollectTaskEventName>(name: N, data: EventDataOf<N>): CollectTaskEvent {
    return newEvent(name, data, this.options()) as CollectTaskEvent;
  }

  private options() {
    return { subject: this.taskId, source: COLLECTOR_SOURCE, traceId: this.requested.traceid };
  }
}
