import {
  assertNever,
  commandHandler,
  defineAggregate,
  type EventDataOf,
  Events,
  type JustFitEvent,
} from '@justfit/events';

/** One analysis run: requested, then completed once with what it did. */
export type AnalysisRunEvent = JustFitEvent<'AnalysisRunRequested' | 'AnalysisRunCompleted'>;
export type AnalysisRunState = { status: 'none' } | { status: 'requested' | 'completed'; runId: string };

export function evolveAnalysisRun(state: AnalysisRunState, event: AnalysisRunEvent): AnalysisRunState {
  switch (event.type) {
    case Events.AnalysisRunRequested.type:
      return { status: 'requested', runId: event.data.runId };
    case Events.AnalysisRunCompleted.type:
      return { status: 'completed', runId: event.data.runId };
    default:
      return assertNever(event);
  }
}

export const analysisRunAggregate = defineAggregate({
  context: 'FINDINGS',
  events: ['AnalysisRunRequested', 'AnalysisRunCompleted'],
  initialState: (): AnalysisRunState => ({ status: 'none' }),
  evolve: evolveAnalysisRun,
});

export const analysisRuns = commandHandler(analysisRunAggregate);

/** A run id is new (its requests never collide); a run completes once, and only a run that was requested. */
export function decideRequest(state: AnalysisRunState, data: EventDataOf<'AnalysisRunRequested'>) {
  if (state.status !== 'none') throw new Error(`analysis run ${data.runId} was already requested`);
  return data;
}

export function decideCompletion(state: AnalysisRunState, data: EventDataOf<'AnalysisRunCompleted'>) {
  if (state.status === 'none') throw new Error(`analysis run ${data.runId} was never requested`);
  return state.status === 'completed' ? undefined : data;
}
