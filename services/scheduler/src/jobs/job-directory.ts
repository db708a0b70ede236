import { type EventBus, filterSubjectsFor, runEphemeralConsumer, type RunningSubscription } from '@justfit/events';
import { jobAggregate, toJobEvent } from './job-events';
import { emptyJobView, foldJobView, type JobRecord, type JobView } from './job-record';

/**
 * Every job, in memory, for planning the next due times and for listing: each scheduler replica follows the JOBS
 * stream itself (an ordered consumer from the start), so a job created, changed or fired through any replica is
 * known to all within a message's latency. Decisions never rest on it: they are taken on the job's events read from
 * the store at that moment.
 */
export class JobDirectory {
  private readonly jobs = new Map<string, { view: JobView; revision: number }>();
  private readonly listeners = new Set<() => void>();
  private subscription?: RunningSubscription;

  constructor(private readonly bus: EventBus) {}

  /** Replays the JOBS stream and follows it; resolves once every event stored at start is applied. */
  async start(timeoutMs = 60_000): Promise<void> {
    const stored = (await this.bus.jsm.streams.info('JOBS')).state.last_seq;
    let applied = 0;
    let caughtUp!: () => void;
    const ready = new Promise<void>((resolve) => (caughtUp = resolve));
    if (stored === 0) caughtUp();
    this.subscription = await runEphemeralConsumer(
      this.bus,
      { ...filterSubjectsFor(jobAggregate.events), deliverNew: false },
      (event, { streamSeq }) => {
        const jobEvent = toJobEvent(event);
        if (jobEvent) {
          const jobId = jobEvent.data.jobId;
          const view = foldJobView(this.jobs.get(jobId)?.view ?? emptyJobView, jobEvent);
          // The job's revision is the stream sequence of its last event, as the event store counts it.
          this.jobs.set(jobId, { view, revision: streamSeq });
          for (const listener of this.listeners) listener();
        }
        applied = streamSeq;
        if (applied >= stored) caughtUp();
      },
    );
    const timer = setTimeout(() => caughtUp(), timeoutMs);
    await ready;
    clearTimeout(timer);
    if (applied < stored) throw new Error(`jobs: read ${applied} of ${stored} JOBS events in ${timeoutMs} ms`);
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = undefined;
  }

  /** Called after each change, so the planner can look at the new due times. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Jobs that exist (not deleted), by namespace if given, sorted by namespace and name. */
  list(namespace?: string): JobRecord[] {
    return [...this.jobs.values()]
      .map(({ view }) => view.record)
      .filter((r): r is JobRecord => r !== undefined && (namespace === undefined || r.namespace === namespace))
      .sort(
        (a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id),
      );
  }

  /** Every job as last seen, with the revision it was seen at. */
  views(): IterableIterator<[string, { view: JobView; revision: number }]> {
    return this.jobs.entries();
  }

  get(jobId: string): { view: JobView; revision: number } | undefined {
    return this.jobs.get(jobId);
  }
}
