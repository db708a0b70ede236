import { describe, expect, it } from 'vitest';
import { DEFAULT_ZOMBIE_POLICY as policy } from '../policies/policy';
import type { HourlyActivity } from './activity';
import type { VmIdleness, VmUsageStats } from './zombie.query';
import type { VmFacts } from '../estate/vm';
import { assessZombie, describeZombie } from './zombie.rule';

const DAY = 86_400_000;
const asOf = Date.UTC(2026, 10, 23);
const vm: VmFacts = {
  connectionId: 'c',
  id: 'vm-1',
  name: 'app-1',
  powerState: 'poweredOn',
  isTemplate: false,
  cpuCount: 4,
  memoryMb: 8192,
  diskGb: 100,
  powerStateChangedAt: asOf - 90 * DAY,
};

function quietHours(days = 14): HourlyActivity {
  const n = days * 24;
  const startHour = asOf / 3_600_000 - n;
  return {
    startHour,
    cpuMax: Float64Array.from({ length: n }, (_, i) => 0.4 + 0.1 * Math.sin(i)),
    diskKBps: new Float64Array(n).fill(10),
    netKBps: new Float64Array(n).fill(0.3),
  };
}

const idleness = (over: Partial<VmIdleness> = {}, usage: Partial<VmUsageStats> = {}): VmIdleness => ({
  connectionId: 'c',
  entityId: 'vm-1',
  samples: 14 * 288,
  firstTs: asOf - 14 * DAY,
  lastTs: asOf,
  gcpIdleCpuShare: 1,
  azureIdleCpuShare: 1,
  netSamples: 14 * 288,
  gcpIdleNetShare: 1,
  usage: {
    avgCpuPct: 0.4,
    p95CpuPct: 0.5,
    maxCpuPct: 0.6,
    avgDiskKbps: 10,
    avgNetKbps: 0.3,
    avgMemActiveMb: 300,
    recentMaxAvgCpuPct: 0.5,
    hourly: quietHours(),
    ...usage,
  },
  ...over,
});

