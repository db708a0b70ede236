import { DEFAULT_SETTINGS, type RightsizeEvidence } from '@justfit/events';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RIGHTSIZE_POLICY } from '../policies/policy';
import type { VmFacts } from '../estate/vm';
import type { VmUsage } from './rightsize.query';
import { assessRightsize, describeRightsize, riskFromHeadroom, rightsizeSavings, sizeFor } from './rightsize.rule';
import { vcpuSize } from '../estate/vm-sizes';

const policy = DEFAULT_RIGHTSIZE_POLICY;
const vm = (overrides: Partial<VmFacts> = {}): VmFacts => ({
  connectionId: 'c1',
  id: 'vm-1',
  name: 'app-1',
  powerState: 'poweredOn',
  isTemplate: false,
  cpuCount: 8,
  memoryMb: 16_384,
  diskGb: 100,
  powerStateChangedAt: null,
  ...overrides,
});
const usage = (overrides: Partial<VmUsage> = {}): VmUsage => ({
  connectionId: 'c1',
  entityId: 'vm-1',
  days: 30,
  daysWithSamples: 30,
  firstDay: 0,
  lastDay: 29 * 86_400_000,
  cpuSamples: 8640,
  cpuAvgPct: 20,
  cpuUsagePctile: 40,
  cpuMaxPct: 70,
  readyAvgPct: 2,
  readyPctile: 4,
  memSamples: 8640,
  memActiveMaxMb: 6000,
  memActiveP99Mb: 5000,
  memConsumedMaxMb: 12_000,
  memConsumedP99Mb: 11_000,
  memActiveHourlyMaxMb: Number.NaN,
  memConsumedHourlyMaxMb: Number.NaN,
  ...overrides,
});

