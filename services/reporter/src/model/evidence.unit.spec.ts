import { describe, expect, it } from 'vitest';
import { EVIDENCE_COLUMNS, hourRanges, plainEvidence } from './evidence';

const read = (type: string, evidence: Record<string, unknown>) =>
  Object.fromEntries((EVIDENCE_COLUMNS[type] ?? []).map((c) => [c.heading, c.read(evidence)]));

describe('evidence - read for people', () => {
  it('shows a right-size as current → recommended, with units', () => {
    expect(
      read('rightsize', {
        currentConfig: { vcpu: 8, mem: 16_384 },
        recommended: { vcpu: 2, mem: 8192 },
        utilization: { cpuP95: 12.345, memP95: 40 },
        historyDays: 0,
      }),
    ).toMatchObject({ vCPU: '8 → 2', Memory: '16 GB → 8 GB', 'CPU p95': '12.3%', History: '0 days' });
  });

  it('states nothing it cannot read: a missing field or one of another type is null, never an error', () => {
    const values = read('health', { score: 'high', hotspots: [1, 2], hosts: { n: 3 } });
    expect(Object.values(values).every((v) => v === null)).toBe(true);
    expect(read('zombie', {})).toEqual(Object.fromEntries(EVIDENCE_COLUMNS.zombie!.map((c) => [c.heading, null])));
  });

  it('names the peak of a weekly tide by its days and of a daily one by its hours', () => {
    expect(read('tidal', { cycleType: 'weekly', peakDays: [0, 1, 4] }).Peak).toBe('Mon, Tue, Fri');
    expect(read('tidal', { cycleType: 'daily', peakHours: [9, 10, 11, 14, 22, 23] }).Peak).toBe('9-11, 14, 22-23 h');
    expect(hourRanges([3])).toBe('3');
  });

  it('shows the plain values of evidence of a type it has no columns for', () => {
    expect(plainEvidence({ a: 1, b: 'x', nested: { c: 1 }, d: true })).toEqual([
      ['a', '1'],
      ['b', 'x'],
      ['d', 'true'],
    ]);
  });
});
