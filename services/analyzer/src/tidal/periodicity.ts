import { probit } from 'simple-statistics';
import { mulberry32Advance, mulberry32Output } from './random';

/**
 * Building blocks of the periodicity test. Every function takes hourly series that may hold gaps (NaN): real
 * exports have collector outages, and dropping everything before the last long gap (as Crane does) throws away
 * weeks of a month for one bad night. Statistics use the observed points only.
 */

/** Linear-interpolated quantiles of the finite values (each q in 0..1), sorting once. */
export function quantiles(values: ArrayLike<number>, qs: number[]): number[] {
  const sorted = Float64Array.from(Array.from(values).filter(Number.isFinite)).sort();
  return qs.map((q) => {
    if (sorted.length === 0) return Number.NaN;
    const pos = q * (sorted.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
  });
}

export const quantile = (values: ArrayLike<number>, q: number): number => quantiles(values, [q])[0]!;

function finiteMean(values: ArrayLike<number>): { mean: number; count: number } {
  let sum = 0;
  let count = 0;
  for (let t = 0; t < values.length; t++) {
    const v = values[t]!;
    if (Number.isFinite(v)) {
      sum += v;
      count++;
    }
  }
  return { mean: count ? sum / count : Number.NaN, count };
}

/**
 * Sample autocorrelation at the given lags: mean and variance over the observed points (the usual biased
 * estimator), products over the pairs where both points are observed.
 */
export function autocorrelations(values: ArrayLike<number>, lags: number[]): number[] {
  const n = values.length;
  const { mean } = finiteMean(values);
  const centred = new Float64Array(n);
  let den = 0;
  for (let t = 0; t < n; t++) {
    centred[t] = values[t]! - mean;
    if (Number.isFinite(centred[t]!)) den += centred[t]! * centred[t]!;
  }
  return lags.map((lag) => {
    if (lag <= 0) return 1;
    if (lag >= n || !(den > 0)) return 0;
    let num = 0;
    for (let t = 0; t + lag < n; t++) {
      const p = centred[t]! * centred[t + lag]!;
      if (Number.isFinite(p)) num += p;
    }
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

const phaseOf = (t: number, firstPhase: number, period: number) => (((firstPhase + t) % period) + period) % period;

/** Mean value per phase (phase of point t = (firstPhase + t) mod period) over the observed points; NaN if none. */
export function foldProfile(values: ArrayLike<number>, period: number, firstPhase: number): Float64Array {
  const sums = new Float64Array(period);
  const counts = new Float64Array(period);
  let phase = phaseOf(0, firstPhase, period) - 1;
  for (let t = 0; t < values.length; t++) {
    phase = phase + 1 === period ? 0 : phase + 1;
    const v = values[t]!;
    if (!Number.isFinite(v)) continue;
    sums[phase]! += v;
    counts[phase]! += 1;
  }
  for (let p = 0; p < period; p++) sums[p] = counts[p]! > 0 ? sums[p]! / counts[p]! : Number.NaN;
  return sums;
}

/**
 * Share of the variance explained by the cycle profile, adjusted for the number of profile values (so a 168-value
 * weekly profile does not win by fitting noise): 1 - (SSres/(n-p)) / (SStot/(n-1)), floored at 0. This is the
 * seasonal-strength idea (F_S of STL, Hyndman) with the profile as the seasonal part.
 */
export function profileStrength(values: ArrayLike<number>, profile: Float64Array, firstPhase: number): number {
  const p = profile.length;
  const { mean, count: n } = finiteMean(values);
  if (n <= p + 1) return 0;
  let ssTot = 0;
  let ssRes = 0;
  for (let t = 0; t < values.length; t++) {
    const v = values[t]!;
    if (!Number.isFinite(v)) continue;
    ssTot += (v - mean) ** 2;
    ssRes += (v - profile[phaseOf(t, firstPhase, p)]!) ** 2;
  }
  if (ssTot === 0) return 0;
  return Math.max(0, 1 - ssRes / (n - p) / (ssTot / (n - 1)));
}

/**
 * The series minus its centred moving average over one period (the classical decomposition's trend: a 2 x period
 * average for an even period, whose weights cover exactly one cycle). What remains is the cycle and the noise; a
 * trend or a level shift is gone, so it can no longer pass for a cycle. A point is kept when each side of its window
 * is at least three quarters observed: a one-sided average of a trend is not the trend, so the ends are left out.
 */
export function removeMovingAverage(values: ArrayLike<number>, period: number): Float64Array {
  const n = values.length;
  const half = Math.floor(period / 2);
  const even = period % 2 === 0;
  // Prefix sums of the observed values and of their count, so each window costs O(1).
  const sum = new Float64Array(n + 1);
  const count = new Float64Array(n + 1);
  for (let t = 0; t < n; t++) {
    const v = values[t]!;
    const seen = Number.isFinite(v);
    sum[t + 1] = sum[t]! + (seen ? v : 0);
    count[t + 1] = count[t]! + (seen ? 1 : 0);
  }
  const range = (from: number, to: number) => {
    const a = Math.max(0, from);
    const b = Math.min(n, to);
    return b > a ? { s: sum[b]! - sum[a]!, c: count[b]! - count[a]! } : { s: 0, c: 0 };
  };
  const out = new Float64Array(n).fill(Number.NaN);
  const side = period / 2;
  for (let t = 0; t < n; t++) {
    if (!Number.isFinite(values[t]!)) continue;
    // Full weight within `inner` of t, half weight at the two ends of an even window.
    const inner = even ? half - 1 : half;
    const left = range(t - inner, t);
    const right = range(t + 1, t + inner + 1);
    let s = values[t]! + left.s + right.s;
    let w = 1 + left.c + right.c;
    let leftWeight = left.c;
    let rightWeight = right.c;
    if (even) {
      const before = values[t - half];
      const after = values[t + half];
      if (t - half >= 0 && Number.isFinite(before!)) {
        s += 0.5 * before!;
        w += 0.5;
        leftWeight += 0.5;
      }
      if (t + half < n && Number.isFinite(after!)) {
        s += 0.5 * after!;
        w += 0.5;
        rightWeight += 0.5;
      }
    }
    if (leftWeight >= 0.75 * side && rightWeight >= 0.75 * side) out[t] = values[t]! - s / w;
  }
  return out;
}

/** The series minus its least-squares line (over the observed points). */
export function removeLinearTrend(values: ArrayLike<number>): Float64Array {
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let t = 0; t < values.length; t++) {
    const y = values[t]!;
    if (!Number.isFinite(y)) continue;
    n++;
    sx += t;
    sy += y;
    sxx += t * t;
    sxy += t * y;
  }
  const den = n * sxx - sx * sx;
  const b = den === 0 ? 0 : (n * sxy - sx * sy) / den;
  const a = n ? (sy - b * sx) / n : 0;
  const out = new Float64Array(values.length);
  for (let t = 0; t < values.length; t++) out[t] = values[t]! - (a + b * t);
  return out;
}

/**
 * How many of the whole cycles (days, weeks) follow the profile: their values correlate with it at Pearson r of at
 * least `minR`. Cycles less than three quarters observed are not judged. A tide a person would call one repeats on
 * most days; a profile carried by a few extreme days does not.
 */
export function cyclesFollowing(
  values: ArrayLike<number>,
  profile: Float64Array,
  firstPhase: number,
  minR: number,
): { following: number; judged: number } {
  const period = profile.length;
  let following = 0;
  let judged = 0;
  for (let start = 0; start + period <= values.length; start += period) {
    // Pearson r of the cycle's values against the profile over the hours where both are known (two passes, no copies:
    // this runs for every day of every VM whose profile swings).
    let n = 0;
    let mx = 0;
    let my = 0;
    for (let t = start; t < start + period; t++) {
      const v = values[t]!;
      const p = profile[phaseOf(t, firstPhase, period)]!;
      if (!Number.isFinite(v) || !Number.isFinite(p)) continue;
      n++;
      mx += v;
      my += p;
    }
    if (n < 0.75 * period) continue;
    judged++;
    mx /= n;
    my /= n;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let t = start; t < start + period; t++) {
      const v = values[t]!;
      const p = profile[phaseOf(t, firstPhase, period)]!;
      if (!Number.isFinite(v) || !Number.isFinite(p)) continue;
      sxy += (v - mx) * (p - my);
      sxx += (v - mx) ** 2;
      syy += (p - my) ** 2;
    }
    const r = sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
    if (r >= minR) following++;
  }
  return { following, judged };
}

/**
 * Kruskal-Wallis H of the observed values grouped by phase: do the phases (hours of the day, of the week) differ?
 * It is the rank permutation test of the cycle at one fixed period, whose permutation distribution is known (chi
 * square with groups - 1 degrees of freedom), so no shuffles are needed; ties get their average rank, with the usual
 * correction. Crane's test takes the maximum power over every frequency because it searches for a period; here the
 * two periods are fixed in advance, and the maximum over frequencies made the test 6 to 12 times too strict on real
 * traces.
 */
export function kruskalWallis(
  values: ArrayLike<number>,
  period: number,
  firstPhase: number,
): { h: number; groups: number } {
  const order = ascendingOrder(values);
  const n = order.length;
  if (n < 2) return { h: 0, groups: 0 };
  const rankSums = new Float64Array(period);
  const counts = new Float64Array(period);
  let ties = 0;
  // Runs of equal values share their average rank (ranks are whole or half numbers: the sums are exact).
  for (let i = 0; i < n;) {
    const v = values[order[i]!]!;
    let j = i;
    while (j + 1 < n && values[order[j + 1]!] === v) j++;
    const rank = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) {
      const phase = phaseOf(order[k]!, firstPhase, period);
      rankSums[phase]! += rank;
      counts[phase]! += 1;
    }
    const size = j - i + 1;
    ties += size ** 3 - size;
    i = j + 1;
  }
  let sum = 0;
  let groups = 0;
  for (let p = 0; p < period; p++) {
    if (counts[p]! === 0) continue;
    groups++;
    sum += rankSums[p]! ** 2 / counts[p]!;
  }
  const h = (12 / (n * (n + 1))) * sum - 3 * (n + 1);
  const correction = 1 - ties / (n ** 3 - n);
  return { h: correction > 0 ? h / correction : 0, groups };
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);

/**
 * The positions of the finite values, in ascending order of value. Each value becomes a 64-bit key that orders as the
 * value does (its IEEE bits with the sign folded), with its lowest bits replaced by its position, and the keys are
 * sorted natively as BigUint64: twice as fast as sorting the doubles, and no search per value afterwards, which made
 * the ranking most of the tidal analysis's own time. Values that differ only in the replaced bits (a relative
 * difference under 2^-32) are put back in value order after the sort.
 */
export function ascendingOrder(values: ArrayLike<number>): Uint32Array {
  let n = 0;
  for (let t = 0; t < values.length; t++) if (Number.isFinite(values[t]!)) n++;
  const order = new Uint32Array(n);
  const bits = Math.max(1, Math.ceil(Math.log2(values.length)));
  if (!LITTLE_ENDIAN || bits > 20) {
    for (let t = 0, i = 0; t < values.length; t++) if (Number.isFinite(values[t]!)) order[i++] = t;
    return order.sort((a, b) => values[a]! - values[b]!);
  }
  const keys = new BigUint64Array(n);
  const words = new Uint32Array(keys.buffer);
  for (let t = 0, i = 0; t < values.length; t++) {
    const v = values[t]!;
    if (!Number.isFinite(v)) continue;
    scratch[0] = v;
    let low = scratchWords[0]!;
    let high = scratchWords[1]!;
    if (high >>> 31) {
      high = ~high >>> 0;
      low = ~low >>> 0;
    } else high = (high | 0x80000000) >>> 0;
    words[2 * i] = (((low >>> bits) << bits) | t) >>> 0;
    words[2 * i + 1] = high;
    i++;
  }
  keys.sort();
  const mask = (1 << bits) - 1;
  for (let i = 0; i < n; i++) order[i] = words[2 * i]! & mask;
  // Keys equal but for the position: the values may still differ in the replaced bits.
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && words[2 * j + 3] === words[2 * i + 1] && words[2 * j + 2]! >>> bits === words[2 * i]! >>> bits)
      j++;
    if (j > i) order.subarray(i, j + 1).sort((a, b) => values[a]! - values[b]!);
    i = j + 1;
  }
  return order;
}

