import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BatchConsumerSpec,
  type BatchDelivery,
  BatchSlots,
  readDeadLetters,
  runBatchConsumer,
  runDeadLetterForwarder,
  type RunningForwarder,
} from '../src';
import { eventually, startTestBus, type TestBus, taskLogged, uniqueId } from './helpers';

class Unreachable extends Error {}

describe('batch consumer', () => {
  let t: TestBus;
  let forwarder: RunningForwarder;
  beforeAll(async () => {
    t = await startTestBus();
    forwarder = await runDeadLetterForwarder(t.bus, { durable: 'batch-forwarder' });
  });
  afterAll(async () => {
    await forwarder?.stop();
    await t?.stop();
  });

  function specFor(taskId: string, overrides: Partial<BatchConsumerSpec> = {}): BatchConsumerSpec {
    return {
      stream: 'TASKS',
      durable: uniqueId('batch'),
      filterSubjects: [`justfit.tasks.*.${taskId}`],
      maxDelayMs: 1500,
      backoffMs: [20, 40],
      retryBackoffMs: [50],
      isTransient: (e) => e instanceof Unreachable,
      ...overrides,
    };
  }
  const publishLogs = async (taskId: string, count: number) => {
    const events = Array.from({ length: count }, (_, i) => taskLogged(taskId, `line ${i}`));
    await t.bus.publishMany(events);
    return events;
  };
  const messagesOf = (batches: BatchDelivery[][]) =>
    batches.flat().map((d) => (d.event.data as { message: string }).message);

  it('batch consumer - many messages go out in batches bounded by count, acknowledged only after the handler', async () => {
    const taskId = uniqueId('task');
    const spec = specFor(taskId, { maxMessages: 10 });
    const batches: BatchDelivery[][] = [];
    let release!: () => void;
    const firstWritten = new Promise<void>((r) => (release = r));
    const consumer = await runBatchConsumer(t.bus, spec, async (batch) => {
      if (batches.length === 0) await firstWritten;
      batches.push([...batch]);
    });
    await publishLogs(taskId, 25);

    await eventually(async () =>
      expect((await t.bus.jsm.consumers.info('TASKS', spec.durable)).num_ack_pending).toBeGreaterThanOrEqual(10),
    );
    expect(batches).toHaveLength(0);
    release();
    await eventually(() => expect(batches.flat()).toHaveLength(25));
    await consumer.stop();

    expect(batches.every((b) => b.length <= 10)).toBe(true);
    expect(batches.length).toBeLessThan(25);
    expect(messagesOf(batches)).toEqual(Array.from({ length: 25 }, (_, i) => `line ${i}`));
    expect((await t.bus.jsm.consumers.info('TASKS', spec.durable)).num_ack_pending).toBe(0);
    expect(consumer.stats).toMatchObject({ processed: 25, failed: 0, deadLettered: 0 });
  });

  it('batch consumer - a batch that is not full is handed over once its first message is maxDelayMs old', async () => {
    const taskId = uniqueId('task');
    const batches: Array<{ at: number; size: number }> = [];
    const consumer = await runBatchConsumer(
      t.bus,
      specFor(taskId, { maxMessages: 100, maxDelayMs: 1500 }),
      async (batch) => {
        batches.push({ at: Date.now(), size: batch.length });
      },
    );
    const published = Date.now();
    await publishLogs(taskId, 3);
    await eventually(() => expect(batches.reduce((n, b) => n + b.size, 0)).toBe(3));
    await consumer.stop();
    expect(batches[0]!.at - published).toBeLessThan(5000);
  });

  it('batch consumer - a batch ending a unit of work is handed over at once when nothing else is pending', async () => {
    const taskId = uniqueId('task');
    await publishLogs(taskId, 3);
    const batches: Array<{ at: number; messages: string[] }> = [];
    const started = Date.now();
    const consumer = await runBatchConsumer(
      t.bus,
      specFor(taskId, {
        maxMessages: 100,
        maxDelayMs: 20_000,
        endsWork: (event) => (event.data as { message: string }).message === 'line 2',
      }),
      async (batch) => {
        batches.push({ at: Date.now(), messages: messagesOf([[...batch]]) });
      },
    );
    await eventually(() => expect(batches.flatMap((b) => b.messages)).toHaveLength(3), 10_000);
    await consumer.stop();
    // Without the end marker the batch would wait for its 20 s deadline.
    expect(batches.at(-1)!.at - started).toBeLessThan(5000);
    expect(batches.flatMap((b) => b.messages)).toEqual(['line 0', 'line 1', 'line 2']);
  });

  it('batch consumer - a batch is also bounded by the weight of its events', async () => {
    const taskId = uniqueId('task');
    const sizes: number[] = [];
    const consumer = await runBatchConsumer(
      t.bus,
      specFor(taskId, { maxMessages: 100, maxWeight: 30, weigh: () => 10 }),
      async (batch) => {
        sizes.push(batch.length);
      },
    );
    await publishLogs(taskId, 9);
    await eventually(() => expect(sizes.reduce((a, b) => a + b, 0)).toBe(9));
    await consumer.stop();
    expect(Math.max(...sizes)).toBeLessThanOrEqual(3);
  });

  it('batch consumer - batches are prepared one at a time in stream order, even when a preparation waits', async () => {
    const taskId = uniqueId('task');
    // Like the ETL, which learns a connection's inventory while preparing the batch that carries it: what a batch
    // prepares must be known to the preparation of the next one.
    const learned = new Set<string>();
    const unknownWhenPrepared: string[] = [];
    const spans: Array<{ first: string; start: number; end: number }> = [];
    const consumer = await runBatchConsumer<void>(t.bus, specFor(taskId, { maxMessages: 2, maxDelayMs: 1000 }), {
      prepare: async (batch) => {
        const start = performance.now();
        for (const d of batch) {
          const message = (d.event.data as { message: string }).message;
          const before = `line ${Number(message.split(' ')[1]) - 1}`;
          if (message !== 'line 0' && !learned.has(before)) unknownWhenPrepared.push(message);
          // The first batch's preparation waits (a slow query) before it learns what it carries.
          if (message === 'line 0') await sleep(1500);
          learned.add(message);
        }
        spans.push({ first: (batch[0]!.event.data as { message: string }).message, start, end: performance.now() });
      },
      write: async () => undefined,
    });
    await publishLogs(taskId, 6);
    await eventually(() => expect(learned.size).toBe(6), 20_000);
    await consumer.stop();
    expect(unknownWhenPrepared).toEqual([]);
    for (let i = 1; i < spans.length; i++) expect(spans[i]!.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
  });

  it('batch consumer - a transient failure holds the batch and retries it in place, without redelivery', async () => {
    const taskId = uniqueId('task');
    let failures = 3;
    const written: BatchDelivery[] = [];
    const consumer = await runBatchConsumer(t.bus, specFor(taskId), async (batch) => {
      if (failures-- > 0) throw new Unreachable('storage down');
      written.push(...batch);
    });
    await publishLogs(taskId, 5);
    await eventually(() => expect(consumer.health().lastError).toBe('storage down'));
    await eventually(() => expect(written).toHaveLength(5));
    await consumer.stop();
    expect(written.map((d) => d.deliveryCount)).toEqual([1, 1, 1, 1, 1]);
    expect(consumer.health()).toEqual({});
    expect(consumer.stats).toMatchObject({ processed: 5, retries: 3, deadLettered: 0 });
  });

  it('batch consumer - one poison event is isolated: the others are written once, it is dead-lettered with its reason', async () => {
    const taskId = uniqueId('task');
    const spec = specFor(taskId, { maxDeliver: 3 });
    const written: string[] = [];
    const consumer = await runBatchConsumer(t.bus, spec, async (batch) => {
      if (batch.some((d) => (d.event.data as { message: string }).message === 'line 2'))
        throw new Error('cannot load line 2');
      written.push(...messagesOf([[...batch]]));
    });
    await publishLogs(taskId, 5);
    const [letter] = await eventually(async () => {
      const letters = await readDeadLetters(t.bus, { stream: 'TASKS', consumer: spec.durable, limit: 10 });
      expect(letters).toHaveLength(1);
      return letters;
    }, 20_000);
    await consumer.stop();
    expect(written.sort()).toEqual(['line 0', 'line 1', 'line 3', 'line 4']);
    expect(letter!.reason).toBe('handler failed after 3 deliveries: cannot load line 2');
    expect(consumer.stats).toMatchObject({ processed: 4, failed: 3, deadLettered: 1 });
  });

  it('batch consumer - a malformed message is dead-lettered at once and the batch goes on', async () => {
    const taskId = uniqueId('task');
    const spec = specFor(taskId);
    const reasons: string[] = [];
    const written: string[] = [];
    const consumer = await runBatchConsumer(
      t.bus,
      { ...spec, onDeadLetter: (reason) => reasons.push(reason) },
      async (batch) => {
        written.push(...messagesOf([[...batch]]));
      },
    );
    await t.bus.js.publish(`justfit.tasks.CollectTaskLogged.${taskId}`, '{"not":"an event"}');
    await publishLogs(taskId, 2);
    await eventually(() => expect(written).toEqual(['line 0', 'line 1']));
    await eventually(async () =>
      expect(await readDeadLetters(t.bus, { consumer: spec.durable, limit: 10 })).toHaveLength(1),
    );
    await consumer.stop();
    expect(reasons[0]).toMatch(/^invalid event: bad envelope/);
  });

  it('batch consumer - consumers sharing a slot: while one batch is written, the other consumer holds one message', async () => {
    const slots = new BatchSlots(1);
    const [firstTask, secondTask] = [uniqueId('task'), uniqueId('task')];
    const first = specFor(firstTask, { maxMessages: 10, slots });
    const second = specFor(secondTask, { maxMessages: 10, slots });
    const pending = async (spec: BatchConsumerSpec) =>
      (await t.bus.jsm.consumers.info('TASKS', spec.durable)).num_ack_pending;
    let release!: () => void;
    const stalled = new Promise<void>((r) => (release = r));
    const written = { first: 0, second: 0 };
    const a = await runBatchConsumer(t.bus, first, async (batch) => {
      await stalled;
      written.first += batch.length;
    });
    const b = await runBatchConsumer(t.bus, second, async (batch) => {
      written.second += batch.length;
    });
    await publishLogs(firstTask, 5);
    await eventually(async () => expect(await pending(first)).toBe(5));
    await publishLogs(secondTask, 5);
    await eventually(async () => expect(await pending(second)).toBe(1));
    await sleep(2500); // longer than the batch's time bound: the second consumer still waits for the slot
    expect(await pending(second)).toBe(1);
    expect(written).toEqual({ first: 0, second: 0 });

    release();
    await eventually(() => expect(written).toEqual({ first: 5, second: 5 }));
    await a.stop();
    await b.stop();
  });

  it('batch consumer - stop writes and acknowledges the batch it was collecting', async () => {
    const taskId = uniqueId('task');
    const spec = specFor(taskId, { maxMessages: 100, maxDelayMs: 60_000 });
    const written: string[] = [];
    const consumer = await runBatchConsumer(t.bus, spec, async (batch) => {
      written.push(...messagesOf([[...batch]]));
    });
    await publishLogs(taskId, 4);
    await eventually(async () =>
      expect((await t.bus.jsm.consumers.info('TASKS', spec.durable)).num_ack_pending).toBe(4),
    );
    await sleep(100);
    expect(written).toEqual([]);
    await consumer.stop();
    expect(written).toHaveLength(4);
    expect((await t.bus.jsm.consumers.info('TASKS', spec.durable)).num_ack_pending).toBe(0);
  });
});
