import { decideAndAppend, type EventStore } from '@justfit/events';
import { decideJob, type JobCommand, type JobEvent } from './job';
import { toJobEvent, toStoredEvent } from './job-events';
import { emptyJobView, foldJobView, type JobView } from './job-record';

/**
 * Jobs over the event store: a command is decided on the job's events and appended at the revision read. When
 * another writer (an API request, another scheduler replica) appended first, the command is decided again on the
 * new events, so of two replicas ticking the same due time, the second finds it fired and decides nothing.
 */
export class JobRepository {
  constructor(private readonly store: EventStore) {}

  async handle(command: JobCommand, traceId: string): Promise<{ decided: JobEvent[]; view: JobView }> {
    return decideAndAppend(this.store, command.jobId, 'JOBS', (history) => {
      const view = fold(history.map((e) => toJobEvent(e)).filter((e) => e !== undefined));
      const decided = decideJob(view.state, command);
      return {
        events: decided.map((e) => toStoredEvent(e, traceId)),
        result: { decided, view: decided.reduce(foldJobView, view) },
      };
    });
  }

  async get(jobId: string): Promise<JobView> {
    const { events } = await this.store.read(jobId, 'JOBS');
    return fold(events.map((e) => toJobEvent(e.event)).filter((e) => e !== undefined));
  }
}

const fold = (events: JobEvent[]) => events.reduce(foldJobView, emptyJobView);
