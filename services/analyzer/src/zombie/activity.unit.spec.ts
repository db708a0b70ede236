import { describe, expect, it } from 'vitest';
import { DEFAULT_ZOMBIE_POLICY as policy } from '../policies/policy';
import { type HourlyActivity, median, profileActivity } from './activity';

/** Monday 2026-01-05 00:00 UTC in hours since the epoch. */
const MONDAY = Date.UTC(2026, 0, 5) / 3_600_000;

/** `days` of hourly CPU maxima from a function of (day, hour of day); disk and network quiet. */
function hours(days: number, cpu: (day: number, hour: number) => number): HourlyActivity {
  const n = days * 24;
  return {
    startHour: MONDAY,
    cpuMax: Float64Array.from({ length: n }, (_, i) => cpu(Math.floor(i / 24), i % 24)),
    diskKBps: new Float64Array(n).fill(20),
    netKBps: new Float64Array(n).fill(0.5),
  };
}
const idle = (day: number, hour: number) => 0.8 + 0.2 * Math.sin(day * 7 + hour * 13);

describe('zombie activity', () => {
  it('activity - given an idle VM with only noise, then no active hour and no job', () => {
    expect(profileActivity(hours(14, idle), policy)).toEqual({
      activeHours: 0,
      activeDays: 0,
      observedDays: 14,
      job: null,
    });
  });

  it('activity - given a 20-minute job at 02:00 on every day, then a daily recurring job at 2', () => {
    const profile = profileActivity(
      hours(14, (d, h) => (h === 2 ? 35 : idle(d, h))),
      policy,
    );
    expect(profile.job).toEqual({ period: 'daily', hour: 2, occurrences: 14, observed: 14 });
  });

  it('activity - a job that drifts by an hour from night to night is still the same job', () => {
    const profile = profileActivity(
      hours(14, (d, h) => (h === 2 + (d % 2) ? 35 : idle(d, h))),
      policy,
    );
    expect(profile.job).toMatchObject({ period: 'daily', occurrences: 14 });
  });

  it('activity - given activity on a few random days, then neither a job nor daily use', () => {
    const profile = profileActivity(
      hours(14, (d, h) => ((d === 3 && h === 9) || (d === 8 && h === 17) ? 40 : idle(d, h))),
      policy,
    );
    expect(profile).toMatchObject({ activeHours: 2, activeDays: 2, job: null });
  });

  it('activity - given a job every Saturday at 23:00 over three weeks, then a weekly job', () => {
    const profile = profileActivity(
      hours(21, (d, h) => (d % 7 === 5 && h === 23 ? 50 : idle(d, h))),
      policy,
    );
    expect(profile.job).toEqual({ period: 'weekly', hour: 5 * 24 + 23, occurrences: 3, observed: 3 });
  });

  it('activity - a nightly backup shows on disk and network, not on CPU, and is a job too', () => {
    const series = hours(14, idle);
    for (let d = 0; d < 14; d++) {
      series.diskKBps[d * 24 + 3] = 40_000;
      series.netKBps[d * 24 + 3] = 25_000;
    }
    expect(profileActivity(series, policy).job).toMatchObject({ period: 'daily', hour: 3 });
  });

  it('activity - hours without any data are not counted as idle or observed', () => {
    const series = hours(14, idle);
    series.cpuMax.fill(Number.NaN, 0, 24 * 7);
    series.diskKBps.fill(Number.NaN, 0, 24 * 7);
    series.netKBps.fill(Number.NaN, 0, 24 * 7);
    expect(profileActivity(series, policy).observedDays).toBe(7);
  });

  it('activity - median ignores gaps', () => {
    expect(median([3, Number.NaN, 1, 2])).toBe(2);
    expect(median([Number.NaN])).toBeNaN();
  });
});
