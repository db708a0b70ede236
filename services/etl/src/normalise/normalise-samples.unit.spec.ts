import type { RawSample } from '@justfit/events';
import { describe, expect, it } from 'vitest';
import { normaliseSamples } from './normalise-samples';

const now = Date.UTC(2026, 10, 25, 12);
const ctx = { connectionId: 'c1', intervalSec: 300, now, maxSkewMs: 300_000, isKnownEntity: (id: string) => id !== 'vm-unknown' };
const sample = (over: Partial<RawSample>): RawSample => ({
  entityType: 'vm', entityId: 'vm-1', counter: 'cpu.usage.average', instance: '', unit: 'percent', timestamp: now - 600_000, value: 1234, ...over,
});

describe('etl - normalise samples', () => {
  it('converts vCenter units: percent x100, KB to MB, ready milliseconds to percent of the interval', () => {
    const { rows, rejected } = normaliseSamples([
      sample({ value: 1234 }),
      sample({ counter: 'mem.consumed.average', unit: 'kiloBytes', value: 2_097_152 }),
      sample({ counter: 'cpu.ready.summation', unit: 'millisecond', value: 15_000 }),
      sample({ counter: 'net.usage.average', unit: 'kiloBytesPerSecond', value: 42 }),
    ], ctx);
    expect(rejected).toEqual([]);
    expect(Object.fromEntries(rows.map((r) => [r.metric, r.value]))).toEqual({
      'cpu.usage_pct': 12.34, 'mem.consumed_mb': 2048, 'cpu.ready_pct': 5, 'net.kbps': 42,
    });
  });

  it('sums instances of one counter (per disk, per NIC) into one value per entity and time', () => {
    const { rows } = normaliseSamples([
      sample({ counter: 'net.usage.average', instance: 'vmnic0', value: 10 }),
      sample({ counter: 'net.usage.average', instance: 'vmnic1', value: 5 }),
    ], ctx);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.value).toBe(15);
  });

  it('rejects, with a reason each, what cannot be fixed, and keeps the rest', () => {
    const { rows, rejected } = normaliseSamples([
      sample({ value: -1 }),
      sample({ value: -5 }),
      sample({ counter: 'cpu.bogus.average' }),
      sample({ timestamp: now + 3_600_000 }),
      sample({ entityId: 'vm-unknown' }),
      sample({ value: 15_000 }),
      sample({ value: Number.NaN }),
      sample({ value: 500 }),
    ], ctx);
    expect(rows).toHaveLength(1);
    expect(rejected.map((r) => r.reason)).toEqual([
      'missing sample (-1)',
      'negative value -5',
      'unknown counter cpu.bogus.average',
      expect.stringMatching(/in the future/),
      expect.stringMatching(/unknown vm vm-unknown/),
      expect.stringMatching(/above the plausible maximum/),
      'value is not a finite number',
    ]);
  });
});
