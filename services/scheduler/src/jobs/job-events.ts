import { isEvent, type JustFitEvent, newEvent } from '@justfit/events';
import { JOB_EVENT_NAMES, type JobEvent } from './job';

export const SCHEDULER_SOURCE = '/justfit/scheduler';

/** The job event a stored event is, or undefined for an event of another aggregate. */
export function toJobEvent(event: JustFitEvent): JobEvent | undefined {
  const name = JOB_EVENT_NAMES.find((n) => isEvent(event, n));
  return name ? ({ type: name, data: event.data } as JobEvent) : undefined;
}

/** The envelope a decided job event is stored in: its subject is the job id, so each job is one subject. */
export function toStoredEvent(event: JobEvent, traceId: string): JustFitEvent {
  return newEvent(event.type, event.data as never, {
    subject: event.data.jobId,
    source: SCHEDULER_SOURCE,
    traceId,
  }) as JustFitEvent;
}
