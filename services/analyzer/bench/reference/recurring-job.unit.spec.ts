import { describe, expect, it } from 'vitest';
import { makeSeries, seededRandom } from './make-series';
import { binomialTail, recurringJob } from './recurring-job';
import { STEPS_PER_HOUR } from './trace-time';

const quiet = (random: () => number) => 0.5 + 0.3 * random();

describe('recurring job reference', () => {
  it('recurring - a 10-minute nightly job at 02:00 on an idle VM is a daily job at 02h', () => {
    const random = seededRandom(1);
    const cpu = makeSeries(28, (k, hour) => (hour === 2 && k % STEPS_PER_HOUR < 2 ? 45 : quiet(random)));
    const job = recurringJob(cpu);
    expect(job.daily).toBe(true);
    expect(job.dailyHours.map((h) => h.hour)).toContain(2);
    expect(job.dailyHours.find((h) => h.hour === 2)!.shareOfDays).toBe(1);
    expect(job.weekly).toBe(false);
  });

  it('recurring - a job that drifts between 01h and 03h is still one daily job', () => {
    const random = seededRandom(2);
    const cpu = makeSeries(21, (k, hour, day) =>
      hour === 1 + (day % 3) && k % STEPS_PER_HOUR < 3 ? 30 : quiet(random),
    );
    const job = recurringJob(cpu);
    expect(job.daily).toBe(true);
    expect(job.dailyHours.map((h) => h.hour)).toContain(2);
  });

  it('recurring - a job on only a third of the days is not recurring', () => {
    const random = seededRandom(3);
    const cpu = makeSeries(27, (k, hour, day) => (day % 3 === 0 && hour === 4 && k % 12 < 2 ? 40 : quiet(random)));
    expect(recurringJob(cpu).daily).toBe(false);
  });

  it('recurring - a weekly Sunday 03:00 backup is a weekly job, not a daily one', () => {
    const random = seededRandom(4);
    const cpu = makeSeries(28, (_k, hour, day) => (day % 7 === 6 && hour === 3 ? 60 : quiet(random)));
    const job = recurringJob(cpu);
    expect(job.daily).toBe(false);
    expect(job.weekly).toBe(true);
    expect(job.weeklyHours.map((h) => h.hourOfWeek)).toContain(6 * 24 + 3);
    expect(job.why).toContain('Sun 03h');
  });

  it('recurring - flat, single burst, bursts at random hours and a level change are not jobs', () => {
    const random = seededRandom(5);
    expect(recurringJob(makeSeries(28, () => 3)).daily).toBe(false);
    const burst = recurringJob(makeSeries(28, (k) => (k === 4000 ? 90 : 1)));
    expect(burst.daily || burst.weekly).toBe(false);
    const scattered = recurringJob(makeSeries(28, () => (random() < 0.02 ? 50 : quiet(random))));
    expect(scattered.daily || scattered.weekly).toBe(false);
    const stepUp = recurringJob(makeSeries(28, (_k, _h, day) => (day < 12 ? 2 : 40) + random()));
    expect(stepUp.daily || stepUp.weekly).toBe(false);
  });

  it('recurring - bursts at every hour of the day are activity, not a job at similar hours', () => {
    const random = seededRandom(6);
    const cpu = makeSeries(28, (k) => (k % 7 === 0 ? 35 + 10 * random() : 2 + random()));
    expect(recurringJob(cpu).daily).toBe(false);
  });

  it('recurring - bursts in most hours, a little taller at 14h, do not make a 14h job', () => {
    const random = seededRandom(8);
    let burst = 0;
    const cpu = makeSeries(29, (k, hour) => {
      if (k % STEPS_PER_HOUR === 0) burst = random() < 0.9 ? Math.floor(random() * STEPS_PER_HOUR) : -1;
      if (k % STEPS_PER_HOUR !== burst) return 2.5 + random();
      return hour === 14 ? 38 + 8 * random() : 25 + 15 * random();
    });
    const job = recurringJob(cpu);
    expect(job.daily || job.weekly).toBe(false);
  });

  it('recurring - a 10h job on Fridays and on about half of the other days is not a Friday job', () => {
    const random = seededRandom(9);
    const jobDays = Array.from({ length: 28 }, (_, day) => day % 7 === 4 || random() < 0.45);
    const cpu = makeSeries(28, (k, hour, day) => (jobDays[day] && hour === 10 && k % 12 < 3 ? 40 : quiet(random)));
    expect(recurringJob(cpu).weekly).toBe(false);
  });

  it('recurring - load that steps up for good every Monday 10:00 (a growing service) is no weekly job', () => {
    const random = seededRandom(10);
    const level = (k: number) => 2 + 15 * Math.floor((k - 10 * STEPS_PER_HOUR) / (7 * 24 * STEPS_PER_HOUR));
    const cpu = makeSeries(28, (k) => Math.max(2, level(k)) + random());
    const job = recurringJob(cpu);
    expect(job.weekly).toBe(false);
    expect(job.why).toContain('no hour busy');
  });

  it('recurring - a job above 100 % CPU and gaps in the samples', () => {
    const random = seededRandom(7);
    const cpu = makeSeries(21, (k, hour, day) => {
      if (day === 5 || (day === 9 && hour < 12)) return Number.NaN;
      return hour === 22 && k % 12 < 4 ? 104 : quiet(random);
    });
    const job = recurringJob(cpu);
    expect(job.daily).toBe(true);
    expect(job.dailyHours.map((h) => h.hour)).toContain(22);
  });

  it('recurring - under 3 days there is no daily job, under 2 weeks no weekly one', () => {
    const cpu = makeSeries(2, (_k, hour) => (hour === 2 ? 50 : 0.5));
    expect(recurringJob(cpu).daily).toBe(false);
    const tenDays = recurringJob(makeSeries(10, (_k, hour, day) => (day % 7 === 6 && hour === 3 ? 60 : 0.5)));
    expect(tenDays.weekly).toBe(false);
    expect(tenDays.wholeWeeks).toBe(1);
  });

  it('binomialTail - matches hand-computed tails', () => {
    expect(binomialTail(4, 3, 0.5)).toBeCloseTo(5 / 16, 12);
    expect(binomialTail(4, 0, 0.3)).toBe(1);
    expect(binomialTail(4, 5, 0.3)).toBe(0);
    expect(binomialTail(10, 1, 0)).toBe(0);
  });
});
