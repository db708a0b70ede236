import { describe, expect, it } from 'vitest';
import { fft, fftRadix2, periodogram } from './fft';
import { seededRng } from './random';

function naiveDft(values: number[]) {
  const n = values.length;
  return values.map((_, k) => {
    let re = 0;
    let im = 0;
    values.forEach((v, t) => {
      re += v * Math.cos((2 * Math.PI * k * t) / n);
      im -= v * Math.sin((2 * Math.PI * k * t) / n);
    });
    return [re, im] as const;
  });
}

const randomValues = (n: number, seed: number) => {
  const rng = seededRng(seed);
  return Array.from({ length: n }, () => rng() * 10 - 5);
};

describe('fft', () => {
  it.each([8, 64, 1024])('fft - radix-2 of length %i matches the direct DFT', (n) => {
    const values = randomValues(n, n);
    const { re, im } = fft(values);
    naiveDft(values).forEach(([r, i], k) => {
      expect(re[k]).toBeCloseTo(r, 6);
      expect(im[k]).toBeCloseTo(i, 6);
    });
  });

  it.each([7, 24, 672, 720])('fft - Bluestein of length %i matches the direct DFT', (n) => {
    const values = randomValues(n, n);
    const { re, im } = fft(values);
    naiveDft(values).forEach(([r, i], k) => {
      expect(re[k]).toBeCloseTo(r, 6);
      expect(im[k]).toBeCloseTo(i, 6);
    });
  });

  it('fft - radix-2 refuses a length that is not a power of two', () => {
    expect(() => fftRadix2(new Float64Array(6), new Float64Array(6))).toThrow(RangeError);
  });

  it('fft - the periodogram of a pure cycle has all its power at the cycle bin', () => {
    const n = 672;
    const values = Array.from({ length: n }, (_, t) => 5 + 3 * Math.cos((2 * Math.PI * 28 * t) / n));
    const power = periodogram(values);
    expect(power.length).toBe(337);
    expect(power[28]).toBeCloseTo(((3 * n) / 2) ** 2, 3);
    const others = [...power].filter((_, k) => k !== 28);
    expect(Math.max(...others)).toBeLessThan(1e-6);
  });
});
