import { ConcurrencyError, decideAndAppend, type EventStore } from '@justfit/events';
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

  /**
   * `known`: the job as this replica last saw it, at its revision (the directory's). The command is decided on it
   * and appended at that revision; if the job moved since, the append is refused and the command is decided again on
   * the events read from the store. A tick of a job with a long history so reads nothing in the usual case.
   */
  async handle(
    command: JobCommand,
    traceId: string,
    known?: { view: JobView; revision: number },
  ): Promise<{ decided: JobEvent[]; view: JobView }> {
    if (known && known.revision > 0) {
      const decided = decideJob(known.view.state, command);
      if (decided.length === 0) return { decided, view: known.view };
      try {
        await this.store.append(
          command.jobId,
          decided.map((e) => toStoredEvent(e, traceId)),
          { expectedRevision: known.revision },
        );
        return { decided, view: decided.reduce(foldJobView, known.view) };
      } catch (e) {
        if (!(e instanceof ConcurrencyError)) throw e;
      }
    }
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
