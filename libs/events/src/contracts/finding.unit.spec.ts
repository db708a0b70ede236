import { describe, expect, it } from 'vitest';
import { decodeEvent, newEvent } from '../envelope';
import { FindingBody } from './finding';
import { isRecordedEvidence, type HealthEvidence } from './finding-evidence';

const health: HealthEvidence = {
  score: 42,
  balanceScore: 30,
  overcommitRisk: 0.6,
  hotspots: ['esx-1'],
  level: 'critical',
  hotspotHostIds: ['host-1'],
  hotspotScore: 0,
  cpuLoadStdDev: 0.3,
  memLoadStdDev: 0.1,
  vcpuPerCore: 5,
  memAllocRatio: 1.4,
  cpuOvercommitRisk: 0.6,
  memOvercommitRisk: 0.4,
  hosts: 2,
  hostsWithLoad: 2,
  poweredOnVms: 40,
  hoursAnalysed: 336,
  hostLoads: [{ hostId: 'host-1', name: 'esx-1', avgCpuPct: 91, avgMemPct: null, hotShare: 0.8, hotspot: true }],
};
const common = {
  findingId: 'health-c-cl-1',
  connectionId: 'c',
  entityType: 'cluster',
  entityId: 'cl-1',
  entityName: 'prod',
  conclusion: 'Cluster prod health 42/100 (critical).',
  confidence: 0.9,
  recommendation: 'Rebalance.',
  riskLevel: 'high',
  savings: { cpuCores: 0, memoryMb: 0, diskGb: 0, amount: 0 },
  policy: { name: 'health-default', version: 1 },
  runId: 'run-1',
  analysedAt: 1,
} as const;

/** A FindingRaised as an analyser stored it before the evidence had a contract (zombie evidence of that time). */
const storedBeforeTyping = JSON.stringify({
  specversion: '1.0',
  id: 'e-1',
  source: '/justfit/analyzer',
  type: 'io.justfit.FindingRaised.v1',
  subject: 'zombie-c-vm-1',
  time: '2026-11-25T10:00:00.000Z',
  datacontenttype: 'application/json',
  traceid: 't',
  data: {
    ...common,
    findingId: 'zombie-c-vm-1',
    analysisType: 'zombie',
    entityType: 'vm',
    entityId: 'vm-1',
    evidence: { cpuUsageAvg: 0.4, idleShare: 0.99, busyDays: 0, diskIoAvgKbps: 3 },
  },
});

describe('finding contract', () => {
  it('finding - the evidence of each analysis type round-trips through the bus typed', () => {
    const event = newEvent(
      'FindingRaised',
      { ...common, analysisType: 'health', evidence: health },
      {
        subject: common.findingId,
        source: 't',
        traceId: 't',
      },
    );
    const decoded = decodeEvent(JSON.stringify(event));
    expect(decoded.data).toEqual({ ...common, analysisType: 'health', evidence: health });
  });

  it('finding - an event stored before the evidence was typed still decodes, its evidence kept as recorded', () => {
    const decoded = decodeEvent(storedBeforeTyping);
    const data = FindingBody.parse(decoded.data);
    expect(data.analysisType).toBe('zombie');
    expect(isRecordedEvidence(data.evidence)).toBe(true);
    expect(data.evidence).toEqual({
      recorded: { cpuUsageAvg: 0.4, idleShare: 0.99, busyDays: 0, diskIoAvgKbps: 3 },
    });
  });

  it('finding - evidence of another analysis type is not read as this type’s', () => {
    const parsed = FindingBody.parse({ ...common, analysisType: 'zombie', evidence: health });
    expect(isRecordedEvidence(parsed.evidence)).toBe(true);
  });

  it('finding - a body whose analysis type is unknown is refused', () => {
    expect(FindingBody.safeParse({ ...common, analysisType: 'sprawl', evidence: health }).success).toBe(false);
  });
});