/**
 * The chi-square quantile (Wilson-Hilferty: accurate to a fraction of a percent from 10 degrees of freedom; the
 * tests here have 23 or 167).
 */
export function chiSquareQuantile(degreesOfFreedom: number, p: number): number {
  const k = degreesOfFreedom;
  const z = probit(p);
  return k * (1 - 2 / (9 * k) + z * Math.sqrt(2 / (9 * k))) ** 3;
}

/** Peak-to-trough of the phase means (`counts` points per phase, phases with none skipped). */
function spreadOfMeans(sums: Float64Array, counts: Float64Array): number {
  let min = Infinity;
  let max = -Infinity;
  for (let p = 0; p < sums.length; p++) {
    if (counts[p]! === 0) continue;
    const mean = sums[p]! / counts[p]!;
    if (mean < min) min = mean;
    if (mean > max) max = mean;
  }
  return max - min;
}

/**
 * Permutation test of the profile's peak-to-trough: the share of `shuffles` random reorderings of the observed
 * points whose phase means swing at least as far as the real ones (with the usual +1 so the p-value is never 0).
 * Kruskal-Wallis weighs every phase alike and has little power when one hour a day differs (a nightly job over a
 * week); the swing is what such a pattern changes.
 *
 * The reorderings are Fisher-Yates shuffles driven by the stream of `seededRng(seed)`, stepped here without its
 * closure, with the phase sums taken as each position is settled: with the closure and a second pass per shuffle,
 * this loop was half of the tidal analysis's own time on a 10,000-VM estate.
 */
