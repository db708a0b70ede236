import {
  assertNever,
  commandHandler,
  defineAggregate,
  type EventDataOf,
  Events,
  type JustFitEvent,
} from '@justfit/events';

/** One analysis run, a task like a collection: requested, started, progressed, then completed or failed once. */
export type AnalysisRunEvent = JustFitEvent<
  'AnalysisRunRequested' | 'AnalysisRunStarted' | 'AnalysisRunProgressed' | 'AnalysisRunCompleted' | 'AnalysisRunFailed'
>;
export type AnalysisRunState =
  { status: 'none' } | { status: 'requested' | 'running' | 'completed' | 'failed'; runId: string };

export function evolveAnalysisRun(state: AnalysisRunState, event: AnalysisRunEvent): AnalysisRunState {
  switch (event.type) {
    case Events.AnalysisRunRequested.type:
      return { status: 'requested', runId: event.data.runId };
    case Events.AnalysisRunStarted.type:
    case Events.AnalysisRunProgressed.type:
      return { status: 'running', runId: event.data.runId };
    case Events.AnalysisRunCompleted.type:
      return { status: 'completed', runId: event.data.runId };
    case Events.AnalysisRunFailed.type:
      return { status: 'failed', runId: event.data.runId };
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
  ],
  initialState: (): AnalysisRunState => ({ status: 'none' }),
  evolve: evolveAnalysisRun,
});

export const analysisRuns = commandHandler(analysisRunAggregate);

const ended = (state: AnalysisRunState) => state.status === 'completed' || state.status === 'failed';

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

/** A run ends once, completed or failed, and only a run that was requested. */
export function decideCompletion(state: AnalysisRunState, data: EventDataOf<'AnalysisRunCompleted'>) {
  if (state.status === 'none') throw new Error(`analysis run ${data.runId} was never requested`);
  return ended(state) ? undefined : data;
}

export function decideFailure(state: AnalysisRunState, data: EventDataOf<'AnalysisRunFailed'>) {
  if (state.status === 'none') throw new Error(`analysis run ${data.runId} was never requested`);
  return ended(state) ? undefined : data;
}
