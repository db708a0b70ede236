import { describe, expect, it } from 'vitest';
import { ar1Series, hourlySeries, MONDAY_HOUR, officeDaily, officeWeekdays } from '../../test/fixtures/series';
import { DEFAULT_TIDAL_POLICY } from '../policies/policy';
import type { VmFacts } from '../estate/vm';
import { assessTidal, describeTidal, detectTidal, prepareGrid, prepareHourly } from './tidal.rule';

const policy = DEFAULT_TIDAL_POLICY;
const FOUR_WEEKS = 672;
const vm = (overrides: Partial<VmFacts> = {}): VmFacts => ({
  connectionId: 'c1',
  id: 'vm-1',
  name: 'app-1',
  powerState: 'poweredOn',
  isTemplate: false,
  cpuCount: 8,
  memoryMb: 16_384,
  diskGb: 100,
  powerStateChangedAt: null,
  ...overrides,
});
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('tidal detection', () => {
  it('tidal - given office hours every day, when detected, then a daily tide with peak hours 8-17', () => {
    const verdict = detectTidal(hourlySeries(FOUR_WEEKS, officeDaily(10, 50), 8), policy);
    expect(verdict.kind).toBe('tidal');
    if (verdict.kind !== 'tidal') return;
    expect(verdict.evidence).toMatchObject({
      cycleType: 'daily',
      peakHours: range(8, 18),
      cycles: 28,
      periodHours: 24,
    });
    expect(verdict.evidence.offPeakHours).toEqual([...range(0, 8), ...range(18, 24)]);
    expect(verdict.evidence.peakDiff).toBeGreaterThan(35);
    expect(verdict.evidence.stability).toBeGreaterThan(0.8);
    expect(verdict.evidence.kruskalWallisH).toBeGreaterThan(verdict.evidence.criticalH);
    // The first and last half days have no centred trend, so those two days are not judged.
    expect(verdict.evidence).toMatchObject({ cyclesJudged: 26, cyclesFollowing: 26 });
    expect(describeTidal(verdict.evidence).conclusion).toMatch(
      /^Daily tidal load over 28 cycles: peak hours 8-17 \(UTC\+0\)/,
    );
  });

  it('tidal - given office hours on weekdays only, when detected, then a weekly tide peaking Monday to Friday', () => {
    const verdict = detectTidal(hourlySeries(FOUR_WEEKS, officeWeekdays(10, 50), 8), policy);
    expect(verdict.kind === 'tidal' && verdict.evidence).toMatchObject({
      cycleType: 'weekly',
      peakDays: [0, 1, 2, 3, 4],
      offPeakDays: [5, 6],
    });
  });

  it('tidal - given a weekend batch and flat weekdays, when detected, then weekly, and the daily test fails', () => {
    const verdict = detectTidal(
      hourlySeries(FOUR_WEEKS, (_h, dow) => (dow >= 5 ? 60 : 15), 5),
      policy,
    );
    expect(verdict.kind === 'tidal' && verdict.evidence.cycleType).toBe('weekly');
    expect(verdict.kind === 'tidal' && verdict.evidence.tests[0]).toMatchObject({ cycleType: 'daily', passed: false });
  });

  it('tidal - given steady load or red noise without a cycle, then aperiodic', () => {
    expect(
      detectTidal(
        hourlySeries(FOUR_WEEKS, () => 40, 8),
        policy,
      ).kind,
    ).toBe('aperiodic');
    for (const phi of [0.5, 0.9, 0.99])
      expect(detectTidal(ar1Series(FOUR_WEEKS, 30, phi, 5), policy).kind).toBe('aperiodic');
  });

  it('tidal - given a nightly one-hour job on an idle VM, then a daily tide peaking at that hour', () => {
    const verdict = detectTidal(
      hourlySeries(FOUR_WEEKS, (h) => (h === 2 ? 60 : 1), 0.3),
      policy,
    );
    expect(verdict.kind === 'tidal' && verdict.evidence).toMatchObject({ cycleType: 'daily', peakHours: [2] });
  });

  it('tidal - given a daily tide, the weekly permutation test is not run: it cannot change the verdict', () => {
    // A half-hour job on a VM idle at 0.3 %, to a tenth as stored: ties everywhere, and one hour in 168 does not
    // move Kruskal-Wallis at the weekly period, so only the permutation test could call the weekly cycle significant.
    const series = hourlySeries(FOUR_WEEKS, (h) => (h === 2 ? 22 : 0.3), 0.05);
    series.values.forEach((v, i) => (series.values[i] = Math.round(v * 10) / 10));
    const verdict = detectTidal(series, policy);
    expect(verdict.kind === 'tidal' && verdict.evidence).toMatchObject({ cycleType: 'daily', peakHours: [2] });
    expect(verdict.kind === 'tidal' && verdict.evidence.tests[1]).toMatchObject({
      cycleType: 'weekly',
      significant: null,
      passed: false,
      failed: expect.stringMatching(/permutation test was not needed/),
    });
  });

  it('tidal - given a one-hour job on one day of the week only, then the weekly permutation test finds it', () => {
    const verdict = detectTidal(
      hourlySeries(FOUR_WEEKS, (h, dow) => (dow === 2 && h === 3 ? 60 : 1), 0.3),
      policy,
    );
    expect(verdict.kind === 'tidal' && verdict.test).toMatchObject({ cycleType: 'weekly', passed: true });
    expect(verdict.kind === 'tidal' && verdict.test.swingP).toBeLessThanOrEqual(0.01);
  });

  it('tidal - given a load that trends up or shifts level, without a cycle, then aperiodic', () => {
    expect(
      detectTidal(
        hourlySeries(FOUR_WEEKS, (_h, _d, i) => 10 + i / 10, 3),
        policy,
      ).kind,
    ).toBe('aperiodic');
    expect(
      detectTidal(
        hourlySeries(FOUR_WEEKS, (_h, _d, i) => (i < 300 ? 10 : 60), 3),
        policy,
      ).kind,
    ).toBe('aperiodic');
  });

  it('tidal - given a daily cycle on a trend, then still a daily tide', () => {
    const verdict = detectTidal(
      hourlySeries(FOUR_WEEKS, (h, _d, i) => officeDaily(10, 40)(h) + i / 20, 4),
      policy,
    );
    expect(verdict.kind === 'tidal' && verdict.evidence.cycleType).toBe('daily');
  });

  it('tidal - given a tide with a two-day hole and a few short gaps, then still found', () => {
    const series = hourlySeries(FOUR_WEEKS, officeDaily(10, 50), 8);
    series.values.fill(Number.NaN, 300, 348);
    for (const h of [100, 101, 500]) series.values[h] = Number.NaN;
    const prepared = prepareGrid(series.values, series.startHour, policy.maxGapHours);
    const verdict = detectTidal(prepared, policy);
    expect(verdict.kind === 'tidal' && verdict.evidence).toMatchObject({ cycleType: 'daily', cycles: 28 });
  });

  it('tidal - given a pattern on a few days only, when most days do not follow it, then aperiodic', () => {
    // Office hours on 6 of 28 days, flat the rest: a big profile swing carried by a few days.
    const verdict = detectTidal(
      hourlySeries(FOUR_WEEKS, (h, _d, i) => (Math.floor(i / 24) % 5 === 0 ? officeDaily(10, 90)(h) : 10), 2),
      policy,
    );
    expect(verdict.kind).toBe('aperiodic');
  });

  it('tidal - given a small daily wobble, when below the peak-to-trough minimum, then not tidal', () => {
    const verdict = detectTidal(hourlySeries(FOUR_WEEKS, officeDaily(20, 26), 1), policy);
    expect(verdict.kind).toBe('aperiodic');
    expect(verdict.kind === 'aperiodic' && verdict.tests[0]!.failed).toMatch(/peak-to-trough/);
  });

  it('tidal - given fewer than two days, then skipped; given three weeks, then only the daily cycle is tested', () => {
    expect(detectTidal(hourlySeries(40, officeDaily(10, 50), 8), policy)).toMatchObject({ kind: 'skipped' });
    expect(detectTidal(null, policy)).toMatchObject({ kind: 'skipped' });
    const twoWeeksOfDays = detectTidal(hourlySeries(300, officeDaily(10, 50), 8), policy);
    expect(twoWeeksOfDays.kind === 'tidal' && twoWeeksOfDays.evidence.tests.map((t) => t.cycleType)).toEqual(['daily']);
  });

  it('tidal - peak hours are reported in the policy time zone', () => {
    const verdict = detectTidal(hourlySeries(FOUR_WEEKS, officeDaily(10, 50), 8), { ...policy, utcOffsetHours: 8 });
    expect(verdict.kind === 'tidal' && verdict.evidence.peakHours).toEqual(
      range(16, 24)
        .concat([0, 1])
        .sort((a, b) => a - b),
    );
  });

  it('tidal - a VM gets the average cores an off-peak schedule could free; templates and powered-off VMs are skipped', () => {
    const series = hourlySeries(FOUR_WEEKS, officeDaily(5, 60), 2);
    const verdict = assessTidal(vm(), series, policy);
    // Off-peak ≈ 5 % of 8 vCPU (+ headroom, whole vCPUs) → 1 vCPU needed; 7 cores free for 14 of 24 hours.
    expect(verdict.kind === 'tidal' && verdict.evidence.offPeakCoresFreeable).toBeCloseTo((7 * 14) / 24, 1);
    expect(assessTidal(vm({ isTemplate: true }), series, policy)).toMatchObject({ kind: 'skipped' });
    expect(assessTidal(vm({ powerState: 'poweredOff' }), series, policy)).toMatchObject({
      kind: 'skipped',
      reason: 'powered off',
    });
  });
});

