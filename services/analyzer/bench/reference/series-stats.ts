/**
 * Plain statistics over Float64Array series where NaN means "no sample". Written for the reference labels only
 * (independent of the analyzer's own code).
 */
import { STEPS_PER_HOUR } from './trace-time';

export function finiteValues(values: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) out.push(values[i]!);
  return out;
}

export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) {
      sum += v;
      n++;
    }
  }
  return n ? sum / n : Number.NaN;
}

export function max(values: ArrayLike<number>): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) if (values[i]! > m) m = values[i]!;
  return m === Number.NEGATIVE_INFINITY ? Number.NaN : m;
}

/**
 * Percentile p (0-100) by linear interpolation between order statistics (the default of numpy and R's type 7);
 * p = 100 is the maximum. NaN when there is no sample.
 */
export function percentile(values: ArrayLike<number>, p: number): number {
  const sorted = finiteValues(values).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

/** Share of the samples present (NaN excluded) that satisfy `test`; NaN when there is none. */
export function shareOf(values: ArrayLike<number>, test: (v: number) => boolean): number {
  let hit = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    n++;
    if (test(v)) hit++;
  }
  return n ? hit / n : Number.NaN;
}

export function countFinite(values: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) n++;
  return n;
}

/** The last `n` elements (all of them when the series is shorter). */
export function tail(values: Float64Array, n: number): Float64Array {
  return values.subarray(Math.max(0, values.length - n));
}

/** Aggregates consecutive blocks of `size` samples (NaN ignored; NaN when a block has none). */
export function blocks(values: Float64Array, size: number, reduce: 'mean' | 'max'): Float64Array {
  const out = new Float64Array(Math.ceil(values.length / size));
  for (let b = 0; b < out.length; b++) {
    const block = values.subarray(b * size, Math.min(values.length, (b + 1) * size));
    out[b] = reduce === 'mean' ? mean(block) : max(block);
  }
  return out;
}

/** Hourly series from 5-minute steps: the mean (or max) of each hour's samples. */
export const hourly = (fiveMinute: Float64Array, reduce: 'mean' | 'max') => blocks(fiveMinute, STEPS_PER_HOUR, reduce);

/** Pearson correlation over the pairs where both values are present; NaN with < 3 pairs or no variance. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  let sa = 0;
  let sb = 0;
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(a[i]!) && Number.isFinite(b[i]!)) {
      sa += a[i]!;
      sb += b[i]!;
      k++;
    }
  }
  if (k < 3) return Number.NaN;
  const ma = sa / k;
  const mb = sb / k;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(a[i]!) || !Number.isFinite(b[i]!)) continue;
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    cov += da * db;
    va += da * da;
    vb += db * db;
  }
  return va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : Number.NaN;
}

/**
 * Autocorrelation at `lag`, the "adjusted" estimator (statsmodels `acf(adjusted=True)`): the lagged covariance is
 * averaged over the pairs present and divided by the variance over the samples present, both around the series mean.
 * The unadjusted estimator divides by N and so cannot exceed (N - lag) / N: 0.5 at 168 h on two weeks, which would
 * make the "ACF at 168 h >= 0.6 with at least 2 weeks" unreachable. NaN without variance or with fewer than
 * `minPairs` pairs.
 */
export function autocorrelation(values: Float64Array, lag: number, minPairs = 24): number {
  const m = mean(values);
  if (!Number.isFinite(m)) return Number.NaN;
  let variance = 0;
  let n = 0;
  for (const v of values) {
    if (Number.isFinite(v)) {
      variance += (v - m) ** 2;
      n++;
    }
  }
  variance /= n;
  let cov = 0;
  let pairs = 0;
  for (let t = 0; t + lag < values.length; t++) {
    const a = values[t]!;
    const b = values[t + lag]!;
    if (Number.isFinite(a) && Number.isFinite(b)) {
      cov += (a - m) * (b - m);
      pairs++;
    }
  }
  if (pairs < minPairs || !(variance > 1e-12)) return Number.NaN;
  return cov / pairs / variance;
}

/** Least-squares line over the samples present: slope per index, intercept and R². */
export function linearFit(values: Float64Array): { slope: number; intercept: number; r2: number } {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) continue;
    n++;
    sx += i;
    sy += values[i]!;
  }
  if (n < 3) return { slope: Number.NaN, intercept: Number.NaN, r2: Number.NaN };
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < values.length; i++) {
    const y = values[i]!;
    if (!Number.isFinite(y)) continue;
    sxx += (i - mx) ** 2;
    sxy += (i - mx) * (y - my);
    syy += (y - my) ** 2;
  }
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx, r2: syy > 0 ? (sxy * sxy) / (sxx * syy) : 0 };
}

export const round = (v: number, digits = 3) => (Number.isFinite(v) ? Math.round(v * 10 ** digits) / 10 ** digits : v);