describe('right-size rule', () => {
  it('right-size - given an oversized VM, when assessed, then it shrinks to the demand percentile plus headroom, rounded up', () => {
    const verdict = assessRightsize(
      vm(),
      usage({ cpuUsagePctile: 10, cpuMaxPct: 20, readyPctile: 4, memActiveMaxMb: 2900, memActiveHourlyMaxMb: 2700 }),
      policy,
    );
    expect(verdict.kind).toBe('resize');
    if (verdict.kind !== 'resize') return;
    // CPU: 10 % + 4/8 % ready per vCPU = 10.5 % of 8 vCPU = 0.84 cores; × 1.2 = 1.008 → 2 vCPU. Memory: highest hourly average 2700 × 1.2 = 3240 MB → 4 GB.
    expect(verdict.evidence.recommended).toEqual({ vcpu: 2, mem: 4096 });
    expect(verdict.evidence.cpuDemandCores).toBe(0.84);
    expect(verdict.evidence.utilization).toEqual({ cpuP95: 10.5, memP95: 16.48 });
    expect(verdict.evidence).toMatchObject({
      cpuDirection: 'down',
      memDirection: 'down',
      currentConfig: { vcpu: 8, mem: 16_384 },
    });
    expect(verdict.riskLevel).toBe('low');
    expect(describeRightsize(verdict.evidence).recommendation).toBe('Resize from 8 vCPU / 16 GB to 2 vCPU / 4 GB.');
  });

  it('right-size - given a saturated VM whose ready time carries the unmet demand, when assessed, then it grows', () => {
    // 2 vCPU at 100 % usage and 60 % ready summed over both vCPUs (30 % each): demand 130 % = 2.6 cores; × 1.2 = 3.12 → 4.
    const verdict = assessRightsize(
      vm({ cpuCount: 2, memoryMb: 4096 }),
      usage({ cpuUsagePctile: 100, readyPctile: 60, readyAvgPct: 8, memActiveMaxMb: 3000 }),
      policy,
    );
    expect(verdict.kind === 'resize' && verdict.evidence.recommended).toEqual({ vcpu: 4, mem: 4096 });
    expect(verdict.kind === 'resize' && verdict.evidence.cpuDirection).toBe('up');
  });

  it('right-size - given sustained CPU ready above 5 % per vCPU, when usage looks fine, then it still gets the next size and medium risk', () => {
    const verdict = assessRightsize(
      vm({ cpuCount: 4, memoryMb: 8192 }),
      usage({ cpuUsagePctile: 40, readyPctile: 30, readyAvgPct: 24, memActiveMaxMb: 6000 }),
      policy,
    );
    expect(verdict.kind).toBe('resize');
    if (verdict.kind !== 'resize') return;
    expect(verdict.evidence.cpuContention).toBe(true);
    expect(verdict.evidence.recommended.vcpu).toBe(5);
    expect(verdict.riskLevel).toBe('medium');
    const ladder = assessRightsize(
      vm({ cpuCount: 4, memoryMb: 8192 }),
      usage({ cpuUsagePctile: 40, readyPctile: 30, readyAvgPct: 24, memActiveMaxMb: 6000 }),
      { ...policy, vcpuRounding: 'ladder' },
    );
    expect(ladder.kind === 'resize' && ladder.evidence.recommended.vcpu).toBe(6);
    expect(describeRightsize(verdict.evidence).recommendation).toMatch(/host contention/);
  });

  it('right-size - given a nightly peak the percentile leaves out, when shrunk below it, then medium risk and a warning', () => {
    const verdict = assessRightsize(
      vm({ cpuCount: 8, memoryMb: 16_384 }),
      usage({ cpuUsagePctile: 5, cpuMaxPct: 70, readyPctile: 0, memActiveMaxMb: 3000 }),
      policy,
    );
    expect(verdict).toMatchObject({ kind: 'resize', riskLevel: 'medium', evidence: { cpuPeakCores: 5.6 } });
    expect(verdict.kind === 'resize' && describeRightsize(verdict.evidence).recommendation).toMatch(
      /busiest minutes reach 5.6 cores/,
    );
  });

  it('right-size - given a VM whose need rounds up to its size, when assessed, then it fits and raises nothing', () => {
    // 70 % of 4 vCPU = 2.8 cores, × 1.2 = 3.36 → 4; 6000 MB × 1.2 = 7200 MB → 8 GB.
    const verdict = assessRightsize(
      vm({ cpuCount: 4, memoryMb: 8192 }),
      usage({ cpuUsagePctile: 70, readyPctile: 0, memActiveMaxMb: 6000 }),
      policy,
    );
    expect(verdict.kind).toBe('fit');
  });

  it('right-size - given an off-ladder allocation that covers the need, when rounding would go above it, then the allocation is kept', () => {
    expect(sizeFor(9000, 10_240, (need) => need + 3000)).toBe(10_240);
    expect(sizeFor(2.5, 3, vcpuSize)).toBe(3);
    expect(sizeFor(1.5, 3, vcpuSize)).toBe(2);
    expect(sizeFor(3.5, 3, vcpuSize)).toBe(4);
  });

  it('right-size - given the p99 memory policy, when the maximum is a single spike, then the p99 sizes memory', () => {
    const verdict = assessRightsize(vm(), usage({ cpuUsagePctile: 10, memActiveMaxMb: 12_000, memActiveP99Mb: 3000 }), {
      ...policy,
      memoryPeak: 'p99',
    });
    expect(verdict.kind === 'resize' && verdict.evidence.recommended.mem).toBe(4096);
  });

  it('right-size - given too little history, a template or a powered-off VM, then the VM is skipped with the reason', () => {
    expect(assessRightsize(vm(), usage({ days: 3 }), policy)).toEqual({
      kind: 'skipped',
      reason: 'only 3 days of history; at least 7 needed',
    });
    expect(assessRightsize(vm({ isTemplate: true }), usage(), policy)).toMatchObject({
      kind: 'skipped',
      reason: 'template',
    });
    expect(assessRightsize(vm({ powerState: 'poweredOff' }), usage(), policy)).toMatchObject({
      kind: 'skipped',
      reason: 'powered off',
    });
    expect(assessRightsize(vm(), undefined, policy)).toMatchObject({ kind: 'skipped' });
  });

  it('right-size - given no memory samples, when CPU is oversized, then memory is kept and confidence is lower', () => {
    const withMemory = assessRightsize(vm(), usage({ cpuUsagePctile: 10 }), policy);
    const without = assessRightsize(
      vm(),
      usage({ cpuUsagePctile: 10, memSamples: 0, memActiveMaxMb: Number.NaN }),
      policy,
    );
    expect(without.kind === 'resize' && without.evidence.recommended.mem).toBe(16_384);
    expect(
      without.kind === 'resize' && withMemory.kind === 'resize' && without.confidence < withMemory.confidence,
    ).toBe(true);
  });

  it('right-size - confidence grows with the days of history', () => {
    const confidence = (days: number) => {
      const v = assessRightsize(vm(), usage({ days, cpuUsagePctile: 10 }), policy);
      return v.kind === 'resize' ? v.confidence : 0;
    };
    expect(confidence(7)).toBeLessThan(confidence(15));
    expect(confidence(15)).toBeLessThan(confidence(30));
    expect(confidence(60)).toBe(confidence(30));
  });

  it('right-size - the risk follows the headroom the new size leaves on the dimensions that change', () => {
    // CPU: 41.25 % of 8 vCPU = 3.3 cores, × 1.2 = 3.96 → 4 vCPU, leaving 17.5 %: medium. Memory 2700 → 4 GB leaves 34 %.
    const verdict = assessRightsize(vm(), usage({ cpuUsagePctile: 41.25, readyPctile: 0, memActiveMaxMb: 2700 }), {
      ...policy,
      memoryPeak: 'max',
    });
    expect(verdict.kind === 'resize' && verdict.evidence.cpuHeadroomLeft).toBe(0.175);
    expect(verdict.kind === 'resize' && verdict.riskLevel).toBe('medium');
    expect([0.5, 0.3, 0.2, 0.1, 0.05].map(riskFromHeadroom)).toEqual(['low', 'low', 'medium', 'medium', 'high']);
  });

  it('right-size - savings are the cores and memory given back, priced; growing costs money', () => {
    const evidence = {
      currentConfig: { vcpu: 8, mem: 16_384 },
      recommended: { vcpu: 2, mem: 4096 },
    } as RightsizeEvidence;
    expect(rightsizeSavings(evidence, DEFAULT_SETTINGS.currencyAndPrices)).toEqual({
      cpuCores: 6,
      memoryMb: 12_288,
      diskGb: 0,
      amount: 6 * 18 + 12 * 4.5,
    });
    const grow = { currentConfig: { vcpu: 2, mem: 4096 }, recommended: { vcpu: 4, mem: 4096 } } as RightsizeEvidence;
    expect(rightsizeSavings(grow, DEFAULT_SETTINGS.currencyAndPrices).amount).toBe(-36);
  });
});
