import { describe, expect, it } from 'vitest';
import { BatchSlots } from './batch-slots';

describe('batch slots', () => {
  it('batch slots - a third batch waits until one of two gives its slot back, then goes in arrival order', async () => {
    const slots = new BatchSlots(2);
    const first = await slots.take();
    await slots.take();
    const order: string[] = [];
    const third = slots.take().then((giveBack) => (order.push('third'), giveBack));
    const fourth = slots.take().then((giveBack) => (order.push('fourth'), giveBack));
    await new Promise((r) => setTimeout(r, 10));
    expect(order).toEqual([]);
    first();
    first(); // giving back twice frees one slot only
    (await third)();
    await fourth;
    expect(order).toEqual(['third', 'fourth']);
  });

  it('batch slots - a consumer that stops while waiting leaves the queue and the slot goes to the next one', async () => {
    const slots = new BatchSlots(1);
    const first = await slots.take();
    const stopping = new AbortController();
    const abandoned = slots.take(stopping.signal);
    const next = slots.take();
    stopping.abort(new Error('stopped'));
    await expect(abandoned).rejects.toThrow('stopped');
    first();
    const giveBack = await next;
    giveBack();
    await slots.take(); // free again: the abandoned wait took nothing
  });
});
