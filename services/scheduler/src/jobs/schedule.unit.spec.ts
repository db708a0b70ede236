import { describe, expect, it } from 'vitest';
import { CronSchedule } from './schedule';

const iso = (ms: number[]) => ms.map((t) => new Date(t).toISOString());
const at = (s: string) => Date.parse(s);

describe('cron schedule', () => {
  it('cron schedule - a daily time is read in the job’s time zone', () => {
    const shanghai = new CronSchedule({ cron: '0 3 * * *', timeZone: 'Asia/Shanghai' });
    expect(iso(shanghai.next(2, at('2026-01-01T00:00:00Z')))).toEqual([
      '2026-01-01T19:00:00.000Z',
      '2026-01-02T19:00:00.000Z',
    ]);
    const newYork = new CronSchedule({ cron: '0 3 * * *', timeZone: 'America/New_York' });
    expect(iso(newYork.next(1, at('2026-01-01T00:00:00Z')))).toEqual(['2026-01-01T08:00:00.000Z']);
  });

  it('cron schedule - spring forward: a fixed time in the gap runs once at the first valid time after it', () => {
    // Europe/Berlin skips 02:00-03:00 on 29 March 2026.
    const s = new CronSchedule({ cron: '30 2 * * *', timeZone: 'Europe/Berlin' });
    expect(iso(s.next(3, at('2026-03-28T12:00:00Z')))).toEqual([
      '2026-03-29T01:00:00.000Z', // 03:00 CEST
      '2026-03-30T00:30:00.000Z', // 02:30 CEST
      '2026-03-31T00:30:00.000Z',
    ]);
  });

  it('cron schedule - fall back: a fixed time in the repeated hour runs once, an hourly job on both hours', () => {
    // Europe/Berlin repeats 02:00-03:00 on 25 October 2026 (first CEST, UTC+2, then CET, UTC+1).
    const daily = new CronSchedule({ cron: '30 2 * * *', timeZone: 'Europe/Berlin' });
    expect(iso(daily.next(2, at('2026-10-24T12:00:00Z')))).toEqual([
      '2026-10-25T00:30:00.000Z',
      '2026-10-26T01:30:00.000Z',
    ]);
    const hourly = new CronSchedule({ cron: '0 * * * *', timeZone: 'Europe/Berlin' });
    expect(iso(hourly.next(3, at('2026-10-24T23:30:00Z')))).toEqual([
      '2026-10-25T00:00:00.000Z', // 02:00 CEST
      '2026-10-25T01:00:00.000Z', // 02:00 CET
      '2026-10-25T02:00:00.000Z', // 03:00 CET
    ]);
  });

  it('cron schedule - six fields schedule by the second; a due time equal to the start is not after it', () => {
    const s = new CronSchedule({ cron: '*/15 * * * * *', timeZone: 'UTC' });
    expect(iso(s.next(2, at('2026-01-01T00:00:15Z')))).toEqual([
      '2026-01-01T00:00:30.000Z',
      '2026-01-01T00:00:45.000Z',
    ]);
  });

  it('cron schedule - the due times between two instants are counted with the first, last and the one before', () => {
    const s = new CronSchedule({ cron: '0 * * * *', timeZone: 'UTC' });
    expect(s.dueBetween(at('2026-01-01T00:00:00Z'), at('2026-01-01T03:30:00Z'))).toEqual({
      count: 3,
      first: at('2026-01-01T01:00:00Z'),
      previous: at('2026-01-01T02:00:00Z'),
      last: at('2026-01-01T03:00:00Z'),
    });
    expect(s.dueBetween(at('2026-01-01T00:00:00Z'), at('2026-01-01T00:59:59Z'))).toEqual({ count: 0 });
    const perSecond = new CronSchedule({ cron: '* * * * * *', timeZone: 'UTC' });
    const far = perSecond.dueBetween(at('2026-01-01T00:00:00Z'), at('2026-01-02T00:00:00Z'), 100);
    expect(far).toMatchObject({ count: 100, last: at('2026-01-02T00:00:00Z'), previous: at('2026-01-01T23:59:59Z') });
  });

  it('cron schedule - four or seven fields, a bad field and an unknown zone are refused', () => {
    for (const schedule of [
      { cron: '* * * *', timeZone: 'UTC' },
      { cron: '* * * * * * *', timeZone: 'UTC' },
      { cron: '0 25 * * *', timeZone: 'UTC' },
      { cron: '0 2 * * *', timeZone: 'Europe/Nowhere' },
    ]) {
      expect(() => new CronSchedule(schedule), schedule.cron).toThrow();
    }
  });
});
