import { describe, expect, it } from 'vitest';
import { redeliveryDelayMs } from './consumer';

describe('consumer', () => {
  it('consumer - the redelivery delay follows the backoff by delivery count and repeats its last value', () => {
    const backoff = [250, 1000, 5000];
    expect([1, 2, 3, 4, 9].map((n) => redeliveryDelayMs(backoff, n))).toEqual([250, 1000, 5000, 5000, 5000]);
    expect(redeliveryDelayMs([], 3)).toBe(0);
  });
});
