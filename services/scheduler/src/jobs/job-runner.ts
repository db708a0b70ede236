import { CommandError, type EventBus } from '@justfit/events';
import { newTraceId, withTrace } from '@justfit/service-kit';
import type { Logger } from 'pino';
import type { JobEvent } from './job';
import { startWork } from './job-dispatch';
import type { JobDirectory } from './job-directory';
import type { JobRecord, JobRun } from './job-record';
import type { JobRepository } from './job-repository';
import { CronSchedule } from './schedule';

/** Counts runs by outcome (a Prometheus counter). */
export interface RunCounter {
  inc(labels: { outcome: string }, value?: number): void;
}

/** After a failed tick (the store unreachable) the job is looked at again this much later, not in a tight loop. */
const retryDelayMs = 5_000;
/** How often the pending runs are looked at for abandoned ones. */
const abandonedScanIntervalMs = 30_000;

export interface JobRunnerOptions {
  /** A due time noticed later than this counts as missed (the job's missedRuns decides). */
  missedAfterMs: number;
  /** The longest the planner sleeps without looking again (a safety net; changes wake it at once). */
  maxSleepMs: number;
  /**
   * A run still pending this long after it fired was fired by a replica that stopped before recording what came of
   * it; longer than any command's time limit (5 minutes), so that replica is gone or has given up.
   */
  abandonedAfterMs: number;
}

/**
 * Fires jobs when due. Every replica plans the same due times from the same events and, at each, asks the job to fire
 * (a Tick): the JobFired event is appended at the job's expected last subject sequence, so exactly one replica's
 * append succeeds and only that replica starts the work; the others find the due time already fired when they decide
 * again. This is chosen over deduplicating by message id (`Nats-Msg-Id: <job>:<dueAt>`) because JetStream forgets
 * message ids after the stream's duplicate window (2 minutes): a replica that comes back later, or is paused longer,
 * would fire the same due time again, whereas the expected sequence holds forever and also orders a firing against
 * a disable or delete made at the same moment. Across restarts nothing is kept but the events: a replica that starts
 * reads each job's cursor (the last due time fired or skipped) and handles what passed meanwhile per missedRuns.
 *
 * The work is started after the firing is stored, so a replica killed between the two leaves the run `pending`: the
 * work of a due time is started at most once, never twice. Once `abandonedAfterMs` has passed, any replica records
 * such a run as abandoned (its work may or may not have started); it is not started again.
 */
export class JobRunner {
  private timer?: NodeJS.Timeout;
  private stopped = true;
  private readonly firing = new Map<string, Promise<void>>();
  /** The cursor this replica learnt from its own decisions, ahead of the directory until their events arrive. */
  private readonly knownCursor = new Map<string, number>();
  private readonly retryAt = new Map<string, number>();
  private nextAbandonedScan = 0;
  private unsubscribe?: () => void;

  constructor(
    private readonly bus: EventBus,
    private readonly repository: JobRepository,
    private readonly directory: JobDirectory,
    private readonly logger: Logger,
    private readonly runs: RunCounter,
    private readonly options: JobRunnerOptions,
  ) {}

  start(): void {
    this.stopped = false;
    this.unsubscribe = this.directory.onChange(() => this.plan());
    this.plan();
  }

