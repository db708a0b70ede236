import type { ErrorCode, JobAction, JobSchedule, JobWork, MissedRuns } from '@justfit/events';
import { evolveJob, initialJobState, type JobEvent, type JobState } from './job';

/** One firing of a job and what came of it. */
export interface JobRun {
  dueAt: number;
  /** When it was fired (or found skipped). */
  firedAt: number;
  late: boolean;
  /**
   * pending: fired, its command not answered yet (or its scheduler stopped before recording the answer); started;
   * failed: the command was refused or not answered; skipped: missed while no scheduler ran and not run (missedRuns);
   * abandoned: its scheduler stopped before recording what it started (the work may or may not have started).
   */
  outcome: 'pending' | 'started' | 'failed' | 'skipped' | 'abandoned';
  work?: JobWork;
  error?: { code: ErrorCode; message: string };
  /** Due times missed just before this one and not run. */
  skippedBefore: number;
}

export interface JobRecord {
  id: string;
  namespace: string;
  name: string;
  schedule: JobSchedule;
  action: JobAction;
  missedRuns: MissedRuns;
  enabled: boolean;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
  /** The latest runs, oldest first. */
  runs: JobRun[];
}

/** Runs kept per job in memory and answered by `GetJob`; the stream keeps them all. */
export const RUNS_KEPT = 100;

/** A job as the API shows it and as the scheduler plans it: the decider's state and the record of its runs. */
export interface JobView {
  state: JobState;
  record?: JobRecord;
}

export const emptyJobView: JobView = { state: initialJobState };

export function foldJobView(view: JobView, event: JobEvent): JobView {
  return { state: evolveJob(view.state, event), record: foldRecord(view.record, event) };
}

function foldRecord(record: JobRecord | undefined, event: JobEvent): JobRecord | undefined {
  if (event.type === 'JobCreated') {
    const { jobId, createdAt, ...d } = event.data;
    return { id: jobId, ...d, createdAt, updatedAt: createdAt, runs: [] };
  }
  if (!record) return undefined;
  switch (event.type) {
    case 'JobUpdated': {
      const { name, schedule, action, missedRuns, updatedAt } = event.data;
      return { ...record, name, schedule, action, missedRuns, updatedAt };
    }
    case 'JobEnabled':
    case 'JobDisabled':
      return { ...record, enabled: event.type === 'JobEnabled', updatedAt: event.data.at };
    case 'JobDeleted':
      return undefined;
    case 'JobFired': {
      const { dueAt, firedAt, late, skipped } = event.data;
      return withRun(record, { dueAt, firedAt, late, outcome: 'pending', skippedBefore: skipped?.count ?? 0 });
    }
    case 'JobRunsSkipped': {
      const { lastDueAt, count, at } = event.data;
      return withRun(record, {
        dueAt: lastDueAt,
        firedAt: at,
        late: true,
        outcome: 'skipped',
        skippedBefore: count - 1,
      });
    }
    case 'JobRunStarted':
      return updateRun(record, event.data.dueAt, { outcome: 'started', work: event.data.work });
    case 'JobRunFailed': {
      const { dueAt, code, message } = event.data;
      return updateRun(record, dueAt, { outcome: 'failed', error: { code, message } });
    }
    case 'JobRunAbandoned':
      return updateRun(record, event.data.dueAt, { outcome: 'abandoned' });
    default:
      return assertNever(event);
  }
}

const withRun = (record: JobRecord, run: JobRun): JobRecord => ({
  ...record,
  runs: [...record.runs, run].slice(-RUNS_KEPT),
});

const updateRun = (record: JobRecord, dueAt: number, change: Partial<JobRun>): JobRecord => ({
  ...record,
  runs: record.runs.map((run) => (run.dueAt === dueAt ? { ...run, ...change } : run)),
});

function assertNever(value: never): never {
  throw new Error(`unhandled ${JSON.stringify(value)}`);
}
