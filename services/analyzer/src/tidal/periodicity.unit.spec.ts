import { describe, expect, it } from 'vitest';
import {
  acfPeak,
  ascendingOrder,
  autocorrelation,
  chiSquareQuantile,
  cyclesFollowing,
  foldProfile,
  kruskalWallis,
  profileStrength,
  quantile,
  removeLinearTrend,
  removeMovingAverage,
  swingPermutationP,
} from './periodicity';
import { seededRng } from './random';

const cycle = (n: number, period: number, noise = 0, seed = 1) => {
  const rng = seededRng(seed);
  return Float64Array.from(
    { length: n },
    (_, t) => 10 + 5 * Math.sin((2 * Math.PI * t) / period) + noise * (rng() - 0.5),
  );
};
const noise = (n: number, seed: number) => {
  const rng = seededRng(seed);
  return Float64Array.from({ length: n }, () => rng());
};

describe('periodicity building blocks', () => {
  it('periodicity - the ACF peaks at the period of a cycle and not at a lag off the period', () => {
    const values = cycle(672, 24, 2);
    expect(acfPeak(values, 24, 4)).toMatchObject({ peak: true });
    expect(acfPeak(values, 24, 4).acf).toBeGreaterThan(0.8);
    expect(acfPeak(values, 36, 4).peak).toBe(false);
    expect(autocorrelation(values, 12)).toBeLessThan(-0.8);
  });

  it('periodicity - gaps do not break the ACF: a cycle with a missing week still peaks at its period', () => {
    const values = cycle(672, 24, 2);
    values.fill(Number.NaN, 200, 368);
    const { acf, peak } = acfPeak(values, 24, 4);
    expect(peak).toBe(true);
    expect(acf).toBeGreaterThan(0.6);
  });

  it('periodicity - the folded profile is the mean per phase over observed points, aligned by the first phase', () => {
    const values = [1, 2, 3, 11, 12, 13];
    expect([...foldProfile(values, 3, 0)]).toEqual([6, 7, 8]);
    expect([...foldProfile(values, 3, 1)]).toEqual([8, 6, 7]);
    expect([...foldProfile([1, Number.NaN, 3, 11, Number.NaN, 13], 3, 0)].map(String)).toEqual(['6', 'NaN', '8']);
  });

  it('periodicity - profile strength is 1 for an exact cycle and about 0 for noise', () => {
    const exact = cycle(672, 24);
    expect(profileStrength(exact, foldProfile(exact, 24, 0), 0)).toBeCloseTo(1, 6);
    const random = noise(672, 8);
    expect(profileStrength(random, foldProfile(random, 24, 0), 0)).toBeLessThan(0.05);
  });

  it('periodicity - removing the moving average takes a trend away and keeps the cycle', () => {
    const trending = Float64Array.from(cycle(672, 24), (v, t) => v + t * 0.5);
    const left = removeMovingAverage(trending, 24);
    const observed = [...left].filter(Number.isFinite);
    expect(observed.length).toBeGreaterThan(640);
    expect(Math.max(...observed)).toBeLessThan(6);
    expect(Math.min(...observed)).toBeGreaterThan(-6);
    expect(autocorrelation(left, 24)).toBeGreaterThan(0.9);
    // A trend alone correlates with itself at every lag; without it nothing is left.
    const trendOnly = Float64Array.from({ length: 672 }, (_, t) => t * 0.5);
    expect(autocorrelation(trendOnly, 24)).toBeGreaterThan(0.8);
    const flat = removeMovingAverage(trendOnly, 24);
    expect([...flat.subarray(12, 660)].every((v) => Math.abs(v) < 1e-9)).toBe(true);
    expect([...flat].filter(Number.isFinite).every((v) => Math.abs(v) < 1)).toBe(true);
  });

  it('periodicity - removing a linear trend leaves a line flat', () => {
    const line = Float64Array.from({ length: 100 }, (_, t) => 3 + 2 * t);
    expect([...removeLinearTrend(line)].every((v) => Math.abs(v) < 1e-9)).toBe(true);
  });

  it('periodicity - cycles following: days that repeat the profile count, a flat or reversed day does not', () => {
    const values = cycle(24 * 5, 24);
    values.fill(10, 48, 72); // a flat day
    for (let t = 72; t < 96; t++) values[t] = 20 - values[t]!; // a reversed day
    const profile = foldProfile(values, 24, 0);
    expect(cyclesFollowing(values, profile, 0, 0.5)).toEqual({ following: 3, judged: 5 });
    values.fill(Number.NaN, 0, 10); // less than three quarters observed: not judged
    expect(cyclesFollowing(values, foldProfile(values, 24, 0), 0, 0.5).judged).toBe(4);
  });

  it('periodicity - Kruskal-Wallis: a cycle gives an H far above the 1 % quantile, noise does not', () => {
    const critical = chiSquareQuantile(23, 0.99);
    expect(critical).toBeCloseTo(41.64, 0);
    expect(kruskalWallis(cycle(672, 24, 4), 24, 0).h).toBeGreaterThan(10 * critical);
    let above = 0;
    for (let seed = 1; seed <= 100; seed++) if (kruskalWallis(noise(672, seed), 24, 0).h > critical) above++;
    // The test's false-positive rate on noise is its significance level (1 %), give or take chance.
    expect(above).toBeLessThanOrEqual(4);
  });

  it('periodicity - Kruskal-Wallis counts ties by their average rank and ignores gaps', () => {
    const flat = new Float64Array(48).fill(3);
    expect(kruskalWallis(flat, 24, 0).h).toBe(0);
    const gappy = cycle(672, 24, 4);
    gappy.fill(Number.NaN, 100, 200);
    expect(kruskalWallis(gappy, 24, 0)).toMatchObject({ groups: 24 });
  });

  it('periodicity - swing permutation: a one-hour job on a week of idle days is significant, noise is not', () => {
    const rng = seededRng(3);
    const spiky = Float64Array.from({ length: 168 }, (_, t) => (t % 24 === 2 ? 40 : 1) + rng());
    expect(kruskalWallis(spiky, 24, 0).h).toBeLessThan(chiSquareQuantile(23, 0.99));
    expect(swingPermutationP(spiky, 24, 0, 199, 1)).toBeLessThanOrEqual(0.01);
    expect(swingPermutationP(noise(168, 5), 24, 0, 199, 1)).toBeGreaterThan(0.05);
  });

  it('periodicity - Kruskal-Wallis H equals the textbook computation with ties and gaps', () => {
    for (const seed of [1, 2, 3]) {
      const rng = seededRng(seed);
      // Rounded to whole points so that many values tie; a gap of a day and a half.
      const values = Float64Array.from({ length: 500 }, (_, t) => Math.round(5 * Math.sin(t / 4) + 3 * rng()));
      values.fill(Number.NaN, 200, 236);
      const expected = textbookKruskalWallis(values, 24, 7);
      expect(kruskalWallis(values, 24, 7).h).toBeCloseTo(expected, 9);
      expect(kruskalWallis(values, 168, 100).h).toBeCloseTo(textbookKruskalWallis(values, 168, 100), 9);
    }
  });

  it('periodicity - ascending order puts every finite value in value order, near-equal and signed ones too', () => {
    const rng = seededRng(9);
    const base = 1234.5678;
    const values = Float64Array.from({ length: 700 }, (_, t) => {
      if (t % 50 === 0) return Number.NaN;
      if (t % 7 === 0) return base * (1 + (rng() - 0.5) * 1e-14); // differ only in the lowest mantissa bits
      if (t % 11 === 0) return t % 2 ? -0 : 0;
      return (rng() - 0.5) * 200;
    });
    const order = ascendingOrder(values);
    const finite = [...values.keys()].filter((t) => Number.isFinite(values[t]!));
    expect([...order].sort((a, b) => a - b)).toEqual(finite);
    for (let i = 1; i < order.length; i++) expect(values[order[i]!]!).toBeGreaterThanOrEqual(values[order[i - 1]!]!);
  });

  it('periodicity - swing permutation p-value equals shuffling with seededRng, gaps skipped', () => {
    for (const seed of [1, 7, 42]) {
      const series = cycle(400, 24, 30, seed);
      series.fill(Number.NaN, 50, 80);
      for (const period of [24, 168]) {
        expect(swingPermutationP(series, period, 5, 99, seed)).toBe(
          referenceSwingP(series, period, 5, 99, seededRng(seed)),
        );
      }
    }
  });

  it('periodicity - chi-square quantiles match the tables', () => {
    expect(chiSquareQuantile(167, 0.99)).toBeCloseTo(212.43, 0);
    expect(chiSquareQuantile(10, 0.95)).toBeCloseTo(18.31, 0);
  });

  it('periodicity - quantile interpolates between order statistics and skips gaps', () => {
    expect(quantile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4, 5], 0.99)).toBeCloseTo(4.96, 6);
    expect(quantile([1, Number.NaN, 3], 0.5)).toBe(2);
  });
});

