import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureStreams, InvalidEventError, streamSpecs } from '../src';
import { startTestBus, type TestBus, taskLogged, uniqueId } from './helpers';

describe('bus', () => {
  let t: TestBus;
  beforeAll(async () => {
    t = await startTestBus();
  });
  afterAll(() => t?.stop());

  it('bus - a duplicate publish (same event id) stores one message', async () => {
    const taskId = uniqueId('task');
    const event = taskLogged(taskId, 'once');
    const first = await t.bus.publish(event);
    const again = await t.bus.publish(event);

    expect(first.duplicate).toBe(false);
    expect(again).toEqual({ seq: first.seq, duplicate: true });
    const subject = `justfit.tasks.CollectTaskLogged.${taskId}`;
    const info = await t.bus.jsm.streams.info('TASKS', { subjects_filter: subject });
    expect(info.state.subjects).toEqual({ [subject]: 1 });

    const stored = await t.bus.jsm.streams.getMessage('TASKS', { seq: first.seq });
    expect(stored?.header.get('ce-type')).toBe('io.justfit.CollectTaskLogged.v1');
    expect(stored?.header.get('traceid')).toBe('trace-test');
    expect(stored?.header.get('Nats-Msg-Id')).toBe(event.id);
  });

  it('bus - publishMany stores events in the order given', async () => {
    const taskId = uniqueId('task');
    const events = Array.from({ length: 20 }, (_, i) => taskLogged(taskId, `m${i}`));
    const acks = await t.bus.publishMany(events);
    const seqs = acks.map((a) => a.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const stored = await Promise.all(seqs.map((seq) => t.bus.jsm.streams.getMessage('TASKS', { seq })));
    expect(stored.map((m) => m?.json<{ id: string }>().id)).toEqual(events.map((e) => e.id));
  });

  it('bus - an event that breaks its schema is refused before it is published', async () => {
    const event = { ...taskLogged(uniqueId('task'), 'x'), data: { level: 'loud' } };
    await expect(t.bus.publish(event as never)).rejects.toBeInstanceOf(InvalidEventError);
  });

  it('streams - ensureStreams is idempotent and restores a drifted configuration', async () => {
    await ensureStreams(t.bus.jsm);
    await t.bus.jsm.streams.update('RAW', { max_age: 3600 * 1e9 });
    await ensureStreams(t.bus.jsm);

    const names: string[] = [];
    for await (const name of t.bus.jsm.streams.names()) names.push(name);
    expect(names).toEqual(expect.arrayContaining(streamSpecs.map((s) => s.name)));
    const raw = (await t.bus.jsm.streams.info('RAW')).config;
    expect(raw.max_age).toBe(7 * 24 * 3600 * 1e9);
    expect(raw.duplicate_window).toBe(120 * 1e9);
    expect(raw.storage).toBe('file');
  });
});
