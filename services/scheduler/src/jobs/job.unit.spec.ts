import { describe, expect, it } from 'vitest';
import { decideJob, evolveJob, initialJobState, type JobCommand, JobCommandError, type JobEvent } from './job';

const jobId = 'job-1';
const at = (iso: string) => Date.parse(iso);
const created: JobEvent = {
  type: 'JobCreated',
  data: {
    jobId,
    namespace: 'default',
    name: 'nightly collection',
    schedule: { cron: '0 2 * * *', timeZone: 'Europe/Berlin' },
    action: { kind: 'collect', connectionId: 'conn-1', windowHours: 24, sampleIntervalSec: 300 },
    missedRuns: 'skip',
    enabled: true,
    createdBy: 'alice',
    createdAt: at('2026-01-10T12:00:00Z'),
  },
};
const withMissedRuns = (missedRuns: 'skip' | 'runOnce'): JobEvent => ({
  type: 'JobCreated',
  data: { ...created.data, missedRuns } as Extract<JobEvent, { type: 'JobCreated' }>['data'],
});

/** Given these events, when this command is decided, then these events (or this refusal). */
function given(events: JobEvent[]) {
  const state = events.reduce(evolveJob, initialJobState);
  return { when: (command: JobCommand) => decideJob(state, command) };
}
const tick = (iso: string, graceMs = 60_000): JobCommand => ({ type: 'Tick', jobId, now: at(iso), graceMs });
// 02:00 in Berlin (CET, UTC+1) is 01:00 UTC.
const due11 = at('2026-01-11T01:00:00Z');

