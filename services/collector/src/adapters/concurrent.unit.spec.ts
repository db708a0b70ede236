import { describe, expect, it } from 'vitest';
import { mapConcurrent } from './concurrent';

const after = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('concurrent calls', () => {
  it('concurrent - results come in request order although later calls finish first, with a bounded number in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const results: number[] = [];
    for await (const n of mapConcurrent([40, 5, 20, 1, 10], 2, async (ms) => {
      most = Math.max(most, ++inFlight);
      const value = await after(ms, ms);
      inFlight--;
      return value;
    })) {
      results.push(n);
    }
    expect(results).toEqual([40, 5, 20, 1, 10]);
    expect(most).toBe(2);
  });

  it('concurrent - a failing call is rethrown at its turn, after the results before it', async () => {
    const seen: number[] = [];
    const run = async () => {
      for await (const n of mapConcurrent([1, 2, 3], 3, async (n) => {
        if (n === 2) throw new Error('call 2 failed');
        return after(10, n);
      })) {
        seen.push(n);
      }
    };
    await expect(run()).rejects.toThrow('call 2 failed');
    expect(seen).toEqual([1]);
  });
});
