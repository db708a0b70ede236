import { setTimeout as sleep } from 'node:timers/promises';
import { isEvent, type JustFitEvent, JetStreamEventStore } from '@justfit/events';
import { eventually } from '@justfit/testing/eventually';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobEvent } from '../src/jobs/job';
import { toStoredEvent } from '../src/jobs/job-events';
import { type SchedulerHarness, startSchedulerHarness } from './scheduler-harness';

const everyFiveSeconds = { cron: '*/5 * * * * *', timeZone: 'UTC' };

describe('scheduler replicas - exactly once per due time', () => {
  let h: SchedulerHarness;
  let connectionId: string;
  beforeAll(async () => {
    h = await startSchedulerHarness();
    await Promise.all([h.startScheduler('a'), h.startScheduler('b')]);
    ({ connectionId } = await h.bus.request<{ connectionId: string }>(
      'collector',
      'RegisterConnection',
      { name: 'sim', type: 'simulated', endpoint: 'sim.estate.local' },
      { traceId: 'trace-scheduler-test', timeoutMs: 10_000 },
    ));
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('scheduler - two replicas, one killed and restarted between fires: one collect task per due time, none missed', async () => {
    const job = await h.scheduler('CreateJob', {
      name: 'every five seconds',
      schedule: everyFiveSeconds,
      action: { kind: 'collect', connectionId, windowHours: 1, sampleIntervalSec: 300 },
      by: 'test',
    });
    const started = async (atLeast: number) =>
      eventually(
        async () => {
          const { lastRuns } = await h.scheduler('GetJob', { jobId: job.id, lastRuns: 100 });
          const done = lastRuns.filter((r) => r.outcome === 'started');
          expect(done.length).toBeGreaterThanOrEqual(atLeast);
          return done.length;
        },
        60_000,
        250,
      );
    await started(2);
    await h.schedulers.get('a')!.kill();
    const whileDown = await started(3);
    await h.startScheduler('a');
    await started(whileDown + 3);
    await h.scheduler('SetJobEnabled', { jobId: job.id, enabled: false, by: 'test' });
    await sleep(1000); // a run fired just before the disable records its outcome

    const { lastRuns } = await h.scheduler('GetJob', { jobId: job.id, lastRuns: 100 });
    const dueTimes = lastRuns.map((r) => r.dueAt).sort((a, b) => a - b);
    expect(lastRuns.every((r) => r.outcome === 'started')).toBe(true);
    // Every due time from the first to the last, 5 s apart: none fired twice, none skipped.
    expect(dueTimes.slice(1).map((t, i) => t - dueTimes[i]!)).toEqual(dueTimes.slice(1).map(() => 5000));

    // What the collector was asked: exactly one collect task per due time, the one each run names.
    const tasks: JustFitEvent<'CollectTaskRequested'>[] = [];
    await new JetStreamEventStore(h.bus).replay('TASKS', ({ event }) => {
      if (isEvent(event, 'CollectTaskRequested') && event.data.attempt === 1) tasks.push(event);
    });
    const byDueTime = new Map<number, string[]>();
    for (const t of tasks)
      byDueTime.set(t.data.config.endTime, [...(byDueTime.get(t.data.config.endTime) ?? []), t.data.taskId]);
    expect([...byDueTime.keys()].sort((a, b) => a - b)).toEqual(dueTimes);
    expect([...byDueTime.values()].every((ids) => ids.length === 1)).toBe(true);
    const runTasks = lastRuns.map((r) => (r.work?.kind === 'collectTask' ? r.work.taskId : undefined));
    expect(runTasks.sort()).toEqual(tasks.map((t) => t.data.taskId).sort());
    expect(tasks[0]!.data.config).toMatchObject({ connectionId, sampleIntervalSec: 300 });
    expect(tasks[0]!.data.config.endTime - tasks[0]!.data.config.startTime).toBe(3_600_000);
  }, 180_000);

  it('scheduler - jobs are listed by namespace, previewed in their time zone, changed, disabled and deleted', async () => {
    const nightly = await h.scheduler('CreateJob', {
      namespace: 'team-a',
      name: 'nightly report',
      schedule: { cron: '0 2 * * *', timeZone: 'Asia/Shanghai' },
      action: { kind: 'report', format: 'json', title: 'nightly' },
      enabled: false,
      by: 'test',
    });
    await h.scheduler('CreateJob', {
      namespace: 'team-b',
      name: 'weekly zombies',
      schedule: { cron: '0 6 * * 1', timeZone: 'UTC' },
      action: { kind: 'analyze', analysisType: 'zombie' },
      missedRuns: 'runOnce',
      by: 'test',
    });
    await eventually(async () => {
      const teamA = await h.scheduler('ListJobs', { namespace: 'team-a' });
      expect(teamA.map((j) => j.name)).toEqual(['nightly report']);
    });
    const detail = await h.scheduler('GetJob', { jobId: nightly.id, nextRuns: 3 });
    // 02:00 in Shanghai (UTC+8, no daylight saving) is 18:00 UTC the day before.
    expect(detail.nextRuns.map((t) => new Date(t).toISOString().slice(11))).toEqual([
      '18:00:00.000Z',
      '18:00:00.000Z',
      '18:00:00.000Z',
    ]);
    expect(detail).toMatchObject({ enabled: false, missedRuns: 'skip', createdBy: 'test', lastRuns: [] });

    const changed = await h.scheduler('UpdateJob', { jobId: nightly.id, name: 'nightly json report', by: 'test' });
    expect(changed).toMatchObject({ name: 'nightly json report', schedule: nightly.schedule });
    await expect(
      h.scheduler('UpdateJob', { jobId: nightly.id, schedule: { cron: '0 25 * * *', timeZone: 'UTC' }, by: 'test' }),
    ).rejects.toMatchObject({ code: 400 });
    expect(await h.scheduler('SetJobEnabled', { jobId: nightly.id, enabled: true, by: 'test' })).toMatchObject({
      enabled: true,
    });
    await h.scheduler('DeleteJob', { jobId: nightly.id, by: 'test' });
    await expect(h.scheduler('GetJob', { jobId: nightly.id })).rejects.toMatchObject({ code: 404 });
    await expect(h.scheduler('DeleteJob', { jobId: nightly.id, by: 'test' })).rejects.toMatchObject({ code: 404 });
    await eventually(async () => expect(await h.scheduler('ListJobs', { namespace: 'team-a' })).toEqual([]));
  });

  it('scheduler - a run its scheduler claimed and died on is recorded abandoned after the grace, never run again', async () => {
    // What a replica killed between its claim and the command leaves behind: a job with a firing and no outcome.
    const firedAt = Date.now() - 15 * 60_000;
    const dueAt = Math.floor(firedAt / 60_000) * 60_000;
    const due = new Date(dueAt);
    const jobId = `job-died-${dueAt}`;
    const events: JobEvent[] = [
      {
        type: 'JobCreated',
        data: {
          jobId,
          namespace: 'default',
          name: 'claimed by a replica that died',
          schedule: { cron: `${due.getUTCMinutes()} ${due.getUTCHours()} * * *`, timeZone: 'UTC' },
          action: { kind: 'report', format: 'json', title: 'never sent' },
          missedRuns: 'runOnce',
          // Disabled, so that no replica ticks it between the two appends of this test.
          enabled: false,
          createdBy: 'test',
          createdAt: dueAt - 60_000,
        },
      },
      { type: 'JobFired', data: { jobId, dueAt, firedAt, late: false } },
    ];
    await new JetStreamEventStore(h.bus).append(
      jobId,
      events.map((e) => toStoredEvent(e, 'trace-died')),
      { expectedRevision: 'no_stream' },
    );
    const runs = await eventually(
      async () => {
        const { lastRuns } = await h.scheduler('GetJob', { jobId });
        expect(lastRuns[0]).toMatchObject({ dueAt, outcome: 'abandoned' });
        return lastRuns;
      },
      60_000,
      250,
    );
    expect(runs).toHaveLength(1);
  }, 90_000);
});
