import { AckPolicy } from '@nats-io/jetstream';
import { EventBus } from '@justfit/events';
import { createLogger, createMetrics } from '@justfit/service-kit';
import { migrate } from '@justfit/storage';
import { startTestClickHouse, type TestClickHouse } from '@justfit/testing/clickhouse';
import { type NatsServerHandle, startNatsServer } from '@justfit/testing/nats-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PipelineSampler } from '../src/pipeline/pipeline-sampler';

const INTERVAL = 30_000;
const T0 = Date.UTC(2026, 11, 1, 12);

describe('pipeline sampler - consumer lag from JetStream into gauges and consumer_states', () => {
  let nats: NatsServerHandle;
  let ch: TestClickHouse;
  let admin: EventBus;
  let api: EventBus;
  const metrics = createMetrics();
  let sampler: PipelineSampler;

  beforeAll(async () => {
    nats = await startNatsServer();
    ch = await startTestClickHouse();
    await migrate(ch.client);
    admin = await EventBus.connect({ servers: nats.url, name: 'test-admin', auth: nats.admin });
    // The API's own NATS user, with its production permissions: it may list and read every stream's consumers.
    api = await EventBus.connect({
      servers: nats.url,
      name: 'query-api',
      auth: nats.credentials('query-api'),
      manageStreams: false,
    });
    await admin.jsm.consumers.add('TASKS', {
      durable_name: 'test-tasks',
      ack_policy: AckPolicy.Explicit,
      filter_subject: 'justfit.tasks.>',
    });
    for (let i = 0; i < 3; i++) await admin.js.publish(`justfit.tasks.task-${i}`, new TextEncoder().encode('{}'));
    sampler = new PipelineSampler(api, ch.client, metrics, createLogger('query-api', 'silent'), INTERVAL);
  });

  afterAll(async () => {
    await api?.close();
    await admin?.close();
    await ch?.stop();
    await nats?.stop();
  });

  const gauge = async (name: string) => {
    const line = (await metrics.registry.metrics())
      .split('\n')
      .find((l) => l.startsWith(`${name}{stream="TASKS",consumer="test-tasks"}`));
    return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : undefined;
  };
  const stored = async () =>
    (
      await ch.client.query({
        query: `SELECT toUnixTimestamp(sampled_at) * 1000 AS at, pending, ack_pending, ack_floor_seq, stream_last_seq
          FROM consumer_states FINAL WHERE consumer = 'test-tasks' ORDER BY sampled_at`,
        format: 'JSONEachRow',
      })
    ).json<Record<string, string | number>>();

  it('pipeline sampler - messages nobody fetched are the lag; delivered, unacknowledged ones are counted apart', async () => {
    await sampler.sample(T0);
    expect(await gauge('justfit_consumer_pending_messages')).toBe(3);
    expect(await gauge('justfit_consumer_ack_floor_sequence')).toBe(0);

    const consumer = await admin.js.consumers.get('TASKS', 'test-tasks');
    const batch = await consumer.fetch({ max_messages: 2, expires: 2_000 });
    const fetched = [];
    for await (const msg of batch) fetched.push(msg);
    fetched[0]!.ack();
    await fetched[0]!.ackAck();
    await sampler.sample(T0 + INTERVAL);
    expect(await gauge('justfit_consumer_pending_messages')).toBe(1);
    expect(await gauge('justfit_consumer_ack_pending_messages')).toBe(1);
    expect(await gauge('justfit_consumer_ack_floor_sequence')).toBe(1);

    expect(
      (await stored()).map((r) => [Number(r.at), Number(r.pending), Number(r.ack_pending), Number(r.stream_last_seq)]),
    ).toEqual([
      [T0, 3, 0, 3],
      [T0 + INTERVAL, 1, 1, 3],
    ]);
  });

  it('pipeline sampler - two samples in one interval (two API replicas) collapse into one row', async () => {
    await sampler.sample(T0 + 2 * INTERVAL + 1_000);
    await sampler.sample(T0 + 2 * INTERVAL + 9_000);
    expect((await stored()).filter((r) => Number(r.at) === T0 + 2 * INTERVAL)).toHaveLength(1);
  });
});