describe('zombie rule', () => {
  it('zombie - given a VM idle by both published rules, quiet and with little active memory, then a zombie at low risk', () => {
    const verdict = assessZombie(vm, idleness(), policy, asOf);
    expect(verdict).toMatchObject({ kind: 'zombie', reason: 'idle', riskLevel: 'low' });
    expect(verdict.kind === 'zombie' && verdict.confidence).toBeGreaterThan(0.9);
    expect(verdict.kind === 'zombie' && verdict.evidence.rules).toMatchObject({
      gcpIdleVm: { idle: true },
      azureShutdown: { idle: true },
    });
    expect(verdict.kind === 'zombie' && describeZombie(verdict.evidence).conclusion).toMatch(
      /^Idle over 14 days: CPU under 0.03 vCPU 100% of the time \(GCP\); P95 CPU 0.5%.*\(Azure\); no recurring job/,
    );
  });

  it('zombie - given a job every night (idle 98 % of the time by GCP), then not a zombie: a recurring job is work', () => {
    const hourly = quietHours();
    for (let d = 0; d < 14; d++) hourly.cpuMax[d * 24 + 2] = 45;
    const verdict = assessZombie(
      vm,
      idleness({ gcpIdleCpuShare: 0.98, azureIdleCpuShare: 0.98 }, { hourly, recentMaxAvgCpuPct: 40 }),
      policy,
      asOf,
    );
    expect(verdict).toMatchObject({ kind: 'active', because: 'recurring-job' });
    expect(verdict.kind === 'active' && verdict.detail).toMatch(/around 02:00 UTC on 14 of 14 days/);
  });

  it('zombie - given activity at different hours on most days, then not a zombie: somebody uses it', () => {
    const hourly = quietHours();
    for (let d = 0; d < 14; d++) if (d % 3 !== 0) hourly.cpuMax[d * 24 + ((d * 5) % 24)] = 30;
    expect(assessZombie(vm, idleness({ gcpIdleCpuShare: 0.99 }, { hourly }), policy, asOf)).toMatchObject({
      kind: 'active',
      because: 'used-most-days',
    });
  });

  it('zombie - given a lightly but steadily used VM (4 % of 4 vCPU), then idle by neither rule: not a zombie', () => {
    const verdict = assessZombie(vm, idleness({ gcpIdleCpuShare: 0.01, azureIdleCpuShare: 0.05 }), policy, asOf);
    expect(verdict).toMatchObject({ kind: 'active', because: 'busy' });
  });

  it('zombie - given idle CPU but steady network traffic, then not a zombie', () => {
    expect(assessZombie(vm, idleness({ gcpIdleNetShare: 0.2 }), policy, asOf)).toMatchObject({
      kind: 'active',
      because: 'network-active',
    });
  });

  it('zombie - given idle CPU but active memory above the line, then not a zombie', () => {
    expect(assessZombie(vm, idleness({}, { avgMemActiveMb: 4000 }), policy, asOf)).toMatchObject({
      kind: 'active',
      because: 'memory-active',
    });
  });

  it('zombie - idle by GCP only (a short recent peak breaks Azure’s 2 % line), then a zombie at medium risk', () => {
    const verdict = assessZombie(vm, idleness({}, { recentMaxAvgCpuPct: 6 }), policy, asOf);
    expect(verdict).toMatchObject({ kind: 'zombie', riskLevel: 'medium' });
    expect(verdict.kind === 'zombie' && verdict.evidence.rules?.azureShutdown.idle).toBe(false);
  });

  it('zombie - GCP’s line is per vCPU: 1 % of 8 vCPU is 0.08 vCPU, not idle by GCP', () => {
    const verdict = assessZombie(
      { ...vm, cpuCount: 8 },
      idleness({ gcpIdleCpuShare: 0.1 }, { recentMaxAvgCpuPct: 6 }),
      policy,
      asOf,
    );
    expect(verdict).toMatchObject({ kind: 'active', because: 'busy' });
  });

  it('zombie - idle by Azure’s rule on the averages but not by GCP’s, then not a zombie: the averages hide the peaks Azure reads', () => {
    expect(assessZombie({ ...vm, cpuCount: 8 }, idleness({ gcpIdleCpuShare: 0.5 }), policy, asOf)).toMatchObject({
      kind: 'active',
      because: 'busy',
    });
  });

  it('zombie - with the vCPU count unknown, both rules must hold', () => {
    const unknown = { ...vm, cpuCount: 0 };
    expect(assessZombie(unknown, idleness(), policy, asOf)).toMatchObject({ kind: 'zombie', evidence: { vcpu: null } });
    expect(assessZombie(unknown, idleness({}, { recentMaxAvgCpuPct: 6 }), policy, asOf)).toMatchObject({
      kind: 'active',
      because: 'busy',
    });
  });

  it('zombie - without memory figures the rule still judges, with less confidence and at medium risk', () => {
    const full = assessZombie(vm, idleness(), policy, asOf);
    const blind = assessZombie(vm, idleness({}, { avgMemActiveMb: null }), policy, asOf);
    expect(blind).toMatchObject({ kind: 'zombie', riskLevel: 'medium', evidence: { memActiveAvgPct: null } });
    expect(blind.kind === 'zombie' && full.kind === 'zombie' && blind.confidence < full.confidence).toBe(true);
  });

  it('zombie - given an idle VM whose usage figures were not read, then an error, not a finding without evidence', () => {
    expect(() => assessZombie(vm, idleness({ usage: undefined }), policy, asOf)).toThrow(/usage of vm-1 was not read/);
  });

  it('zombie - given too little history, then skipped, saying how much there is', () => {
    const verdict = assessZombie(vm, idleness({ firstTs: asOf - 3 * DAY }), policy, asOf);
    expect(verdict).toMatchObject({ kind: 'skipped', reason: expect.stringMatching(/only 3 days of history/) });
    expect(assessZombie(vm, undefined, policy, asOf).kind).toBe('skipped');
  });

  it('zombie - given a VM powered off for longer than the policy before the data ends, then a zombie; for less, not', () => {
    const off = { ...vm, powerState: 'poweredOff' };
    expect(assessZombie({ ...off, powerStateChangedAt: asOf - 45 * DAY }, undefined, policy, asOf)).toMatchObject({
      kind: 'zombie',
      reason: 'powered-off',
    });
    expect(assessZombie({ ...off, powerStateChangedAt: asOf - 5 * DAY }, undefined, policy, asOf).kind).toBe('active');
    expect(assessZombie({ ...off, powerStateChangedAt: null }, undefined, policy, asOf).kind).toBe('skipped');
  });

  it('zombie - given a template, then skipped', () => {
    expect(assessZombie({ ...vm, isTemplate: true }, idleness(), policy, asOf)).toMatchObject({
      kind: 'skipped',
      reason: 'template',
    });
  });
});
