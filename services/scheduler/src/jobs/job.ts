import type { ErrorCode, EventDataOf, JobAction, JobSchedule, JobWork, MissedRuns } from '@justfit/events';
import { CronSchedule, InvalidScheduleError } from './schedule';

/**
 * A scheduled job as a pure decider: one aggregate per job id. A job is created (enabled or not), changed, enabled,
 * disabled and deleted; while enabled and not deleted, each due time of its schedule is fired once. The `cursor` is
 * the instant after which due times count: the creation, the last enabling or schedule change, or the last due time
 * fired or skipped, so no due time is ever fired twice and none from before the job could run is fired at all.
 */

export const JOB_EVENT_NAMES = [
  'JobCreated',
  'JobUpdated',
  'JobEnabled',
  'JobDisabled',
  'JobDeleted',
  'JobFired',
  'JobRunsSkipped',
  'JobRunStarted',
  'JobRunFailed',
  'JobRunAbandoned',
] as const;
export type JobEventName = (typeof JOB_EVENT_NAMES)[number];
export type JobEvent = { [N in JobEventName]: { type: N; data: EventDataOf<N> } }[JobEventName];

export interface JobDefinition {
  name: string;
  schedule: JobSchedule;
  action: JobAction;
  missedRuns: MissedRuns;
}

export type JobState =
  | { status: 'absent' }
  | { status: 'deleted' }
  | (JobDefinition & {
      status: 'active';
      namespace: string;
      enabled: boolean;
      cursor: number;
      /** Due times fired whose outcome is not recorded yet. */
      pending: number[];
    });

export const initialJobState: JobState = { status: 'absent' };

export type JobCommand =
  | (JobDefinition & { type: 'CreateJob'; jobId: string; namespace: string; enabled: boolean; by: string; now: number })
  | (Partial<JobDefinition> & { type: 'UpdateJob'; jobId: string; by: string; now: number })
  | { type: 'SetJobEnabled'; jobId: string; enabled: boolean; by: string; now: number }
  | { type: 'DeleteJob'; jobId: string; by: string; now: number }
  /** A scheduler looks at the job at `now`; a due time later than `graceMs` ago counts as missed. */
  | { type: 'Tick'; jobId: string; now: number; graceMs: number }
  | { type: 'RecordRunStarted'; jobId: string; dueAt: number; work: JobWork; now: number }
  | { type: 'RecordRunFailed'; jobId: string; dueAt: number; code: ErrorCode; message: string; now: number }
  /** The run fired at `dueAt` is still pending at `now`, though its scheduler would have recorded it by then. */
  | { type: 'RecordRunAbandoned'; jobId: string; dueAt: number; now: number };

/** A command the job refuses, with the API code the caller gets. */
export class JobCommandError extends Error {
  constructor(
    readonly code: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
    this.name = 'JobCommandError';
  }
}

/** At most one event per decision: the event store appends one event atomically, so a decision is never half-stored. */
export function decideJob(state: JobState, command: JobCommand): JobEvent[] {
  const { jobId, now } = command;
  if (command.type === 'CreateJob') {
    if (state.status !== 'absent') throw new JobCommandError(409, `job ${jobId} exists already`);
    checkSchedule(command.schedule);
    const { name, schedule, action, missedRuns, namespace, enabled, by } = command;
    return [
      {
        type: 'JobCreated',
        data: { jobId, namespace, name, schedule, action, missedRuns, enabled, createdBy: by, createdAt: now },
      },
    ];
  }
  if (state.status !== 'active') {
    // Ticks and run outcomes of a deleted (or unknown) job decide nothing; changes to it are refused.
    if (command.type !== 'UpdateJob' && command.type !== 'SetJobEnabled' && command.type !== 'DeleteJob') return [];
    throw new JobCommandError(404, `job ${jobId} does not exist`);
  }
  switch (command.type) {
    case 'UpdateJob': {
      const next: JobDefinition = {
        name: command.name ?? state.name,
        schedule: command.schedule ?? state.schedule,
        action: command.action ?? state.action,
        missedRuns: command.missedRuns ?? state.missedRuns,
      };
      if (command.schedule) checkSchedule(command.schedule);
      if (sameDefinition(state, next)) return [];
      return [{ type: 'JobUpdated', data: { jobId, ...next, updatedBy: command.by, updatedAt: now } }];
    }
    case 'SetJobEnabled':
      if (state.enabled === command.enabled) return [];
      return [{ type: command.enabled ? 'JobEnabled' : 'JobDisabled', data: { jobId, by: command.by, at: now } }];
    case 'DeleteJob':
      return [{ type: 'JobDeleted', data: { jobId, by: command.by, at: now } }];
    case 'Tick':
      return state.enabled ? decideDue(state, jobId, now, command.graceMs) : [];
    case 'RecordRunStarted':
      if (!state.pending.includes(command.dueAt)) return [];
      return [{ type: 'JobRunStarted', data: { jobId, dueAt: command.dueAt, work: command.work, at: now } }];
    case 'RecordRunFailed': {
      if (!state.pending.includes(command.dueAt)) return [];
      const { dueAt, code, message } = command;
      return [{ type: 'JobRunFailed', data: { jobId, dueAt, code, message: message.slice(0, 2000), at: now } }];
    }
    case 'RecordRunAbandoned':
      if (!state.pending.includes(command.dueAt)) return [];
      return [{ type: 'JobRunAbandoned', data: { jobId, dueAt: command.dueAt, at: now } }];
    default:
      return assertNever(command);
  }
}