/** H from its definition: ranks by counting (ties averaged), the tie correction, observed points only. */
function textbookKruskalWallis(values: Float64Array, period: number, firstPhase: number): number {
  const points = [...values].flatMap((v, t) => (Number.isFinite(v) ? [{ v, phase: (firstPhase + t) % period }] : []));
  const n = points.length;
  const rank = (v: number) => {
    const below = points.filter((p) => p.v < v).length;
    const equal = points.filter((p) => p.v === v).length;
    return below + (equal + 1) / 2;
  };
  const groups = new Map<number, number[]>();
  for (const p of points) groups.set(p.phase, [...(groups.get(p.phase) ?? []), rank(p.v)]);
  let sum = 0;
  for (const ranks of groups.values()) sum += ranks.reduce((a, b) => a + b, 0) ** 2 / ranks.length;
  const h = (12 / (n * (n + 1))) * sum - 3 * (n + 1);
  const sizes = new Map<number, number>();
  for (const p of points) sizes.set(p.v, (sizes.get(p.v) ?? 0) + 1);
  const ties = [...sizes.values()].reduce((a, t) => a + t ** 3 - t, 0);
  return h / (1 - ties / (n ** 3 - n));
}

/** The permutation test written plainly: Fisher-Yates with the generator, then the phase means, per shuffle. */
function referenceSwingP(
  values: Float64Array,
  period: number,
  firstPhase: number,
  shuffles: number,
  rng: () => number,
): number {
  const points: number[] = [];
  const phases: number[] = [];
  values.forEach((v, t) => {
    if (!Number.isFinite(v)) return;
    points.push(v);
    phases.push((firstPhase + t) % period);
  });
  const swing = () => {
    const means = Array.from({ length: period }, (_, p) => {
      const mine = points.filter((_, i) => phases[i] === p);
      return mine.length ? mine.reduce((a, b) => a + b, 0) / mine.length : Number.NaN;
    }).filter(Number.isFinite);
    return Math.max(...means) - Math.min(...means);
  };
  const observed = swing();
  let atLeast = 0;
  for (let s = 0; s < shuffles; s++) {
    for (let i = points.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [points[i], points[j]] = [points[j]!, points[i]!];
    }
    if (swing() >= observed) atLeast++;
  }
  return (atLeast + 1) / (shuffles + 1);
}
