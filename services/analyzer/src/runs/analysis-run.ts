import {
  type AnalysisType,
  assertNever,
  CommandError,
  commandHandler,
  defineAggregate,
  type EventDataOf,
  Events,
  type JustFitEvent,
} from '@justfit/events';

/** One analysis run, a task like a collection: requested, started, progressed, then completed or failed once. */
export type AnalysisRunEvent = JustFitEvent<
  | 'AnalysisRunRequested'
  | 'AnalysisRunStarted'
  | 'AnalysisRunProgressed'
  | 'AnalysisRunCompleted'
  | 'AnalysisRunFailed'
  | 'AnalysisRunCancelled'
>;
export type AnalysisRunState =
  | { status: 'none' }
  | {
      status: 'requested' | 'running' | 'completed' | 'failed' | 'cancelled';
      runId: string;
      analysisType: AnalysisType;
    };

export function evolveAnalysisRun(state: AnalysisRunState, event: AnalysisRunEvent): AnalysisRunState {
  const then = (status: Exclude<AnalysisRunState['status'], 'none'>): AnalysisRunState =>
    state.status === 'none' ? state : { ...state, status };
  switch (event.type) {
    case Events.AnalysisRunRequested.type:
      return { status: 'requested', runId: event.data.runId, analysisType: event.data.analysisType };
    case Events.AnalysisRunStarted.type:
    case Events.AnalysisRunProgressed.type:
      return then('running');
    case Events.AnalysisRunCompleted.type:
      return then('completed');
    case Events.AnalysisRunFailed.type:
      return then('failed');
    case Events.AnalysisRunCancelled.type:
      return then('cancelled');
    default:
      return assertNever(event);
  }
}

export const analysisRunAggregate = defineAggregate({
  context: 'FINDINGS',
  events: [
    'AnalysisRunRequested',
    'AnalysisRunStarted',
    'AnalysisRunProgressed',
    'AnalysisRunCompleted',
    'AnalysisRunFailed',
    'AnalysisRunCancelled',
  ],
  initialState: (): AnalysisRunState => ({ status: 'none' }),
  evolve: evolveAnalysisRun,
});

export const analysisRuns = commandHandler(analysisRunAggregate);

export const ended = (state: AnalysisRunState) =>
  state.status === 'completed' || state.status === 'failed' || state.status === 'cancelled';

/** A run id is new (its requests never collide). */
export function decideRequest(state: AnalysisRunState, data: EventDataOf<'AnalysisRunRequested'>) {
  if (state.status !== 'none') throw new Error(`analysis run ${data.runId} was already requested`);
  return data;
}

/** A requested run starts once; a run already started (or ended) does not start again. */
export function decideStart(state: AnalysisRunState, data: EventDataOf<'AnalysisRunStarted'>) {
  if (state.status === 'none') throw new Error(`analysis run ${data.runId} was never requested`);
  return state.status === 'requested' ? data : undefined;
}

/** Progress is told while a run runs; after its end it would contradict it. */
export function decideProgress(state: AnalysisRunState, data: EventDataOf<'AnalysisRunProgressed'>) {
  if (state.status === 'none') throw new Error(`analysis run ${data.runId} was never requested`);
  return ended(state) ? undefined : data;
}

/** A run ends once, completed, failed or cancelled, and only a run that was requested. */
export function decideCompletion(state: AnalysisRunState, data: EventDataOf<'AnalysisRunCompleted'>) {
  if (state.status === 'none') throw new Error(`analysis run ${data.runId} was never requested`);
  return ended(state) ? undefined : data;
}

export function decideFailure(state: AnalysisRunState, data: EventDataOf<'AnalysisRunFailed'>) {
  if (state.status === 'none') throw new Error(`analysis run ${data.runId} was never requested`);
  return ended(state) ? undefined : data;
}

/** Only a run that has not ended can be stopped; stopping one twice is refused, as it is for a collection. */
export function decideCancel(state: AnalysisRunState, data: EventDataOf<'AnalysisRunCancelled'>) {
  if (state.status === 'none') throw new CommandError(404, `analysis run ${data.runId} does not exist`);
  if (ended(state)) throw new CommandError(409, `analysis run ${data.runId} is already ${state.status}`);
  return data;
}
