import { periodogram } from './fft';
import { type Rng, seededRng, shuffleInPlace } from './random';

/**
 * Building blocks of the periodicity test, after Tencent Crane's DSP predictor: a candidate period is significant when
 * the periodogram power at its bin beats the P99 of the maximum power of shuffled copies of the series, and confirmed
 * when the autocorrelation peaks at its lag.
 *
 * The test runs on the ranks of the series (ties broken at random with a seeded RNG). Ranks make it robust to spikes,
 * and a permutation of ranks 0..n-1 does not depend on the data: the shuffled maximum-power distribution is the same
 * for every series of length n, so the threshold is computed once per (n, shuffles, quantile, seed) and cached. The
 * test is the same permutation test, not an approximation of it.
 */

/** Ranks 0..n-1 of the values; equal values get their ranks in a random (seeded) order, so the ranks are a permutation. */
export function ranks(values: ArrayLike<number>, rng: Rng): Float64Array {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  shuffleInPlace(order, rng);
  const taken = new Uint32Array(n);
  const out = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const t = order[j]!;
    const lo = lowerBound(sorted, values[t]!);
    out[t] = lo + taken[lo]!;
    taken[lo]! += 1;
  }
  return out;
}

function lowerBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const binTables = new Map<string, { cos: Float64Array; sin: Float64Array }>();

/** |X_k|² of the mean-removed series at one bin (k cycles over the series), by direct summation: O(n). */
export function binPower(values: ArrayLike<number>, k: number): number {
  const n = values.length;
  const key = `${n}:${k}`;
  let table = binTables.get(key);
  if (!table) {
    const cos = new Float64Array(n);
    const sin = new Float64Array(n);
    for (let t = 0; t < n; t++) {
      const angle = (2 * Math.PI * ((k * t) % n)) / n;
      cos[t] = Math.cos(angle);
      sin[t] = Math.sin(angle);
    }
    table = { cos, sin };
    binTables.set(key, table);
  }
  let mean = 0;
  for (let t = 0; t < n; t++) mean += values[t]!;
  mean /= n;
  let re = 0;
  let im = 0;
  for (let t = 0; t < n; t++) {
    const v = values[t]! - mean;
    re += v * table.cos[t]!;
    im -= v * table.sin[t]!;
  }
  return re * re + im * im;
}

/** Linear-interpolated quantiles of unsorted values (each q in 0..1), sorting once. */
export function quantiles(values: ArrayLike<number>, qs: number[]): number[] {
  const sorted = Float64Array.from(values).sort();
  return qs.map((q) => {
    if (sorted.length === 0) return Number.NaN;
    const pos = q * (sorted.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
  });
}

export const quantile = (values: ArrayLike<number>, q: number): number => quantiles(values, [q])[0]!;

/**
 * Permutation threshold: shuffle the series `shuffles` times, take the maximum periodogram power over bins k ≥ 2 of
 * each shuffle, and return the `q` quantile of those maxima (Crane: 100 shuffles, P99).
 */
export function permutationThreshold(values: ArrayLike<number>, shuffles: number, q: number, rng: Rng): number {
  const copy = Float64Array.from(values);
  const maxima = new Float64Array(shuffles);
  for (let s = 0; s < shuffles; s++) {
    shuffleInPlace(copy, rng);
    const power = periodogram(copy);
    let max = 0;
    for (let k = 2; k < power.length; k++) if (power[k]! > max) max = power[k]!;
    maxima[s] = max;
  }
  return quantile(maxima, q);
}

const rankThresholds = new Map<string, number>();

/** The permutation threshold of a rank series of length n (cached: it depends only on n and the test settings). */
export function rankThreshold(n: number, shuffles: number, q: number, seed: number): number {
  const key = `${n}:${shuffles}:${q}:${seed}`;
  let threshold = rankThresholds.get(key);
  if (threshold === undefined) {
    const base = new Float64Array(n);
    for (let i = 0; i < n; i++) base[i] = i;
    threshold = permutationThreshold(base, shuffles, q, seededRng(seed ^ n));
    rankThresholds.set(key, threshold);
  }
  return threshold;
}

/** Sample autocorrelation at the given lags (mean and variance of the whole series, the usual biased estimator). */
export function autocorrelations(values: ArrayLike<number>, lags: number[]): number[] {
  const n = values.length;
  let mean = 0;
  for (let t = 0; t < n; t++) mean += values[t]!;
  mean /= n;
  const centred = new Float64Array(n);
  let den = 0;
  for (let t = 0; t < n; t++) {
    centred[t] = values[t]! - mean;
    den += centred[t]! * centred[t]!;
  }
  return lags.map((lag) => {
    if (lag <= 0) return 1;
    if (lag >= n || den === 0) return 0;
    let num = 0;
    for (let t = 0; t + lag < n; t++) num += centred[t]! * centred[t + lag]!;
    return num / den;
  });
}

export const autocorrelation = (values: ArrayLike<number>, lag: number): number => autocorrelations(values, [lag])[0]!;

/**
 * Whether the ACF peaks at `lag` (Crane): a least-squares line over lags [lag-w, lag] rises and one over
 * [lag, lag+w] falls. Returns the ACF at the lag too.
 */
export function acfPeak(values: ArrayLike<number>, lag: number, window: number): { acf: number; peak: boolean } {
  const w = Math.max(1, Math.floor(window));
  const acfs = autocorrelations(
    values,
    Array.from({ length: 2 * w + 1 }, (_, i) => lag - w + i),
  );
  const left = slope(acfs.slice(0, w + 1));
  const right = slope(acfs.slice(w));
  return { acf: acfs[w]!, peak: left > 0 && right < 0 };
}

function slope(ys: number[]): number {
  const n = ys.length;
  const xMean = (n - 1) / 2;
  const yMean = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  ys.forEach((y, x) => {
    num += (x - xMean) * (y - yMean);
    den += (x - xMean) ** 2;
  });
  return den === 0 ? 0 : num / den;
}

/** Mean value per phase (phase of point t = (firstPhase + t) mod period). Phases never observed are NaN. */
export function foldProfile(values: ArrayLike<number>, period: number, firstPhase: number): Float64Array {
  const sums = new Float64Array(period);
  const counts = new Float64Array(period);
  for (let t = 0; t < values.length; t++) {
    const phase = (((firstPhase + t) % period) + period) % period;
    sums[phase]! += values[t]!;
    counts[phase]! += 1;
  }
  for (let p = 0; p < period; p++) sums[p] = counts[p]! > 0 ? sums[p]! / counts[p]! : Number.NaN;
  return sums;
}

/**
 * Share of the variance explained by the cycle profile, adjusted for the number of profile values (so a 168-value
 * weekly profile does not win by fitting noise): 1 - (SSres/(n-p)) / (SStot/(n-1)), floored at 0. This is the
 * seasonal-strength idea (F_S of STL) with the profile as the seasonal part.
 */
export function profileStrength(values: ArrayLike<number>, profile: Float64Array, firstPhase: number): number {
  const n = values.length;
  const p = profile.length;
  if (n <= p + 1) return 0;
  let mean = 0;
  for (let t = 0; t < n; t++) mean += values[t]!;
  mean /= n;
  let ssTot = 0;
  let ssRes = 0;
  for (let t = 0; t < n; t++) {
    const phase = (((firstPhase + t) % p) + p) % p;
    ssTot += (values[t]! - mean) ** 2;
    ssRes += (values[t]! - profile[phase]!) ** 2;
  }
  if (ssTot === 0) return 0;
  return Math.max(0, 1 - ssRes / (n - p) / (ssTot / (n - 1)));
}