  /** Stops planning and waits for the runs being started. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    clearTimeout(this.timer);
    await Promise.allSettled([...this.firing.values()]);
  }

  /** Sleeps until the earliest due time of any enabled job (or `maxSleepMs`), then fires what is due. */
  private plan(): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    const now = Date.now();
    if (now >= this.nextAbandonedScan) {
      this.nextAbandonedScan = now + abandonedScanIntervalMs;
      this.recordAbandonedRuns(now);
    }
    let wake = now + this.options.maxSleepMs;
    for (const { jobId, due } of this.nextDueTimes()) {
      if (due <= now) {
        this.fire(jobId);
      } else {
        wake = Math.min(wake, due);
      }
    }
    this.timer = setTimeout(() => this.plan(), Math.max(0, wake - Date.now()));
  }

  private recordAbandonedRuns(now: number): void {
    for (const [jobId, { view }] of this.directory.views()) {
      const abandoned = (view.record?.runs ?? []).filter(
        (run) => run.outcome === 'pending' && run.firedAt < now - this.options.abandonedAfterMs,
      );
      for (const { dueAt } of abandoned) {
        const command = { type: 'RecordRunAbandoned', jobId, dueAt, now } as const;
        this.repository.handle(command, newTraceId(), this.directory.get(jobId)).then(
          ({ decided }) => {
            if (!decided.length) return;
            this.runs.inc({ outcome: 'abandoned' });
            this.logger.warn({ jobId, dueAt }, 'job run abandoned by a stopped scheduler');
          },
          (e: unknown) => this.logger.error({ err: e, jobId, dueAt }, 'could not record an abandoned job run'),
        );
      }
    }
  }

  private *nextDueTimes(): Generator<{ jobId: string; due: number }> {
    for (const [jobId, { view }] of this.directory.views()) {
      const state = view.state;
      if (state.status !== 'active' || !state.enabled || this.firing.has(jobId)) continue;
      const cursor = Math.max(state.cursor, this.knownCursor.get(jobId) ?? 0);
      try {
        const due = new CronSchedule(state.schedule).nextAfter(cursor);
        if (due !== undefined) yield { jobId, due: Math.max(due, this.retryAt.get(jobId) ?? 0) };
      } catch (e) {
        this.logger.error({ err: e, jobId }, 'job schedule cannot be read; the job does not run');
      }
    }
  }

  private fire(jobId: string): void {
    const traceId = newTraceId();
    const work = withTrace(traceId, async () => {
      try {
        const { decided, view } = await this.repository.handle(
          { type: 'Tick', jobId, now: Date.now(), graceMs: this.options.missedAfterMs },
          traceId,
          this.directory.get(jobId),
        );
        if (view.state.status === 'active') this.knownCursor.set(jobId, view.state.cursor);
        this.retryAt.delete(jobId);
        for (const event of decided) await this.onDecided(event, view.record, traceId);
      } catch (e) {
        this.retryAt.set(jobId, Date.now() + retryDelayMs);
        this.logger.error({ err: e, jobId, traceId }, `job tick failed; tried again in ${retryDelayMs} ms`);
      }
    });
    const tracked = work.finally(() => {
      this.firing.delete(jobId);
      this.plan();
    });
    this.firing.set(jobId, tracked);
  }

  private async onDecided(event: JobEvent, record: JobRecord | undefined, traceId: string): Promise<void> {
    if (event.type === 'JobRunsSkipped') {
      const { jobId, count, firstDueAt, lastDueAt } = event.data;
      this.runs.inc({ outcome: 'skipped' }, count);
      this.logger.warn({ jobId, count, firstDueAt, lastDueAt }, 'job: missed due times skipped (missedRuns: skip)');
      return;
    }
    if (event.type !== 'JobFired' || !record) return;
    const { jobId, dueAt, late, skipped } = event.data;
    this.logger.info({ jobId, dueAt: new Date(dueAt).toISOString(), late, skipped: skipped?.count }, 'job fired');
    let outcome: JobRun['outcome'];
    try {
      const work = await startWork(this.bus, record, dueAt, traceId);
      const recorded = { type: 'RecordRunStarted', jobId, dueAt, work, now: Date.now() } as const;
      await this.repository.handle(recorded, traceId, this.directory.get(jobId));
      outcome = 'started';
      this.logger.info({ jobId, work }, 'job run started its work');
    } catch (e) {
      const code = e instanceof CommandError ? e.code : 500;
      const message =
        e instanceof CommandError ? e.message : `the run could not start its work: ${(e as Error).message}`;
      const recorded = { type: 'RecordRunFailed', jobId, dueAt, code, message, now: Date.now() } as const;
      await this.repository.handle(recorded, traceId, this.directory.get(jobId));
      outcome = 'failed';
      this.logger.warn({ jobId, code, err: e }, 'job run failed to start its work');
    }
    if (skipped) this.runs.inc({ outcome: 'skipped' }, skipped.count);
    this.runs.inc({ outcome });
  }
}
