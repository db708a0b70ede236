import { describe, expect, it } from 'vitest';
import { makeSeries, seededRandom } from './make-series';
import { follows, tidalReference } from './tidal-reference';

const dayShape = (hour: number) => Math.sin((2 * Math.PI * (hour - 8)) / 24);

describe('clearly tidal reference', () => {
  it('tidal - a daily tide of 30 points with noise is clearly tidal, daily', () => {
    const random = seededRandom(1);
    const tide = tidalReference(makeSeries(28, (_k, hour) => 30 + 15 * dayShape(hour) + 4 * (random() - 0.5)));
    expect(tide.label).toBe('tidal');
    expect(tide.daily.tidal).toBe(true);
    expect(tide.daily.swing).toBeGreaterThan(25);
    expect(tide.daily.acf).toBeGreaterThan(0.9);
    expect(tide.daily.shareFollowing).toBe(1);
  });

  it('tidal - business hours on weekdays only is a weekly tide, not a daily one (weekends do not follow)', () => {
    const random = seededRandom(2);
    const cpu = makeSeries(28, (_k, hour, day) => (day % 7 < 5 && hour >= 9 && hour < 18 ? 45 : 5) + random());
    const tide = tidalReference(cpu);
    expect(tide.label).toBe('tidal');
    expect(tide.daily.tidal).toBe(false);
    expect(tide.daily.cyclesFollowing).toBe(20);
    expect(tide.weekly.tidal).toBe(true);
    expect(tide.weekly.cyclesJudged).toBe(4);
  });

  it('tidal - two whole weeks are enough for a weekly tide (ACF at 168 h over two weeks reaches 0.6)', () => {
    const cpu = makeSeries(14, (_k, hour, day) => (day % 7 < 5 && hour >= 9 && hour < 18 ? 45 : 5));
    const tide = tidalReference(cpu);
    expect(tide.weekly.acf).toBeGreaterThan(0.9);
    expect(tide.weekly.tidal).toBe(true);
  });

  it('tidal - a week is compared with the other weeks: two different weeks do not follow each other', () => {
    const cpu = makeSeries(14, (_k, hour, day) => ((day < 7 ? day % 7 < 3 : day % 7 >= 4) && hour >= 9 ? 45 : 5));
    const tide = tidalReference(cpu);
    expect(tide.weekly.cyclesJudged).toBe(2);
    expect(tide.weekly.cyclesFollowing).toBe(0);
    expect(tide.weekly.tidal).toBe(false);
  });

  it('tidal - a swing of 6 points is not clearly tidal, and not clearly flat: ambiguous', () => {
    const tide = tidalReference(makeSeries(28, (_k, hour) => 10 + 3 * dayShape(hour)));
    expect(tide.daily.acf).toBeGreaterThan(0.9);
    expect(tide.label).toBe('ambiguous');
  });

  it('tidal - a tide on only half of the days is not clearly tidal', () => {
    const cpu = makeSeries(28, (_k, hour, day) => (day % 2 ? 30 + 20 * dayShape(hour) : 30));
    const tide = tidalReference(cpu);
    expect(tide.daily.shareFollowing).toBe(0.5);
    expect(tide.label).not.toBe('tidal');
  });

  it('tidal - a CPU tide above 100 % and gaps keep their verdict', () => {
    const cpu = makeSeries(21, (k, hour, day) => (day === 4 || k % 7 === 0 ? Number.NaN : 80 + 25 * dayShape(hour)));
    const tide = tidalReference(cpu);
    expect(tide.label).toBe('tidal');
    expect(tide.daily.cyclesJudged).toBe(20);
  });

  it('tidal - a single burst on a flat VM does not make a tide', () => {
    const tide = tidalReference(makeSeries(28, (k) => (k === 3000 ? 95 : 4)));
    expect(tide.daily.tidal).toBe(false);
    expect(tide.label).not.toBe('tidal');
  });

  it('tidal - under 3 whole days nothing is judged', () => {
    const tide = tidalReference(makeSeries(2.5, (_k, hour) => 30 + 20 * dayShape(hour)));
    expect(tide.label).toBe('ambiguous');
    expect(tide.daily.evaluated).toBe(false);
    expect(tide.why).toContain('needs 3');
  });
});

describe('clearly not tidal reference', () => {
  it('not tidal - a flat VM (profile within 3 points) is flat', () => {
    const random = seededRandom(3);
    const tide = tidalReference(makeSeries(28, () => 12 + 2 * random()));
    expect(tide.label).toBe('not_tidal');
    expect(tide.notTidal.flat).toBe(true);
  });

  it('not tidal - hourly noise of 20 points with no cycle is noisy', () => {
    const random = seededRandom(4);
    let level = 30;
    const cpu = makeSeries(28, (k) => {
      if (k % 12 === 0) level = 20 + 40 * random();
      return level;
    });
    const tide = tidalReference(cpu);
    expect(tide.label).toBe('not_tidal');
    expect(tide.notTidal.noisy).toBe(true);
  });

  it('not tidal - a steady climb from 10 % to 60 % is a trend, not a tide', () => {
    const random = seededRandom(5);
    const tide = tidalReference(makeSeries(28, (k) => 10 + (50 * k) / (28 * 288) + 3 * random()));
    expect(tide.label).toBe('not_tidal');
    expect(tide.notTidal.trending).toBe(true);
    expect(tide.daily.acf).toBeGreaterThan(0.6);
  });

  it('not tidal - a flat VM with a nightly job is left out (ambiguous), not called clearly not tidal', () => {
    const cpu = makeSeries(28, (k, hour) => (hour === 2 && k % 12 < 2 ? 15 : 1));
    expect(tidalReference(cpu, false).label).toBe('not_tidal');
    const withJob = tidalReference(cpu, true);
    expect(withJob.label).toBe('ambiguous');
    expect(withJob.why).toContain('recurring job');
  });

  it('follows - same shape and at least half the amplitude', () => {
    const profile = Array.from({ length: 24 }, (_, h) => 20 * dayShape(h));
    expect(
      follows(
        profile.map((v) => v * 0.6 + 5),
        profile,
      ),
    ).toBe(true);
    expect(
      follows(
        profile.map((v) => v * 2),
        profile,
      ),
    ).toBe(true);
    expect(
      follows(
        profile.map((v) => v * 0.3),
        profile,
      ),
    ).toBe(false);
    expect(
      follows(
        profile.map((v) => -v),
        profile,
      ),
    ).toBe(false);
  });
});
