import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type JustFitEvent,
  readDeadLetters,
  runConsumer,
  runDeadLetterForwarder,
  runEphemeralConsumer,
  type RunningForwarder,
} from '../src';
import { eventually, startTestBus, type TestBus, taskLogged, uniqueId } from './helpers';

describe('consumer', () => {
  let t: TestBus;
  let forwarders: RunningForwarder[];
  beforeAll(async () => {
    t = await startTestBus();
    // Two forwarders, as when several services run one each: a dead letter must still be stored once.
    forwarders = await Promise.all([
      runDeadLetterForwarder(t.bus, { durable: 'forwarder-a' }),
      runDeadLetterForwarder(t.bus, { durable: 'forwarder-b' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all(forwarders?.map((f) => f.stop()) ?? []);
    await t?.stop();
  });

  const fastRetries = { maxDeliver: 3, backoffMs: [20, 40], ackWaitMs: 5000 };

  async function forwardersIdle() {
    await eventually(async () => {
      for (const durable of ['forwarder-a', 'forwarder-b']) {
        const info = await t.bus.jsm.consumers.info('ADVISORIES', durable);
        expect(info.num_pending + info.num_ack_pending).toBe(0);
      }
    });
  }

  it('consumer - a handler that throws is redelivered, then dead-lettered with its reason', async () => {
    const taskId = uniqueId('task');
    const durable = uniqueId('failing');
    const deliveries: number[] = [];
    const consumer = await runConsumer(
      t.bus,
      { stream: 'TASKS', durable, filterSubjects: [`justfit.tasks.*.${taskId}`], ...fastRetries },
      async (_event, ctx) => {
        deliveries.push(ctx.deliveryCount);
        throw new Error('boom');
      },
    );
    const event = taskLogged(taskId, 'will fail');
    const { seq } = await t.bus.publish(event);

    const [letter] = await eventually(async () => {
      const letters = await readDeadLetters(t.bus, { stream: 'TASKS', consumer: durable, limit: 10 });
      expect(letters).toHaveLength(1);
      return letters;
    });
    await consumer.stop();
    await forwardersIdle();

    expect(deliveries).toEqual([1, 2, 3]);
    expect(consumer.stats).toEqual({ processed: 0, failed: 3, deadLettered: 1 });
    expect(letter).toMatchObject({
      originalSubject: `justfit.tasks.CollectTaskLogged.${taskId}`,
      stream: 'TASKS',
      streamSeq: seq,
      consumer: durable,
      reason: 'handler failed after 3 deliveries: boom',
      deliveries: 3,
      headers: expect.objectContaining({ 'ce-type': ['io.justfit.CollectTaskLogged.v1'], traceid: ['trace-test'] }),
    });
    expect(JSON.parse(letter!.payload!)).toEqual(event);
    expect(letter!.payloadEncoding).toBeUndefined();
    expect(await readDeadLetters(t.bus, { consumer: durable, limit: 10 })).toHaveLength(1);
  });

  it('consumer - a malformed payload is dead-lettered with a reason and the next valid event is still processed', async () => {
    const taskId = uniqueId('task');
    const durable = uniqueId('poisoned');
    const handled: JustFitEvent[] = [];
    const consumer = await runConsumer(
      t.bus,
      { stream: 'TASKS', durable, filterSubjects: [`justfit.tasks.*.${taskId}`], ...fastRetries },
      async (event) => void handled.push(event),
    );
    const garbage = new Uint8Array([0xff, 0xfe, 0x7b, 0x00]);
    const { seq: garbageSeq } = await t.bus.js.publish(`justfit.tasks.CollectTaskLogged.${taskId}`, garbage);
    const valid = taskLogged(taskId, 'fine');
    await t.bus.publish(valid);

    await eventually(() => expect(handled.map((e) => e.id)).toEqual([valid.id]));
    const [letter] = await eventually(async () => {
      const letters = await readDeadLetters(t.bus, { stream: 'TASKS', consumer: durable, limit: 10 });
      expect(letters).toHaveLength(1);
      return letters;
    });
    await consumer.stop();

    expect(consumer.stats).toEqual({ processed: 1, failed: 0, deadLettered: 1 });
    expect(letter!.reason).toMatch(/^invalid event: payload is not JSON/);
    expect(letter).toMatchObject({ streamSeq: garbageSeq, deliveries: 1, payloadEncoding: 'base64' });
    expect(Buffer.from(letter!.payload!, 'base64')).toEqual(Buffer.from(garbage));
  });

  it('consumer - stop waits for the handler in flight and its ack', async () => {
    const taskId = uniqueId('task');
    const durable = uniqueId('slow');
    let started = false;
    let finished = false;
    const consumer = await runConsumer(
      t.bus,
      { stream: 'TASKS', durable, filterSubjects: [`justfit.tasks.*.${taskId}`] },
      async () => {
        started = true;
        await sleep(300);
        finished = true;
      },
    );
    await t.bus.publish(taskLogged(taskId, 'slow'));
    await eventually(() => expect(started).toBe(true));

    await consumer.stop();
    expect(finished).toBe(true);
    await t.bus.nc.flush();
    const info = await t.bus.jsm.consumers.info('TASKS', durable);
    expect(info.num_ack_pending).toBe(0);
    expect(consumer.stats.processed).toBe(1);
  });

  it('consumer - a restarted durable consumer resumes after what it acknowledged', async () => {
    const taskId = uniqueId('task');
    const durable = uniqueId('resumable');
    const spec = { stream: 'TASKS', durable, filterSubjects: [`justfit.tasks.*.${taskId}`] };
    const seen: string[] = [];
    const record = async (e: JustFitEvent) => void seen.push(e.id);

    const first = await runConsumer(t.bus, spec, record);
    const one = taskLogged(taskId, 'one');
    await t.bus.publish(one);
    await eventually(() => expect(seen).toEqual([one.id]));
    await first.stop();

    const two = taskLogged(taskId, 'two');
    await t.bus.publish(two);
    const second = await runConsumer(t.bus, { ...spec, maxDeliver: 7 }, record);
    await eventually(() => expect(seen).toEqual([one.id, two.id]));
    await second.stop();
    expect((await t.bus.jsm.consumers.info('TASKS', durable)).config.max_deliver).toBe(7);
  });

  it('consumer - a durable made before subjects carried the type takes the typed filter and resumes where it was', async () => {
    const taskId = uniqueId('task');
    const durable = uniqueId('upgraded');
    const seen: string[] = [];
    const record = async (e: JustFitEvent) => void seen.push((e.data as { message: string }).message);
    const old = await runConsumer(
      t.bus,
      { stream: 'TASKS', durable, filterSubjects: [`justfit.tasks.${taskId}`] },
      record,
    );
    await t.bus.js.publish(`justfit.tasks.${taskId}`, JSON.stringify(taskLogged(taskId, 'stored before')));
    await eventually(() => expect(seen).toEqual(['stored before']));
    await old.stop();

    const typed = [`justfit.tasks.CollectTaskLogged.${taskId}`, `justfit.tasks.${taskId}`];
    const upgraded = await runConsumer(t.bus, { stream: 'TASKS', durable, filterSubjects: typed }, record);
    await t.bus.publish(taskLogged(taskId, 'stored after'));
    await eventually(() => expect(seen).toEqual(['stored before', 'stored after']));
    await upgraded.stop();
    expect((await t.bus.jsm.consumers.info('TASKS', durable)).config.filter_subjects).toEqual(typed);
  });

  it('consumer - an ephemeral consumer with deliverNew sees only events stored after it starts', async () => {
    const taskId = uniqueId('task');
    await t.bus.publish(taskLogged(taskId, 'before'));
    const seen: string[] = [];
    const live = await runEphemeralConsumer(
      t.bus,
      { stream: 'TASKS', filterSubjects: [`justfit.tasks.*.${taskId}`], deliverNew: true },
      (event) => void seen.push((event.data as { message: string }).message),
    );
    await t.bus.publish(taskLogged(taskId, 'after'));
    await eventually(() => expect(seen).toEqual(['after']));
    await live.stop();
  });
});
