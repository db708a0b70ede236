import { assertNever, commandHandler, defineAggregate, Events, type JustFitEvent } from '@justfit/events';

/** One report: requested, then progress while a reporter generates it, then generated or failed, once. */
export type ReportEventName = 'ReportRequested' | 'ReportProgressed' | 'ReportGenerated' | 'ReportFailed';
export type ReportEvent = JustFitEvent<ReportEventName>;
export type ReportState = { status: 'none' } | { status: 'requested' | 'generating' | 'generated' | 'failed' };

export function evolveReport(_state: ReportState, event: ReportEvent): ReportState {
  switch (event.type) {
    case Events.ReportRequested.type:
      return { status: 'requested' };
    case Events.ReportProgressed.type:
      return { status: 'generating' };
    case Events.ReportGenerated.type:
      return { status: 'generated' };
    case Events.ReportFailed.type:
      return { status: 'failed' };
    default:
      return assertNever(event);
  }
}

export const reportAggregate = defineAggregate({
  context: 'REPORTS',
  events: ['ReportRequested', 'ReportProgressed', 'ReportGenerated', 'ReportFailed'] satisfies ReportEventName[],
  initialState: (): ReportState => ({ status: 'none' }),
  evolve: evolveReport,
});

export const reports = commandHandler(reportAggregate);

export const hasEnded = (state: ReportState) => state.status === 'generated' || state.status === 'failed';

/** A report is requested once; it progresses and ends (generated or failed) once, only after it was requested. */
export function decideReport(state: ReportState, name: ReportEventName, reportId: string): void {
  if (name === 'ReportRequested') {
    if (state.status !== 'none') throw new Error(`report ${reportId} was already requested`);
    return;
  }
  if (state.status === 'none' || hasEnded(state))
    throw new Error(`report ${reportId} is ${state.status === 'none' ? 'not requested' : state.status}`);
}
