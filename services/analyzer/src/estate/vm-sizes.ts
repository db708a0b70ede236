/**
 * Sizes people deploy. Both ladders are the powers of two and 1.5 × the powers of two (1, 2, 3, 4, 6, 8, 12, 16, 24,
 * 32, 48, 64, …), the shapes of VM templates and cloud instance families; vCPU skips 3 (odd vCPU counts above 1 are
 * rare and awkward on two-socket hosts). A need is rounded UP to the next size, so the headroom is never eaten by rounding.
 */
export const VCPU_SIZES: readonly number[] = [1, 2, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768];

/** Memory sizes in GB. */
export const MEMORY_SIZES_GB: readonly number[] = [
  1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096, 6144,
];

const EPSILON = 1e-9;

/** The smallest size ≥ need (the largest size when the need is beyond the ladder). */
export function roundUpToSize(need: number, sizes: readonly number[]): number {
  for (const size of sizes) if (size + EPSILON >= need) return size;
  return sizes[sizes.length - 1]!;
}

/** vCPU count on the ladder for a need in cores (at least `min`). */
export function vcpuSize(cores: number, min = 1): number {
  return roundUpToSize(Math.max(cores, min), VCPU_SIZES);
}

/** Whole vCPUs for a need in cores (at least `min`). */
export function wholeVcpus(cores: number, min = 1): number {
  return Math.max(min, Math.ceil(cores - EPSILON));
}

/** Memory size in MB for a need in MB (at least `minMb`). */
export function memorySizeMb(needMb: number, minMb = 1024): number {
  return roundUpToSize(Math.max(needMb, minMb) / 1024, MEMORY_SIZES_GB) * 1024;
}

/** The next size above `current` (for up-sizing when the need cannot be measured, e.g. CPU ready). */
export function nextSize(current: number, sizes: readonly number[]): number {
  for (const size of sizes) if (size > current + EPSILON) return size;
  return sizes[sizes.length - 1]!;
}
