import { defineAggregate, Events, type JustFitEvent, newEvent } from '@justfit/events';
import { JOB_EVENT_NAMES, type JobEvent, type JobEventName } from './job';
import { emptyJobView, foldJobView, type JobView } from './job-record';

export const SCHEDULER_SOURCE = '/justfit/scheduler';

const NAME_OF_TYPE = new Map<string, JobEventName>(JOB_EVENT_NAMES.map((name) => [Events[name].type, name]));

/** The job event a stored event is, or undefined for an event of another aggregate. */
export function toJobEvent(event: JustFitEvent): JobEvent | undefined {
  const name = NAME_OF_TYPE.get(event.type);
  return name ? ({ type: name, data: event.data } as JobEvent) : undefined;
}

/** The envelope a decided job event is stored in: its subject is the job id, so each job is one aggregate. */
export function toStoredEvent(event: JobEvent, traceId: string): JustFitEvent<JobEventName> {
  return newEvent(event.type, event.data as never, {
    subject: event.data.jobId,
    source: SCHEDULER_SOURCE,
    traceId,
  }) as JustFitEvent<JobEventName>;
}

/**
 * A job's events fold into the decider's state and the record of its runs; `evolveJob` and the record's fold switch
 * on the job's event union with a `never` check.
 */
export const jobAggregate = defineAggregate({
  context: 'JOBS',
  events: JOB_EVENT_NAMES,
  initialState: (): JobView => emptyJobView,
  evolve: (view, event: JustFitEvent<JobEventName>) => foldJobView(view, toJobEvent(event)!),
});
