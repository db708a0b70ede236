import { describe, expect, it } from 'vitest';
import { autocorrelation, blocks, linearFit, pearson, percentile, shareOf } from './series-stats';

describe('reference statistics', () => {
  it('percentile - interpolates between order statistics and ignores gaps', () => {
    const values = Float64Array.from([5, Number.NaN, 1, 3, 2, 4]);
    expect(percentile(values, 50)).toBe(3);
    expect(percentile(values, 95)).toBeCloseTo(4.8, 10);
    expect(percentile(values, 100)).toBe(5);
    expect(percentile(Float64Array.from([Number.NaN]), 95)).toBeNaN();
  });

  it('shareOf - counts only samples present', () => {
    expect(shareOf(Float64Array.from([1, Number.NaN, 3, 5]), (v) => v < 4)).toBeCloseTo(2 / 3, 10);
  });

  it('blocks - mean and max per block, NaN for a block without samples', () => {
    const values = Float64Array.from([1, 3, Number.NaN, Number.NaN, 2]);
    expect(Array.from(blocks(values, 2, 'mean'))).toEqual([2, Number.NaN, 2]);
    expect(Array.from(blocks(values, 2, 'max'))).toEqual([3, Number.NaN, 2]);
  });

  it('autocorrelation - a pure weekly cycle over two weeks reaches 1 at 168 h (the adjusted estimator)', () => {
    const hours = Float64Array.from({ length: 336 }, (_, t) => Math.sin((2 * Math.PI * t) / 168));
    expect(autocorrelation(hours, 168)).toBeGreaterThan(0.99);
    expect(autocorrelation(hours, 84)).toBeLessThan(-0.9);
  });

  it('autocorrelation - skips gaps and is NaN for a flat series', () => {
    const hours = Float64Array.from({ length: 96 }, (_, t) => (t % 24 < 12 ? 10 : 0));
    hours[30] = Number.NaN;
    expect(autocorrelation(hours, 24)).toBeCloseTo(1, 1);
    expect(autocorrelation(new Float64Array(96).fill(3), 24)).toBeNaN();
  });

  it('pearson - over pairs present, NaN without variance', () => {
    expect(pearson([1, 2, 3, Number.NaN], [2, 4, 6, 1])).toBeCloseTo(1, 10);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNaN();
  });

  it('linearFit - recovers a line and its R²', () => {
    const fit = linearFit(Float64Array.from({ length: 10 }, (_, i) => 2 * i + 1));
    expect(fit.slope).toBeCloseTo(2, 10);
    expect(fit.intercept).toBeCloseTo(1, 10);
    expect(fit.r2).toBeCloseTo(1, 10);
  });
});
