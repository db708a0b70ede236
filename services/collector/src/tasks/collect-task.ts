import { CommandError, type EventDataOf, type EventStore, type JustFitEvent, isEvent } from '@justfit/events';

/** The collect task aggregate as the collector needs it: which attempt is current and whether it has ended. */
export interface CollectTaskState {
  requested?: EventDataOf<'CollectTaskRequested'>;
  outcome?: 'succeeded' | 'failed' | 'cancelled';
  attempt: number;
  /** Whether a collector has picked the current attempt up. */
  started: boolean;
}

export const initialCollectTaskState: CollectTaskState = { attempt: 0, started: false };

export function evolveCollectTask(state: CollectTaskState, event: JustFitEvent): CollectTaskState {
  if (isEvent(event, 'CollectTaskRequested'))
    return { requested: event.data, attempt: event.data.attempt, started: false };
  if (isEvent(event, 'CollectTaskStarted') && event.data.attempt === state.attempt) return { ...state, started: true };
  if (isEvent(event, 'CollectTaskSucceeded')) return { ...state, outcome: 'succeeded' };
  if (isEvent(event, 'CollectTaskFailed')) return { ...state, outcome: 'failed' };
  if (isEvent(event, 'CollectTaskCancelled')) return { ...state, outcome: 'cancelled' };
  return state;
}

/** A task's current state and the stream revision it was read at (for an append that expects it). */
export async function loadCollectTask(
  store: EventStore,
  taskId: string,
): Promise<{ state: CollectTaskState; revision: number }> {
  const { events, revision } = await store.read(taskId, 'TASKS');
  return { state: events.reduce((s, e) => evolveCollectTask(s, e.event), initialCollectTaskState), revision };
}

/** Progress as a percentage that only ever moves forward and reaches 100 only on success. */
export function progressPercent(done: number, expected: number, reserved = 5): number {
  if (expected <= 0) return 100 - reserved;
  return Math.min(100 - reserved, Math.round(((100 - reserved) * done) / expected));
}

/** Deliveries of a collect request before the collector gives up on it (a crash mid-task counts as one). */
export const COLLECT_MAX_DELIVERIES = 3;

export type StopDecision = 'cancel-pending' | 'cancel-running';

export function decideStop(taskId: string, state: CollectTaskState): StopDecision {
  if (!state.requested) throw new CommandError(404, `task ${taskId} not found`);
  if (state.outcome) throw new CommandError(409, `task ${taskId} has already ${state.outcome}`);
  return state.started ? 'cancel-running' : 'cancel-pending';
}

/** A failed or cancelled task runs again as the next attempt, with the same configuration. */
export function decideRetry(taskId: string, state: CollectTaskState): EventDataOf<'CollectTaskRequested'> {
  if (!state.requested) throw new CommandError(404, `task ${taskId} not found`);
  if (state.outcome !== 'failed' && state.outcome !== 'cancelled') {
    throw new CommandError(
      409,
      `task ${taskId} is ${state.outcome ?? 'still running'}: only failed or cancelled tasks can be retried`,
    );
  }
  return { ...state.requested, attempt: state.attempt + 1 };
}