export function swingPermutationP(
  values: ArrayLike<number>,
  period: number,
  firstPhase: number,
  shuffles: number,
  seed: number,
): number {
  let n = 0;
  for (let t = 0; t < values.length; t++) if (Number.isFinite(values[t]!)) n++;
  const points = new Float64Array(n);
  const phases = new Uint16Array(n);
  const counts = new Float64Array(period);
  const sums = new Float64Array(period);
  for (let t = 0, i = 0; t < values.length; t++) {
    const v = values[t]!;
    if (!Number.isFinite(v)) continue;
    const phase = phaseOf(t, firstPhase, period);
    points[i] = v;
    phases[i++] = phase;
    counts[phase]! += 1;
    sums[phase]! += v;
  }
  const swing = spreadOfMeans(sums, counts);
  let state = seed >>> 0;
  let atLeast = 0;
  for (let s = 0; s < shuffles; s++) {
    sums.fill(0);
    for (let i = n - 1; i > 0; i--) {
      state = mulberry32Advance(state);
      const j = Math.floor(mulberry32Output(state) * (i + 1));
      const settled = points[j]!;
      points[j] = points[i]!;
      points[i] = settled;
      sums[phases[i]!]! += settled;
    }
    if (n > 0) sums[phases[0]!]! += points[0]!;
    if (spreadOfMeans(sums, counts) >= swing) atLeast++;
  }
  return (atLeast + 1) / (shuffles + 1);
}
