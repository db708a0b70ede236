/**
 * FFT for the periodicity test. No FFT package is installed in the workspace, so this is a small one of our own:
 * iterative radix-2 Cooley-Tukey for powers of two, and Bluestein's chirp-z for any other length (hourly series of
 * 672 or 720 points), both on Float64Array pairs (re, im).
 */

const twiddleCache = new Map<number, { cos: Float64Array; sin: Float64Array }>();

function twiddles(n: number) {
  let t = twiddleCache.get(n);
  if (!t) {
    const cos = new Float64Array(n / 2);
    const sin = new Float64Array(n / 2);
    for (let i = 0; i < n / 2; i++) {
      cos[i] = Math.cos((2 * Math.PI * i) / n);
      sin[i] = -Math.sin((2 * Math.PI * i) / n);
    }
    t = { cos, sin };
    twiddleCache.set(n, t);
  }
  return t;
}

export const isPowerOfTwo = (n: number) => n > 0 && (n & (n - 1)) === 0;

/** In-place forward DFT (X_k = Σ x_t e^{-2πikt/n}) of a power-of-two length. */
export function fftRadix2(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  if (!isPowerOfTwo(n) || im.length !== n)
    throw new RangeError(`radix-2 FFT needs equal power-of-two lengths, got ${n}/${im.length}`);
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      let t = re[i]!;
      re[i] = re[j]!;
      re[j] = t;
      t = im[i]!;
      im[i] = im[j]!;
      im[j] = t;
    }
  }
  const { cos, sin } = twiddles(n);
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1;
    const step = n / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < half; k++) {
        const wr = cos[k * step]!;
        const wi = sin[k * step]!;
        const a = start + k;
        const b = a + half;
        const xr = re[b]! * wr - im[b]! * wi;
        const xi = re[b]! * wi + im[b]! * wr;
        re[b] = re[a]! - xr;
        im[b] = im[a]! - xi;
        re[a] = re[a]! + xr;
        im[a] = im[a]! + xi;
      }
    }
  }
}

interface BluesteinPlan {
  m: number;
  chirpRe: Float64Array;
  chirpIm: Float64Array;
  /** FFT of the conjugate chirp, zero-padded to m. */
  kernelRe: Float64Array;
  kernelIm: Float64Array;
}

const bluesteinCache = new Map<number, BluesteinPlan>();

function bluesteinPlan(n: number): BluesteinPlan {
  let plan = bluesteinCache.get(n);
  if (plan) return plan;
  let m = 1;
  while (m < 2 * n - 1) m <<= 1;
  const chirpRe = new Float64Array(n);
  const chirpIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    // k² mod 2n keeps the angle accurate for large k.
    const angle = (Math.PI * ((k * k) % (2 * n))) / n;
    chirpRe[k] = Math.cos(angle);
    chirpIm[k] = -Math.sin(angle);
  }
  const kernelRe = new Float64Array(m);
  const kernelIm = new Float64Array(m);
  kernelRe[0] = chirpRe[0]!;
  kernelIm[0] = -chirpIm[0]!;
  for (let k = 1; k < n; k++) {
    kernelRe[k] = kernelRe[m - k] = chirpRe[k]!;
    kernelIm[k] = kernelIm[m - k] = -chirpIm[k]!;
  }
  fftRadix2(kernelRe, kernelIm);
  plan = { m, chirpRe, chirpIm, kernelRe, kernelIm };
  bluesteinCache.set(n, plan);
  return plan;
}

/** Forward DFT of any length (returns new arrays); radix-2 when the length allows, Bluestein otherwise. */
export function fft(re: ArrayLike<number>, im?: ArrayLike<number>): { re: Float64Array; im: Float64Array } {
  const n = re.length;
  const outRe = Float64Array.from(re);
  const outIm = im ? Float64Array.from(im) : new Float64Array(n);
  if (n <= 1) return { re: outRe, im: outIm };
  if (isPowerOfTwo(n)) {
    fftRadix2(outRe, outIm);
    return { re: outRe, im: outIm };
  }
  const { m, chirpRe, chirpIm, kernelRe, kernelIm } = bluesteinPlan(n);
  const aRe = new Float64Array(m);
  const aIm = new Float64Array(m);
  for (let k = 0; k < n; k++) {
    aRe[k] = outRe[k]! * chirpRe[k]! - outIm[k]! * chirpIm[k]!;
    aIm[k] = outRe[k]! * chirpIm[k]! + outIm[k]! * chirpRe[k]!;
  }
  fftRadix2(aRe, aIm);
  for (let k = 0; k < m; k++) {
    const r = aRe[k]! * kernelRe[k]! - aIm[k]! * kernelIm[k]!;
    const i = aRe[k]! * kernelIm[k]! + aIm[k]! * kernelRe[k]!;
    // Inverse FFT via conjugation: conj(FFT(conj(x))) / m.
    aRe[k] = r;
    aIm[k] = -i;
  }
  fftRadix2(aRe, aIm);
  for (let k = 0; k < n; k++) {
    const r = aRe[k]! / m;
    const i = -aIm[k]! / m;
    outRe[k] = r * chirpRe[k]! - i * chirpIm[k]!;
    outIm[k] = r * chirpIm[k]! + i * chirpRe[k]!;
  }
  return { re: outRe, im: outIm };
}

/** Periodogram |X_k|² for k = 0..⌊n/2⌋ of a real series (mean removed first). */
export function periodogram(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i]!;
  mean /= n || 1;
  const centred = new Float64Array(n);
  for (let i = 0; i < n; i++) centred[i] = values[i]! - mean;
  const { re, im } = fft(centred);
  const out = new Float64Array(Math.floor(n / 2) + 1);
  for (let k = 0; k < out.length; k++) out[k] = re[k]! * re[k]! + im[k]! * im[k]!;
  return out;
}
