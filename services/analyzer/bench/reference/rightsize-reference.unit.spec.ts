import { describe, expect, it } from 'vitest';
import { makeSeries } from './make-series';
import { rightsizeReference } from './rightsize-reference';

describe('right-size reference (p95 + 20 %)', () => {
  it('rightsize - an 8-vCPU VM whose p95 is 25 % needs 2.4 cores, 3 whole cores, and saves 5', () => {
    const cpu = makeSeries(14, (k) => (k % 50 === 0 ? 80 : 25));
    const ref = rightsizeReference(cpu, 8);
    expect(ref.p95Pct).toBe(25);
    expect(ref.coresUnrounded).toBeCloseTo(2.4, 10);
    expect(ref.cores).toBe(3);
    expect(ref.savingsCores).toBe(5);
    expect(ref.savingsCoresUnrounded).toBeCloseTo(5.6, 10);
  });

  it('rightsize - a whole number of cores is not rounded up again, and an idle VM keeps 1 core', () => {
    expect(
      rightsizeReference(
        makeSeries(7, () => 25),
        4,
      ).coresUnrounded,
    ).toBeCloseTo(1.2, 10);
    expect(
      rightsizeReference(
        makeSeries(7, () => 62.5),
        4,
      ).cores,
    ).toBe(3);
    expect(
      rightsizeReference(
        makeSeries(7, () => 12.5),
        4,
      ).cores,
    ).toBe(1);
    const idle = rightsizeReference(
      makeSeries(7, () => 0),
      8,
    );
    expect(idle.cores).toBe(1);
    expect(idle.savingsCores).toBe(7);
  });

  it('rightsize - CPU above 100 % asks for more cores than the VM has and saves nothing', () => {
    const ref = rightsizeReference(
      makeSeries(7, () => 104),
      2,
    );
    expect(ref.coresUnrounded).toBeCloseTo(2.496, 10);
    expect(ref.cores).toBe(3);
    expect(ref.savingsCores).toBe(0);
  });

  it('rightsize - gaps are not samples, and the window takes the last days', () => {
    const cpu = makeSeries(14, (_k, _h, day) => (day < 7 ? 90 : day === 10 ? Number.NaN : 10));
    const lastWeek = rightsizeReference(cpu, 4, 7);
    expect(lastWeek.samples).toBe(6 * 288);
    expect(lastWeek.p95Pct).toBe(10);
    expect(rightsizeReference(cpu, 4).p95Pct).toBe(90);
  });

  it('rightsize - no samples give no recommendation; a VM without vCPUs is an error', () => {
    const none = rightsizeReference(new Float64Array(10).fill(Number.NaN), 4);
    expect(none.cores).toBeNaN();
    expect(none.savingsCores).toBe(0);
    expect(() => rightsizeReference(new Float64Array(10), 0)).toThrow(RangeError);
  });
});