describe('tidal series preparation', () => {
  it('tidal series - short gaps are interpolated linearly', () => {
    const series = prepareHourly([100, 101, 104, 105], [1, 2, 5, 6], 100, 6, 6);
    expect(series).toEqual({ startHour: 100, values: Float64Array.from([1, 2, 3, 4, 5, 6]) });
  });

  it('tidal series - a gap longer than the limit stays a gap; leading and trailing empty hours are trimmed', () => {
    const series = prepareHourly([0, 1, 20, 21, 22], [9, 9, 1, 2, 3], 0, 30, 6)!;
    expect(series.startHour).toBe(0);
    expect([...series.values].map(String)).toEqual(['9', '9', ...Array(18).fill('NaN'), '1', '2', '3']);
    expect(prepareHourly([], [], 0, 30, 6)).toBeNull();
  });

  it('tidal series - values outside P0.1..P99.9 are clamped', () => {
    const hours = range(0, 2000);
    const values = hours.map((h) => (h === 1000 ? 1e6 : h % 10));
    const series = prepareHourly(hours, values, 0, 2000, 6)!;
    expect(Math.max(...series.values)).toBeLessThan(1e6);
    expect(series.startHour).toBe(0);
  });

  it('tidal series - points outside the window and non-finite values are ignored', () => {
    const series = prepareHourly(
      [MONDAY_HOUR - 1, MONDAY_HOUR, MONDAY_HOUR + 1],
      [50, 1, Number.NaN],
      MONDAY_HOUR,
      24,
      6,
    );
    expect(series).toEqual({ startHour: MONDAY_HOUR, values: Float64Array.from([1]) });
  });
});

describe('tidal hourly grid', () => {
  it('tidal grid - a grid from ClickHouse is prepared exactly as the same points placed on it', () => {
    const grid = Float64Array.from([Number.NaN, 4, Number.NaN, 8, 9, Number.NaN]);
    expect(prepareGrid(grid, 100, 6)).toEqual(prepareHourly([101, 103, 104], [4, 8, 9], 100, 6, 6));
    expect(prepareGrid(grid, 100, 6)!.values).toEqual(Float64Array.from([4, 6, 8, 9]));
  });

  it('tidal grid - a grid without any value gives nothing to analyse', () => {
    expect(prepareGrid(new Float64Array(24).fill(Number.NaN), 0, 6)).toBeNull();
  });
});
