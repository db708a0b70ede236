import { type EventBus, type EventDataOf, type EventStore, type JustFitEvent, newEvent } from '@justfit/events';
import { COLLECTOR_SOURCE } from '../connections/connection-repository';
import {
  assertAttemptCurrent,
  type CollectTaskEvent,
  type CollectTaskEventName,
  collectTasks,
  type CollectTaskState,
} from './collect-task';

type RawEventName = 'InventoryObserved' | 'MetricsObserved' | 'CollectionCompleted';

/**
 * What one collect attempt writes: its task events through the task's command handler (each append expects the
 * revision this writer last wrote, so a stop or retry written meanwhile is seen and ends the attempt with
 * AttemptEnded), and its raw data to the RAW stream.
 */
export class AttemptWriter {
  private known: { state: CollectTaskState; revision: number };

  constructor(
    private readonly store: EventStore,
    private readonly bus: EventBus,
    private readonly requested: JustFitEvent<'CollectTaskRequested'>,
    loaded: { state: CollectTaskState; revision: number },
  ) {
    this.known = loaded;
  }

  get taskId(): string {
    return this.requested.data.taskId;
  }

  async task<N extends CollectTaskEventName>(name: N, data: EventDataOf<N>): Promise<void> {
    const { attempt } = this.requested.data;
    const { newState, revision } = await collectTasks.handle(
      this.store,
      this.taskId,
      (state) => {
        assertAttemptCurrent(this.taskId, state, attempt);
        return [newEvent(name, data, this.options()) as CollectTaskEvent];
      },
      { known: this.known },
    );
    this.known = { state: newState, revision };
  }

  log(level: 'info' | 'warn' | 'error', message: string): Promise<void> {
    return this.task('CollectTaskLogged', { taskId: this.taskId, level, message, timestamp: Date.now() });
  }

  /** Raw data, with an id derived from the attempt and batch so a resumed attempt does not store a batch twice. */
  async raw<N extends RawEventName>(name: N, data: EventDataOf<N>, id: string): Promise<void> {
    await this.bus.publish(newEvent(name, data, { ...this.options(), id }) as JustFitEvent);
  }

  private options() {
    return { subject: this.taskId, source: COLLECTOR_SOURCE, traceId: this.requested.traceid };
  }
}
