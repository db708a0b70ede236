import { describe, expect, it } from 'vitest';
import type { PlacedVm } from '../estate/vm';
import { DEFAULT_HEALTH_POLICY } from '../policies/policy';
import type { HostLoad } from './health.query';
import {
  assessClusterHealth,
  describeHealth,
  type HostCapacity,
  meanLoadStdDev,
  stdDev,
  summariseHost,
} from './health.rule';

const policy = DEFAULT_HEALTH_POLICY;
const HOURS = 14 * 24;
const host = (id: string, overrides: Partial<HostCapacity> = {}): HostCapacity => ({
  id,
  name: `esx-${id}`,
  clusterId: 'cl-1',
  cpuCores: 32,
  memoryMb: 262_144,
  powerState: 'poweredOn',
  ...overrides,
});
const load = (
  hostId: string,
  cpu: (h: number) => number,
  mem: (h: number) => number = () => 50,
  hours = HOURS,
): HostLoad => ({
  connectionId: 'c1',
  hostId,
  hours: Array.from({ length: hours }, (_, i) => 500_000 + i),
  cpu: Array.from({ length: hours }, (_, i) => cpu(i)),
  mem: Array.from({ length: hours }, (_, i) => mem(i)),
});
const vms = (count: number, cpuCount: number, memoryMb: number): PlacedVm[] =>
  Array.from({ length: count }, (_, i) => ({
    connectionId: 'c1',
    id: `vm-${i}`,
    name: `vm-${i}`,
    powerState: 'poweredOn',
    isTemplate: false,
    cpuCount,
    memoryMb,
    diskGb: 50,
    powerStateChangedAt: null,
    clusterId: 'cl-1',
    hostId: 'h1',
  }));
const loads = (...list: HostLoad[]) => new Map(list.map((l) => [l.hostId, l]));
const fourHosts = ['h1', 'h2', 'h3', 'h4'].map((id) => host(id));

