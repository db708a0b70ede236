import {
  assertNever,
  CommandError,
  commandHandler,
  defineAggregate,
  type EventDataOf,
  Events,
  type JustFitEvent,
} from '@justfit/events';

/** The collect task aggregate as the collector needs it: which attempt is current and whether it has ended. */
export interface CollectTaskState {
  requested?: EventDataOf<'CollectTaskRequested'>;
  outcome?: 'succeeded' | 'failed' | 'cancelled';
  attempt: number;
  /** Whether a collector has picked the current attempt up. */
  started: boolean;
}

export const initialCollectTaskState: CollectTaskState = { attempt: 0, started: false };

export type CollectTaskEventName =
  | 'CollectTaskRequested'
  | 'CollectTaskStarted'
  | 'CollectTaskProgressed'
  | 'CollectTaskLogged'
  | 'CollectTaskSucceeded'
  | 'CollectTaskFailed'
  | 'CollectTaskCancelled';
export type CollectTaskEvent = JustFitEvent<CollectTaskEventName>;

export function evolveCollectTask(state: CollectTaskState, event: CollectTaskEvent): CollectTaskState {
  switch (event.type) {
    case Events.CollectTaskRequested.type:
      return { requested: event.data, attempt: event.data.attempt, started: false };
    case Events.CollectTaskStarted.type:
      return event.data.attempt === state.attempt ? { ...state, started: true } : state;
    case Events.CollectTaskSucceeded.type:
      return { ...state, outcome: 'succeeded' };
    case Events.CollectTaskFailed.type:
      return { ...state, outcome: 'failed' };
    case Events.CollectTaskCancelled.type:
      return { ...state, outcome: 'cancelled' };
    case Events.CollectTaskProgressed.type:
    case Events.CollectTaskLogged.type:
      return state;
    default:
      return assertNever(event);
  }
}

export const collectTaskAggregate = defineAggregate({
  context: 'TASKS',
  events: [
    'CollectTaskRequested',
    'CollectTaskStarted',
    'CollectTaskProgressed',
    'CollectTaskLogged',
    'CollectTaskSucceeded',
    'CollectTaskFailed',
    'CollectTaskCancelled',
  ] satisfies CollectTaskEventName[],
  initialState: (): CollectTaskState => initialCollectTaskState,
  evolve: evolveCollectTask,
});

export const collectTasks = commandHandler(collectTaskAggregate);

/** The attempt a collector runs has ended or was replaced (stopped, or retried): it stops writing. */
export class AttemptEnded extends Error {}

/** A collector writes about an attempt only while that attempt is the task's current one and has not ended. */
export function assertAttemptCurrent(taskId: string, state: CollectTaskState, attempt: number): void {
  if (state.attempt !== attempt) throw new AttemptEnded(`task ${taskId} moved on to attempt ${state.attempt}`);
  if (state.outcome) throw new AttemptEnded(`task ${taskId} has already ${state.outcome}`);
}

/** A new task: its id must not have been used. */
export function decideStart(taskId: string, state: CollectTaskState): void {
  if (state.requested) throw new CommandError(409, `task ${taskId} already exists`);
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