describe('job', () => {
  it('job - is created with its definition, and a second create of the same id is refused with 409', () => {
    const { type: _type, ...data } = created;
    const command = { type: 'CreateJob', ...data.data, by: 'alice', now: data.data.createdAt } as const;
    expect(given([]).when(command)).toEqual([created]);
    expect(() => given([created]).when(command)).toThrow(new JobCommandError(409, 'job job-1 exists already'));
  });

  it('job - a cron or time zone that cannot be read is refused with 400 naming the problem', () => {
    const base = { type: 'CreateJob', ...created.data, by: 'alice', now: 1 } as const;
    const refusal = (schedule: { cron: string; timeZone: string }) => {
      try {
        given([]).when({ ...base, schedule });
      } catch (e) {
        return e as JobCommandError;
      }
      throw new Error('accepted');
    };
    expect(refusal({ cron: '61 * * * *', timeZone: 'UTC' })).toMatchObject({ code: 400, message: /minute: 61/ });
    expect(refusal({ cron: '0 2 * * *', timeZone: 'Mars/Olympus' })).toMatchObject({ code: 400, message: /time zone/ });
    expect(refusal({ cron: '0 0 31 2 *', timeZone: 'UTC' })).toMatchObject({ code: 400, message: /never due/ });
  });

  it('job - fires its due time once: the tick that claimed it moves the cursor, the next tick fires nothing', () => {
    const fired = given([created]).when(tick('2026-01-11T01:00:05Z'));
    expect(fired).toEqual([
      { type: 'JobFired', data: { jobId, dueAt: due11, firedAt: at('2026-01-11T01:00:05Z'), late: false } },
    ]);
    expect(given([created, ...fired]).when(tick('2026-01-11T01:00:06Z'))).toEqual([]);
    expect(given([created]).when(tick('2026-01-11T00:59:59Z'))).toEqual([]);
  });

  it('job - missedRuns skip: due times passed while no scheduler ran are recorded as skipped, not run', () => {
    const events = given([created]).when(tick('2026-01-13T09:00:00Z'));
    expect(events).toEqual([
      {
        type: 'JobRunsSkipped',
        data: {
          jobId,
          count: 3,
          firstDueAt: due11,
          lastDueAt: at('2026-01-13T01:00:00Z'),
          at: at('2026-01-13T09:00:00Z'),
        },
      },
    ]);
    // The next due time runs as usual.
    expect(given([created, ...events]).when(tick('2026-01-14T01:00:01Z'))[0]).toMatchObject({
      type: 'JobFired',
      data: { dueAt: at('2026-01-14T01:00:00Z'), late: false },
    });
  });

  it('job - missedRuns runOnce: the latest missed due time runs once, late, naming the ones skipped before it', () => {
    expect(given([withMissedRuns('runOnce')]).when(tick('2026-01-13T09:00:00Z'))).toEqual([
      {
        type: 'JobFired',
        data: {
          jobId,
          dueAt: at('2026-01-13T01:00:00Z'),
          firedAt: at('2026-01-13T09:00:00Z'),
          late: true,
          skipped: { count: 2, firstDueAt: due11, lastDueAt: at('2026-01-12T01:00:00Z') },
        },
      },
    ]);
  });

  it('job - a due time on time after missed ones runs, whatever missedRuns says, and names the missed ones', () => {
    const [event] = given([created]).when(tick('2026-01-12T01:00:30Z'));
    expect(event).toMatchObject({
      type: 'JobFired',
      data: { dueAt: at('2026-01-12T01:00:00Z'), late: false, skipped: { count: 1, firstDueAt: due11 } },
    });
  });

  it('job - a disabled job fires nothing, and once enabled again runs none of the due times it was disabled for', () => {
    const disabled = given([created]).when({ type: 'SetJobEnabled', jobId, enabled: false, by: 'bob', now: 2 });
    expect(disabled).toEqual([{ type: 'JobDisabled', data: { jobId, by: 'bob', at: 2 } }]);
    expect(given([created, ...disabled]).when(tick('2026-01-12T01:00:01Z'))).toEqual([]);
    const enabledAt = at('2026-01-13T12:00:00Z');
    const enabled = given([created, ...disabled]).when({
      type: 'SetJobEnabled',
      jobId,
      enabled: true,
      by: 'bob',
      now: enabledAt,
    });
    expect(given([created, ...disabled, ...enabled]).when(tick('2026-01-13T12:00:01Z'))).toEqual([]);
    expect(
      given([created, ...disabled, ...enabled]).when({ type: 'SetJobEnabled', jobId, enabled: true, by: 'b', now: 3 }),
    ).toEqual([]);
  });

  it('job - a new schedule counts from the change; an update that changes nothing records nothing', () => {
    const updatedAt = at('2026-01-11T00:30:00Z');
    const updated = given([created]).when({
      type: 'UpdateJob',
      jobId,
      schedule: { cron: '0 * * * *', timeZone: 'UTC' },
      by: 'bob',
      now: updatedAt,
    });
    expect(updated).toMatchObject([{ type: 'JobUpdated', data: { name: 'nightly collection', missedRuns: 'skip' } }]);
    expect(given([created, ...updated]).when(tick('2026-01-11T01:00:01Z'))[0]).toMatchObject({
      data: { dueAt: at('2026-01-11T01:00:00Z'), late: false },
    });
    expect(given([created]).when({ type: 'UpdateJob', jobId, name: 'nightly collection', by: 'b', now: 5 })).toEqual(
      [],
    );
  });

  it('job - a deleted job fires nothing, refuses changes with 404, and drops a late run outcome', () => {
    const deleted = given([created]).when({ type: 'DeleteJob', jobId, by: 'bob', now: 3 });
    const state = [created, ...deleted];
    expect(given(state).when(tick('2026-01-12T01:00:01Z'))).toEqual([]);
    expect(() => given(state).when({ type: 'SetJobEnabled', jobId, enabled: false, by: 'b', now: 4 })).toThrow(
      expect.objectContaining({ code: 404 }),
    );
    expect(
      given(state).when({
        type: 'RecordRunStarted',
        jobId,
        dueAt: due11,
        work: { kind: 'report', reportId: 'r' },
        now: 4,
      }),
    ).toEqual([]);
  });

  it('job - a run left pending by a stopped scheduler is recorded abandoned once, and not after its outcome', () => {
    const fired = given([created]).when(tick('2026-01-11T01:00:05Z'));
    const abandon: JobCommand = { type: 'RecordRunAbandoned', jobId, dueAt: due11, now: 99 };
    const abandoned = given([created, ...fired]).when(abandon);
    expect(abandoned).toEqual([{ type: 'JobRunAbandoned', data: { jobId, dueAt: due11, at: 99 } }]);
    expect(given([created, ...fired, ...abandoned]).when(abandon)).toEqual([]);
    const work = { kind: 'report', reportId: 'report-1' } as const;
    const late = { type: 'RecordRunStarted', jobId, dueAt: due11, work, now: 100 } as const;
    expect(given([created, ...fired, ...abandoned]).when(late)).toEqual([]);
  });

  it('job - a run outcome is recorded once, and only for a due time that was fired', () => {
    const fired = given([created]).when(tick('2026-01-11T01:00:05Z'));
    const work = { kind: 'collectTask', taskId: 'task-9' } as const;
    const started = given([created, ...fired]).when({ type: 'RecordRunStarted', jobId, dueAt: due11, work, now: 7 });
    expect(started).toEqual([{ type: 'JobRunStarted', data: { jobId, dueAt: due11, work, at: 7 } }]);
    expect(
      given([created, ...fired, ...started]).when({
        type: 'RecordRunFailed',
        jobId,
        dueAt: due11,
        code: 1002,
        message: 'late failure',
        now: 8,
      }),
    ).toEqual([]);
    expect(given([created]).when({ type: 'RecordRunStarted', jobId, dueAt: due11, work, now: 7 })).toEqual([]);
  });
});
