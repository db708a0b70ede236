import { describe, expect, it } from 'vitest';
import { MEMORY_SIZES_GB, memorySizeMb, nextSize, roundUpToSize, VCPU_SIZES, vcpuSize } from './vm-sizes';

describe('deployable sizes', () => {
  it('sizes - a CPU need is rounded up to the next vCPU size', () => {
    expect([0.2, 1, 1.01, 2.5, 4.8, 6.01, 9, 13].map((need) => vcpuSize(need))).toEqual([1, 1, 2, 4, 6, 8, 12, 16]);
  });

  it('sizes - a memory need is rounded up to the next memory size, never below the minimum', () => {
    expect(memorySizeMb(300)).toBe(1024);
    expect(memorySizeMb(2100)).toBe(3072);
    expect(memorySizeMb(5000)).toBe(6144);
    expect(memorySizeMb(9000)).toBe(12_288);
    expect(memorySizeMb(300, 2048)).toBe(2048);
  });

  it('sizes - a need beyond the ladder gets the largest size', () => {
    expect(roundUpToSize(10_000, VCPU_SIZES)).toBe(768);
    expect(memorySizeMb(1e9)).toBe(MEMORY_SIZES_GB.at(-1)! * 1024);
  });

  it('sizes - the next size is strictly above the current one, also for off-ladder sizes', () => {
    expect(nextSize(4, VCPU_SIZES)).toBe(6);
    expect(nextSize(3, VCPU_SIZES)).toBe(4);
    expect(nextSize(1, VCPU_SIZES)).toBe(2);
  });
});
