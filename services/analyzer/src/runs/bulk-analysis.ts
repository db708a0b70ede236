import {
  assertNever,
  commandHandler,
  defineAggregate,
  type EventDataOf,
  Events,
  type JustFitEvent,
} from '@justfit/events';

/** A bulk analysis: requested with its children, told as each child ends, completed once all have. */
export type BulkAnalysisEvent = JustFitEvent<
  'BulkAnalysisRequested' | 'BulkAnalysisProgressed' | 'BulkAnalysisCompleted'
>;
export type BulkAnalysisState = { status: 'none' } | { status: 'requested' | 'completed'; bulkId: string };

export function evolveBulkAnalysis(state: BulkAnalysisState, event: BulkAnalysisEvent): BulkAnalysisState {
  switch (event.type) {
    case Events.BulkAnalysisRequested.type:
      return { status: 'requested', bulkId: event.data.bulkId };
    case Events.BulkAnalysisProgressed.type:
      return state;
    case Events.BulkAnalysisCompleted.type:
      return { status: 'completed', bulkId: event.data.bulkId };
    default:
      return assertNever(event);
  }
}

export const bulkAnalysisAggregate = defineAggregate({
  context: 'FINDINGS',
  events: ['BulkAnalysisRequested', 'BulkAnalysisProgressed', 'BulkAnalysisCompleted'],
  initialState: (): BulkAnalysisState => ({ status: 'none' }),
  evolve: evolveBulkAnalysis,
});

export const bulkAnalyses = commandHandler(bulkAnalysisAggregate);

export function decideBulkRequest(state: BulkAnalysisState, data: EventDataOf<'BulkAnalysisRequested'>) {
  if (state.status !== 'none') throw new Error(`bulk analysis ${data.bulkId} was already requested`);
  if (data.runIds.length !== data.connectionIds.length) throw new Error('one child run per connection');
  return data;
}

/** Progress and the end are told while the bulk is open; after its end they would contradict it. */
export function decideBulkProgress(state: BulkAnalysisState, data: EventDataOf<'BulkAnalysisProgressed'>) {
  if (state.status === 'none') throw new Error(`bulk analysis ${data.bulkId} was never requested`);
  return state.status === 'completed' ? undefined : data;
}

export function decideBulkCompletion(state: BulkAnalysisState, data: EventDataOf<'BulkAnalysisCompleted'>) {
  if (state.status === 'none') throw new Error(`bulk analysis ${data.bulkId} was never requested`);
  return state.status === 'completed' ? undefined : data;
}
