import { describe, expect, it } from 'vitest';
import { periodogram } from './fft';
import {
  acfPeak,
  autocorrelation,
  binPower,
  foldProfile,
  permutationThreshold,
  profileStrength,
  quantile,
  rankThreshold,
  ranks,
} from './periodicity';
import { seededRng } from './random';

const cycle = (n: number, period: number, noise = 0, seed = 1) => {
  const rng = seededRng(seed);
  return Float64Array.from(
    { length: n },
    (_, t) => 10 + 5 * Math.sin((2 * Math.PI * t) / period) + noise * (rng() - 0.5),
  );
};

describe('periodicity building blocks', () => {
  it('periodicity - ranks are a permutation of 0..n-1 that keeps the order of distinct values', () => {
    expect([...ranks([3.5, 1, 2, 10], seededRng(1))]).toEqual([2, 0, 1, 3]);
    const tied = ranks([5, 5, 5, 5, 1], seededRng(3));
    expect([...tied].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(tied[4]).toBe(0);
  });

  it('periodicity - ties are broken at random but the same seed gives the same ranks', () => {
    const flat = new Float64Array(200).fill(1);
    expect([...ranks(flat, seededRng(9))]).toEqual([...ranks(flat, seededRng(9))]);
    expect([...ranks(flat, seededRng(9))]).not.toEqual([...ranks(flat, seededRng(10))]);
  });

  it('periodicity - the power at one bin equals the periodogram at that bin', () => {
    const values = cycle(672, 24, 3);
    expect(binPower(values, 28)).toBeCloseTo(periodogram(values)[28]!, 6);
    expect(binPower(values, 4)).toBeCloseTo(periodogram(values)[4]!, 6);
  });

  it('periodicity - the permutation threshold is reproducible from its seed', () => {
    const values = cycle(240, 24, 3);
    const a = permutationThreshold(values, 50, 0.99, seededRng(5));
    expect(permutationThreshold(values, 50, 0.99, seededRng(5))).toBe(a);
    expect(a).toBeGreaterThan(0);
  });

  it('periodicity - a real cycle beats the rank threshold; shuffled noise does not', () => {
    const n = 672;
    const threshold = rankThreshold(n, 100, 0.99, 1);
    expect(rankThreshold(n, 100, 0.99, 1)).toBe(threshold);
    expect(binPower(ranks(cycle(n, 24, 4), seededRng(1)), 28)).toBeGreaterThan(threshold);
    const rng = seededRng(4);
    const noise = Float64Array.from({ length: n }, () => rng());
    expect(binPower(ranks(noise, seededRng(1)), 28)).toBeLessThan(threshold);
  });

  it('periodicity - the ACF peaks at the period of a cycle and not at a lag off the period', () => {
    const values = cycle(672, 24, 2);
    expect(acfPeak(values, 24, 4)).toMatchObject({ peak: true });
    expect(acfPeak(values, 24, 4).acf).toBeGreaterThan(0.8);
    expect(acfPeak(values, 36, 4).peak).toBe(false);
    expect(autocorrelation(values, 12)).toBeLessThan(-0.8);
  });

  it('periodicity - the folded profile is the mean per phase, aligned by the first phase', () => {
    const values = [1, 2, 3, 11, 12, 13];
    expect([...foldProfile(values, 3, 0)]).toEqual([6, 7, 8]);
    expect([...foldProfile(values, 3, 1)]).toEqual([8, 6, 7]);
  });

  it('periodicity - profile strength is 1 for an exact cycle and about 0 for noise', () => {
    const exact = cycle(672, 24);
    expect(profileStrength(exact, foldProfile(exact, 24, 0), 0)).toBeCloseTo(1, 6);
    const rng = seededRng(8);
    const noise = Float64Array.from({ length: 672 }, () => rng());
    expect(profileStrength(noise, foldProfile(noise, 24, 0), 0)).toBeLessThan(0.05);
  });

  it('periodicity - quantile interpolates between order statistics', () => {
    expect(quantile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4, 5], 0.99)).toBeCloseTo(4.96, 6);
  });
});