describe('cluster health', () => {
  it('health - given even, moderate load and little overcommit, then healthy and raises nothing', () => {
    const verdict = assessClusterHealth(
      fourHosts,
      loads(...fourHosts.map((h, i) => load(h.id, () => 40 + i * 3))),
      vms(40, 4, 8192),
      policy,
    );
    expect(verdict.kind).toBe('assessed');
    if (verdict.kind !== 'assessed') return;
    expect(verdict.evidence).toMatchObject({
      level: 'healthy',
      hotspots: [],
      overcommitRisk: 0,
      hosts: 4,
      vcpuPerCore: 1.25,
    });
    expect(verdict.evidence.score).toBeGreaterThanOrEqual(90);
    expect(verdict.riskLevel).toBe('low');
  });

  it('health - given one host busy above 80 % all the time, then it is a hotspot and the cluster is not healthy', () => {
    const verdict = assessClusterHealth(
      fourHosts,
      loads(
        load('h1', () => 90),
        ...['h2', 'h3', 'h4'].map((id) => load(id, () => 35)),
      ),
      vms(40, 4, 8192),
      policy,
    );
    expect(verdict.kind === 'assessed' && verdict.evidence).toMatchObject({
      hotspots: ['esx-h1'],
      hotspotHostIds: ['h1'],
    });
    expect(verdict.kind === 'assessed' && verdict.evidence.level).not.toBe('healthy');
    expect(verdict.kind === 'assessed' && verdict.evidence.balanceScore).toBeLessThan(50);
  });

  it('health - given a short daily spike above 80 %, then the host is not a hotspot (sustained load only)', () => {
    const spiky = load('h1', (h) => (h % 24 === 10 ? 95 : 40));
    expect(summariseHost(host('h1'), spiky, policy)).toMatchObject({ hotspot: false, hotShare: 0.042 });
  });

  it('health - a host is hot on memory as well as on CPU', () => {
    expect(
      summariseHost(
        host('h1'),
        load(
          'h1',
          () => 30,
          () => 92,
        ),
        policy,
      ).hotspot,
    ).toBe(true);
  });

  it('health - given 7 vCPU per core and 1.3 × memory allocated, then overcommit risk shows and caps the score', () => {
    // 4 hosts × 32 cores = 128 cores; 224 VMs × 4 vCPU = 896 vCPU (7:1); 4 × 256 GB = 1 TB; 224 × 6 GB = 1.31 TB.
    const verdict = assessClusterHealth(
      fourHosts,
      loads(...fourHosts.map((h) => load(h.id, () => 50))),
      vms(224, 4, 6144),
      policy,
    );
    expect(verdict.kind === 'assessed' && verdict.evidence).toMatchObject({
      vcpuPerCore: 7,
      cpuOvercommitRisk: 0.75,
      memOvercommitRisk: 0.625,
      overcommitRisk: 0.75,
    });
    expect(verdict.kind === 'assessed' && verdict.evidence.level).toBe('warning');
  });

  it('health - given hotspots, imbalance and heavy overcommit together, then critical with high risk', () => {
    const verdict = assessClusterHealth(
      fourHosts,
      loads(
        load('h1', () => 95),
        load('h2', () => 92),
        load('h3', () => 10),
        load('h4', () => 12),
      ),
      vms(600, 4, 8192),
      policy,
    );
    expect(verdict.kind === 'assessed' && verdict.evidence.level).toBe('critical');
    expect(verdict.kind === 'assessed' && verdict.riskLevel).toBe('high');
  });

  it('health - powered-off VMs and templates do not count towards overcommit; powered-off hosts are left out', () => {
    const placed = vms(10, 8, 8192).map((v, i) =>
      i < 5 ? { ...v, powerState: 'poweredOff' } : i < 7 ? { ...v, isTemplate: true } : v,
    );
    const hosts = [...fourHosts, host('h5', { powerState: 'poweredOff' })];
    const verdict = assessClusterHealth(hosts, loads(...fourHosts.map((h) => load(h.id, () => 40))), placed, policy);
    expect(verdict.kind === 'assessed' && verdict.evidence).toMatchObject({
      poweredOnVms: 3,
      hosts: 4,
      vcpuPerCore: 0.19,
    });
  });

  it('health - given too little host history or no running host, then skipped', () => {
    expect(
      assessClusterHealth(
        fourHosts,
        loads(
          load(
            'h1',
            () => 40,
            () => 40,
            10,
          ),
        ),
        [],
        policy,
      ),
    ).toMatchObject({ kind: 'skipped' });
    expect(assessClusterHealth([host('h1', { powerState: 'poweredOff' })], new Map(), [], policy)).toMatchObject({
      kind: 'skipped',
      reason: 'no powered-on hosts',
    });
  });

  it('health - the balance spread is the mean over hours of the standard deviation of host load', () => {
    expect(stdDev([0.2, 0.4])).toBeCloseTo(0.1, 9);
    expect(stdDev([0.5])).toBeNaN();
    const spread = meanLoadStdDev(
      [
        load(
          'a',
          (h) => (h % 2 ? 20 : 40),
          () => 0,
          4,
        ),
        load(
          'b',
          () => 40,
          () => 0,
          4,
        ),
      ],
      (l) => l.cpu,
    );
    expect(spread.hours).toBe(4);
    expect(spread.std).toBeCloseTo(0.05, 9);
  });

  it('health - the conclusion names the hotspots and the recommendation the remedy', () => {
    const verdict = assessClusterHealth(
      fourHosts,
      loads(
        load('h1', () => 90),
        ...['h2', 'h3', 'h4'].map((id) => load(id, () => 35)),
      ),
      vms(40, 4, 8192),
      policy,
    );
    if (verdict.kind !== 'assessed') throw new Error('expected an assessment');
    const { conclusion, recommendation } = describeHealth('prod', verdict.evidence);
    expect(conclusion).toMatch(
      /^Cluster prod health 49.6\/100 \(critical\): 1 hotspot host\(s\): esx-h1; uneven host load/,
    );
    expect(recommendation).toMatch(/^Rebalance load/);
  });
});
