import { AckPolicy } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDeadLetters, runDeadLetterForwarder, type RunningForwarder } from '../src';
import { eventually, startTestBus, type TestBus, taskLogged, uniqueId } from './helpers';

describe('dead letters', () => {
  let t: TestBus;
  let forwarder: RunningForwarder;
  beforeAll(async () => {
    t = await startTestBus();
    forwarder = await runDeadLetterForwarder(t.bus, { durable: 'forwarder' });
  });
  afterAll(async () => {
    await forwarder?.stop();
    await t?.stop();
  });

  const lettersOf = (consumer: string) =>
    eventually(async () => {
      const letters = await readDeadLetters(t.bus, { consumer, limit: 10 });
      expect(letters).toHaveLength(1);
      return letters;
    });

  it('dead letters - a message whose ack wait ran out on its last delivery is dead-lettered', async () => {
    const taskId = uniqueId('task');
    const durable = uniqueId('never-acks');
    await t.bus.jsm.consumers.add('TASKS', {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      ack_wait: 100_000_000,
      max_deliver: 1,
      filter_subject: `justfit.tasks.*.${taskId}`,
    });
    const { seq } = await t.bus.publish(taskLogged(taskId, 'ignored'));
    const consumer = await t.bus.js.consumers.get('TASKS', durable);
    expect((await consumer.next({ expires: 1000 }))?.seq).toBe(seq);

    const [letter] = await lettersOf(durable);
    expect(letter).toMatchObject({ streamSeq: seq, deliveries: 1, reason: 'max deliveries reached (1)' });
  });

  it('dead letters - a letter whose original has left its stream says so', async () => {
    const consumer = uniqueId('ghost');
    const advisory = {
      type: 'io.nats.jetstream.advisory.v1.max_deliver',
      id: 'x',
      timestamp: new Date().toISOString(),
      stream: 'TASKS',
      consumer,
      stream_seq: 999_999,
      deliveries: 5,
    };
    await t.bus.js.publish(`$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.TASKS.${consumer}`, JSON.stringify(advisory));

    const [letter] = await lettersOf(consumer);
    expect(letter).toMatchObject({
      originalSubject: null,
      payload: null,
      streamSeq: 999_999,
      reason: 'max deliveries reached (5); the original message is no longer in TASKS',
    });
  });
});
