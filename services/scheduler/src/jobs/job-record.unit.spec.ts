import { describe, expect, it } from 'vitest';
import type { JobEvent } from './job';
import { emptyJobView, foldJobView, RUNS_KEPT } from './job-record';

const jobId = 'job-1';
const created: JobEvent = {
  type: 'JobCreated',
  data: {
    jobId,
    namespace: 'ops',
    name: 'hourly',
    schedule: { cron: '0 * * * *', timeZone: 'UTC' },
    action: { kind: 'analyze', analysisType: 'zombie' },
    missedRuns: 'skip',
    enabled: true,
    createdBy: 'alice',
    createdAt: 1,
  },
};
const fired = (dueAt: number): JobEvent => ({
  type: 'JobFired',
  data: { jobId, dueAt, firedAt: dueAt + 5, late: false },
});
const fold = (events: JobEvent[]) => events.reduce(foldJobView, emptyJobView).record;

describe('job record', () => {
  it('job record - each firing is a run with its outcome and work; skipped stretches are runs too', () => {
    const record = fold([
      created,
      fired(3_600_000),
      {
        type: 'JobRunStarted',
        data: { jobId, dueAt: 3_600_000, work: { kind: 'analysisRun', runId: 'run-1' }, at: 9 },
      },
      {
        type: 'JobRunsSkipped',
        data: { jobId, count: 3, firstDueAt: 7_200_000, lastDueAt: 14_400_000, at: 15_000_000 },
      },
      fired(18_000_000),
      { type: 'JobRunFailed', data: { jobId, dueAt: 18_000_000, code: 1004, message: 'no data', at: 18_000_010 } },
      fired(21_600_000),
      fired(25_200_000),
      { type: 'JobRunAbandoned', data: { jobId, dueAt: 25_200_000, at: 26_000_000 } },
    ]);
    expect(record?.runs.map((r) => [r.dueAt, r.outcome, r.skippedBefore])).toEqual([
      [3_600_000, 'started', 0],
      [14_400_000, 'skipped', 2],
      [18_000_000, 'failed', 0],
      [21_600_000, 'pending', 0],
      [25_200_000, 'abandoned', 0],
    ]);
    expect(record?.runs[0]?.work).toEqual({ kind: 'analysisRun', runId: 'run-1' });
    expect(record?.runs[2]?.error).toEqual({ code: 1004, message: 'no data' });
  });

  it('job record - keeps the latest runs only; a deleted job has no record', () => {
    const many = Array.from({ length: RUNS_KEPT + 5 }, (_, i) => fired((i + 1) * 3_600_000));
    const record = fold([created, ...many]);
    expect(record?.runs).toHaveLength(RUNS_KEPT);
    expect(record?.runs[0]?.dueAt).toBe(6 * 3_600_000);
    expect(fold([created, { type: 'JobDeleted', data: { jobId, by: 'bob', at: 2 } }])).toBeUndefined();
  });
});
