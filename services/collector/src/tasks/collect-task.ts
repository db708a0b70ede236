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
  /** Instances (runs on an agent) started and not yet ended, oldest first. */
  openInstances: OpenInstance[];
}

export interface OpenInstance {
  instanceId: string;
  agentId: string;
  attempt: number;
}

export const initialCollectTaskState: CollectTaskState = { attempt: 0, started: false, openInstances: [] };

export type CollectTaskEventName =
  | 'CollectTaskRequested'
  | 'CollectTaskStarted'
  | 'CollectTaskProgressed'
  | 'CollectTaskLogged'
  | 'CollectTaskSucceeded'
  | 'CollectTaskFailed'
  | 'CollectTaskCancelled'
  | 'TaskInstanceStarted'
  | 'TaskInstanceEnded';
export type CollectTaskEvent = JustFitEvent<CollectTaskEventName>;

export function evolveCollectTask(state: CollectTaskState, event: CollectTaskEvent): CollectTaskState {
  switch (event.type) {
    case Events.CollectTaskRequested.type:
      return { ...state, requested: event.data, attempt: event.data.attempt, started: false, outcome: undefined };
    case Events.CollectTaskStarted.type:
      return event.data.attempt === state.attempt ? { ...state, started: true } : state;
    case Events.CollectTaskSucceeded.type:
      return { ...state, outcome: 'succeeded' };
    case Events.CollectTaskFailed.type:
      return { ...state, outcome: 'failed' };
    case Events.CollectTaskCancelled.type:
      return { ...state, outcome: 'cancelled' };
    case Events.TaskInstanceStarted.type: {
      const { instanceId, agentId, attempt } = event.data;
      return { ...state, openInstances: [...state.openInstances, { instanceId, agentId, attempt }] };
    }
    case Events.TaskInstanceEnded.type:
      return { ...state, openInstances: state.openInstances.filter((i) => i.instanceId !== event.data.instanceId) };
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
    'TaskInstanceStarted',
    'TaskInstanceEnded',
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

/**
 * What a collector does with a queued attempt, by the task's history as it reads it: `run` it; drop it when the task
 * has moved on to a later attempt or ended (`over`); or, when the history does not hold that attempt yet (a read
 * behind the queue), `retry` it later rather than acknowledge and lose it.
 */
export function queuedAttemptVerdict(state: CollectTaskState, attempt: number): 'run' | 'over' | 'retry' {
  if (state.attempt > attempt || (state.attempt === attempt && state.outcome)) return 'over';
  if (state.attempt < attempt || !state.requested) return 'retry';
  return 'run';
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

export interface InstanceStart {
  instanceId: string;
  agentId: string;
  site: string;
  now: number;
}

/**
 * An agent starts running the current attempt: the instances still open are over (their agent stopped or vanished,
 * which is why the attempt came here), then this one starts. Refused once the attempt has ended or moved on.
 */
export function decideInstanceStart(
  taskId: string,
  state: CollectTaskState,
  attempt: number,
  start: InstanceStart,
): Array<
  | { name: 'TaskInstanceEnded'; data: EventDataOf<'TaskInstanceEnded'> }
  | { name: 'TaskInstanceStarted'; data: EventDataOf<'TaskInstanceStarted'> }
> {
  assertAttemptCurrent(taskId, state, attempt);
  const interrupted = state.openInstances.map((open) => ({
    name: 'TaskInstanceEnded' as const,
    data: {
      instanceId: open.instanceId,
      taskId,
      agentId: open.agentId,
      status: 'interrupted' as const,
      reason: `agent ${open.agentId} stopped while running it; resumed on agent ${start.agentId}`,
      endedAt: start.now,
    },
  }));
  const started = {
    name: 'TaskInstanceStarted' as const,
    data: {
      instanceId: start.instanceId,
      taskId,
      taskType: 'collect' as const,
      attempt,
      agentId: start.agentId,
      site: start.site,
      startedAt: start.now,
    },
  };
  return [...interrupted, started];
}

/** An instance ends once; an instance already ended (or never started) is left alone. */
export function decideInstanceEnd(
  state: CollectTaskState,
  ended: EventDataOf<'TaskInstanceEnded'>,
): EventDataOf<'TaskInstanceEnded'>[] {
  return state.openInstances.some((i) => i.instanceId === ended.instanceId) ? [ended] : [];
}
