import { commandHandler, type EventStore } from '@justfit/events';
import { decideJob, type JobCommand, type JobEvent } from './job';
import { jobAggregate, toJobEvent, toStoredEvent } from './job-events';
import type { JobView } from './job-record';

const jobs = commandHandler(jobAggregate);

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
    const { newState, newEvents } = await jobs.handle(
      this.store,
      command.jobId,
      (view) => decideJob(view.state, command).map((e) => toStoredEvent(e, traceId)),
      // One attempt on the known view, then three on the store, as a conflict on a fresh read is rare.
      known && known.revision > 0 ? { known: { state: known.view, revision: known.revision }, attempts: 4 } : {},
    );
    return { decided: newEvents.map((e) => toJobEvent(e)!), view: newState };
  }

  async get(jobId: string): Promise<JobView> {
    return (await jobs.load(this.store, jobId)).state;
  }
}