/**
 * Fires the latest due time if it is on time (within the grace period); due times before it were missed. If even the
 * latest is late, the job's `missedRuns` says: `runOnce` fires it (late), `skip` records them all as skipped.
 */
function decideDue(
  state: Extract<JobState, { status: 'active' }>,
  jobId: string,
  now: number,
  graceMs: number,
): JobEvent[] {
  const due = new CronSchedule(state.schedule).dueBetween(state.cursor, now);
  if (!('first' in due)) return [];
  const late = now - due.last > graceMs;
  if (late && state.missedRuns === 'skip') {
    return [
      {
        type: 'JobRunsSkipped',
        data: { jobId, count: due.count, firstDueAt: due.first, lastDueAt: due.last, at: now },
      },
    ];
  }
  const skipped =
    due.count > 1 && due.previous !== undefined
      ? { count: due.count - 1, firstDueAt: due.first, lastDueAt: due.previous }
      : undefined;
  return [{ type: 'JobFired', data: { jobId, dueAt: due.last, firedAt: now, late, ...(skipped ? { skipped } : {}) } }];
}

export function evolveJob(state: JobState, event: JobEvent): JobState {
  if (event.type === 'JobCreated') {
    const { namespace, name, schedule, action, missedRuns, enabled, createdAt } = event.data;
    return { status: 'active', namespace, name, schedule, action, missedRuns, enabled, cursor: createdAt, pending: [] };
  }
  if (event.type === 'JobDeleted') return { status: 'deleted' };
  if (state.status !== 'active') return state;
  switch (event.type) {
    case 'JobUpdated': {
      const { name, schedule, action, missedRuns, updatedAt } = event.data;
      const rescheduled = schedule.cron !== state.schedule.cron || schedule.timeZone !== state.schedule.timeZone;
      return {
        ...state,
        name,
        schedule,
        action,
        missedRuns,
        // A new schedule counts from the change: due times of the old one that were not fired are not run.
        cursor: rescheduled ? Math.max(state.cursor, updatedAt) : state.cursor,
      };
    }
    case 'JobEnabled':
      // Due times that passed while the job was disabled are not missed runs: the job was meant not to run.
      return { ...state, enabled: true, cursor: Math.max(state.cursor, event.data.at) };
    case 'JobDisabled':
      return { ...state, enabled: false };
    case 'JobFired':
      return {
        ...state,
        cursor: Math.max(state.cursor, event.data.dueAt),
        pending: [...state.pending, event.data.dueAt],
      };
    case 'JobRunsSkipped':
      return { ...state, cursor: Math.max(state.cursor, event.data.lastDueAt) };
    case 'JobRunStarted':
    case 'JobRunFailed':
    case 'JobRunAbandoned':
      return { ...state, pending: state.pending.filter((dueAt) => dueAt !== event.data.dueAt) };
    default:
      return assertNever(event);
  }
}

function checkSchedule(schedule: JobSchedule): void {
  try {
    new CronSchedule(schedule);
  } catch (e) {
    if (e instanceof InvalidScheduleError) throw new JobCommandError(400, e.message);
    throw e;
  }
}

function sameDefinition(a: JobDefinition, b: JobDefinition): boolean {
  return (
    JSON.stringify([a.name, a.schedule, a.action, a.missedRuns]) ===
    JSON.stringify([b.name, b.schedule, b.action, b.missedRuns])
  );
}

function assertNever(value: never): never {
  throw new Error(`unhandled ${JSON.stringify(value)}`);
}
