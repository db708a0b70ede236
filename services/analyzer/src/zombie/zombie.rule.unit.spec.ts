import { describe, expect, it } from 'vitest';
import { DEFAULT_ZOMBIE_POLICY as policy } from '../policies/policy';
import type { VmActivity, VmUsageStats } from './zombie.query';
import { assessZombie, type VmFacts } from './zombie.rule';

const DAY = 86_400_000;
const now = Date.UTC(2026, 10, 25);
const vm: VmFacts = {
  connectionId: 'c',
  id: 'vm-1',
  name: 'app-1',
  powerState: 'poweredOn',
  isTemplate: false,
  cpuCount: 4,
  memoryMb: 8192,
  diskGb: 100,
  powerStateChangedAt: now - 90 * DAY,
};
const activity = (over: Partial<VmActivity>, usage: Partial<VmUsageStats> = {}): VmActivity => ({
  connectionId: 'c',
  entityId: 'vm-1',
  samples: 14 * 288,
  firstTs: now - 14 * DAY,
  lastTs: now,
  idleShare: 1,
  usage: { avgCpuPct: 1, p95CpuPct: 2, maxCpuPct: 3, avgDiskKbps: 2, avgNetKbps: 1, busyDays: 0, ...usage },
  ...over,
});

describe('zombie rule', () => {
  it('given idle CPU, disk and network for the whole window, then a zombie with high confidence and low risk', () => {
    const verdict = assessZombie(vm, activity({}), policy, now);
    expect(verdict).toMatchObject({ kind: 'zombie', reason: 'idle', riskLevel: 'low' });
    expect(verdict.kind === 'zombie' && verdict.confidence).toBeGreaterThan(0.9);
  });

  it('given a nightly backup (an hour a day busy), then still a zombie, at medium risk, with the busy days as evidence', () => {
    const verdict = assessZombie(
      vm,
      activity({ idleShare: 23 / 24 }, { avgCpuPct: 3, maxCpuPct: 60, busyDays: 14 }),
      policy,
      now,
    );
    expect(verdict).toMatchObject({ kind: 'zombie', riskLevel: 'medium', evidence: { busyDays: 14, cpuUsageMax: 60 } });
  });

  it('given idle less than the policy share of the time, then active, whatever the mean', () => {
    expect(assessZombie(vm, activity({ idleShare: 0.9 }, { avgCpuPct: 2 }), policy, now).kind).toBe('active');
  });

  it('given an idle VM whose usage figures were not read, then an error, not a finding without evidence', () => {
    expect(() => assessZombie(vm, activity({ usage: undefined }), policy, now)).toThrow(/usage of vm-1 was not read/);
  });

  it('confidence grows with the history and the margin', () => {
    const conf = (a: Partial<VmActivity>) => {
      const v = assessZombie(vm, activity(a), policy, now);
      return v.kind === 'zombie' ? v.confidence : 0;
    };
    expect(conf({ firstTs: now - 3 * DAY })).toBeLessThan(conf({}));
    expect(conf({ idleShare: 0.96 })).toBeLessThan(conf({ idleShare: 1 }));
  });

  it('given too little history, then skipped, saying how much there is', () => {
    const verdict = assessZombie(vm, activity({ firstTs: now - 20 * 3_600_000 }), policy, now);
    expect(verdict).toMatchObject({ kind: 'skipped', reason: expect.stringMatching(/20 h of history/) });
    expect(assessZombie(vm, undefined, policy, now).kind).toBe('skipped');
  });

  it('given a VM powered off for longer than the policy, then a zombie; for less, not', () => {
    const off = { ...vm, powerState: 'poweredOff' };
    expect(assessZombie({ ...off, powerStateChangedAt: now - 45 * DAY }, undefined, policy, now)).toMatchObject({
      kind: 'zombie',
      reason: 'powered-off',
    });
    expect(assessZombie({ ...off, powerStateChangedAt: now - 5 * DAY }, undefined, policy, now).kind).toBe('active');
    expect(assessZombie({ ...off, powerStateChangedAt: null }, undefined, policy, now).kind).toBe('skipped');
  });

  it('given a template, then skipped', () => {
    expect(assessZombie({ ...vm, isTemplate: true }, activity({}), policy, now)).toMatchObject({
      kind: 'skipped',
      reason: 'template',
    });
  });
});
