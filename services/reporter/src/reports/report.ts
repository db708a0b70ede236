import { assertNever, commandHandler, defineAggregate, Events, type JustFitEvent } from '@justfit/events';

/** One report: requested, then generated or failed, once. */
export type ReportEventName = 'ReportRequested' | 'ReportGenerated' | 'ReportFailed';
export type ReportEvent = JustFitEvent<ReportEventName>;
export type ReportState = { status: 'none' } | { status: 'requested' | 'generated' | 'failed' };

export function evolveReport(_state: ReportState, event: ReportEvent): ReportState {
  switch (event.type) {
    case Events.ReportRequested.type:
      return { status: 'requested' };
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
  events: ['ReportRequested', 'ReportGenerated', 'ReportFailed'] satisfies ReportEventName[],
  initialState: (): ReportState => ({ status: 'none' }),
  evolve: evolveReport,
});

export const reports = commandHandler(reportAggregate);

/** A report is requested once, and ends once (generated or failed) after it was requested. */
export function decideReport(state: ReportState, name: ReportEventName, reportId: string): void {
  if (name === 'ReportRequested') {
    if (state.status !== 'none') throw new Error(`report ${reportId} was already requested`);
    return;
  }
  if (state.status !== 'requested') throw new Error(`report ${reportId} is ${state.status}, not in progress`);
}
