import { EventBus, JetStreamEventStore } from '@justfit/events';
import { type NatsServerHandle, startNatsServer } from '@justfit/testing/nats-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobCommand } from '../src/jobs/job';
import { JobRepository } from '../src/jobs/job-repository';

const at = (iso: string) => Date.parse(iso);

describe('job repository - claims on a real JetStream', () => {
  let nats: NatsServerHandle;
  let bus: EventBus;
  let repository: JobRepository;
  beforeAll(async () => {
    nats = await startNatsServer();
    bus = await EventBus.connect({ servers: nats.url, name: 'job-repository-test', auth: nats.admin });
    repository = new JobRepository(new JetStreamEventStore(bus));
  });
  afterAll(async () => {
    await bus?.close();
    await nats?.stop();
  });

  const create = (jobId: string): JobCommand => ({
    type: 'CreateJob',
    jobId,
    namespace: 'default',
    name: 'hourly report',
    schedule: { cron: '0 * * * *', timeZone: 'UTC' },
    action: { kind: 'report', format: 'json', title: 'hourly' },
    missedRuns: 'skip',
    enabled: true,
    by: 'test',
    now: at('2026-01-01T00:00:00Z'),
  });
  const tick = (jobId: string, iso: string): JobCommand => ({
    type: 'Tick',
    jobId,
    now: at(iso),
    graceMs: 60_000,
  });

  it('job repository - ten ticks of one due time at once: one JobFired is stored, the others decide nothing', async () => {
    await repository.handle(create('job-race'), 'trace-1');
    const results = await Promise.all(
      Array.from({ length: 10 }, () => repository.handle(tick('job-race', '2026-01-01T01:00:01Z'), 'trace-2')),
    );
    expect(results.filter((r) => r.decided.length > 0)).toHaveLength(1);
    const { record } = await repository.get('job-race');
    expect(record?.runs).toEqual([
      {
        dueAt: at('2026-01-01T01:00:00Z'),
        firedAt: at('2026-01-01T01:00:01Z'),
        late: false,
        outcome: 'pending',
        skippedBefore: 0,
      },
    ]);
  });

  it('job repository - a tick decided on a stale view is refused at its revision and decided again on the store', async () => {
    const { view } = await repository.handle(create('job-stale'), 'trace-1');
    const { events } = await new JetStreamEventStore(bus).read('job-stale', 'JOBS');
    const stale = { view, revision: events.at(-1)!.streamSeq };
    const first = await repository.handle(tick('job-stale', '2026-01-01T01:00:01Z'), 'trace-2', stale);
    expect(first.decided.map((e) => e.type)).toEqual(['JobFired']);
    // Another replica still holds the view from before the firing.
    const second = await repository.handle(tick('job-stale', '2026-01-01T01:00:02Z'), 'trace-3', stale);
    expect(second.decided).toEqual([]);
    expect((await repository.get('job-stale')).record?.runs).toHaveLength(1);
  });
});
