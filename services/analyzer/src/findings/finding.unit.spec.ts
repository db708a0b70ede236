import { type FindingBody, newEvent, type ZombieEvidence } from '@justfit/events';
import { describe, expect, it } from 'vitest';
import { alertSeverity, decideFinding, decideWithdrawal, evolveFinding, initialFindingState } from './finding';

const evidence: ZombieEvidence = {
  cpuUsageAvg: 0,
  cpuUsageP95: 0,
  cpuUsageMax: 0,
  diskIoAvgKbps: 0,
  networkAvgKbps: 0,
  idleShare: 1,
  idleDays: 0,
  historyDays: 0,
  samples: 0,
  powerState: 'poweredOff',
  poweredOffDays: 40,
};
const body: FindingBody = {
  findingId: 'zombie-c-vm-1',
  analysisType: 'zombie',
  connectionId: 'c',
  entityType: 'vm',
  entityId: 'vm-1',
  entityName: 'app-1',
  conclusion: 'Idle for 100% of 14 days.',
  confidence: 0.93,
  recommendation: 'Power off.',
  riskLevel: 'low',
  savings: { cpuCores: 4, memoryMb: 8192, diskGb: 100, amount: 116 },
  evidence,
  policy: { name: 'zombie-default', version: 1 },
  runId: 'run-1',
  analysedAt: 1,
};
const ctx = {
  findingId: body.findingId,
  analysisType: 'zombie' as const,
  entityId: 'vm-1',
  runId: 'run-2',
  now: 2,
  reason: 'no longer idle',
};
const ev = (name: 'FindingRaised' | 'FindingUpdated', data: FindingBody) =>
  newEvent(name, data, { subject: data.findingId, source: 't', traceId: 't' });
const given = (...events: ReturnType<typeof ev>[]) => events.reduce(evolveFinding, initialFindingState);

describe('finding - decide', () => {
  it('given none, when the condition holds, then raised', () => {
    expect(decideFinding(given(), body, ctx)).toEqual({ kind: 'raise', body });
  });

  it('given an open finding, when the same conclusion comes again with slightly different numbers, then nothing', () => {
    const again = { ...body, runId: 'run-2', confidence: 0.94, evidence: { ...evidence, idleShare: 0.999 } };
    expect(decideFinding(given(ev('FindingRaised', body)), again, ctx)).toEqual({ kind: 'none' });
  });

  it('given an open finding with evidence recorded before it was typed, when the same conclusion comes, then updated', () => {
    const stored = { ...body, evidence: { recorded: { idleShare: 1, busyDays: 0 } } };
    expect(decideFinding(given(ev('FindingRaised', stored)), body, ctx)).toEqual({ kind: 'update', body });
  });

  it('given an open finding, when the risk or savings change, then updated', () => {
    const changed = { ...body, riskLevel: 'medium' as const };
    expect(decideFinding(given(ev('FindingRaised', body)), changed, ctx)).toEqual({ kind: 'update', body: changed });
  });

  it('given an open finding, when the condition no longer holds, then resolved with the reason', () => {
    expect(decideFinding(given(ev('FindingRaised', body)), undefined, ctx)).toMatchObject({
      kind: 'resolve',
      data: { findingId: body.findingId, reason: 'no longer idle' },
    });
  });

  it('given no open finding, when the condition does not hold, then nothing', () => {
    expect(decideFinding(given(), undefined, ctx)).toEqual({ kind: 'none' });
  });
});

describe('finding - alert severity', () => {
  it('given the risk of a finding, then its alert is info, warning or critical', () => {
    expect([alertSeverity('low'), alertSeverity('medium'), alertSeverity('high')]).toEqual([
      'info',
      'warning',
      'critical',
    ]);
  });
});

describe('finding - withdraw', () => {
  const withdraw = { findingId: body.findingId, connectionId: 'c', now: 3, reason: 'import namespace c deleted' };

  it('given a raised finding of the connection, when its data is deleted, then withdrawn, and it can be raised again', () => {
    const data = decideWithdrawal(given(ev('FindingRaised', body)), withdraw)!;
    expect(data).toEqual({
      findingId: body.findingId,
      analysisType: 'zombie',
      connectionId: 'c',
      entityId: 'vm-1',
      withdrawnAt: 3,
      reason: 'import namespace c deleted',
    });
    const after = evolveFinding(
      given(ev('FindingRaised', body)),
      newEvent('FindingWithdrawn', data, { subject: body.findingId, source: 't', traceId: 't' }),
    );
    expect(after).toEqual(initialFindingState);
    expect(decideFinding(after, body, ctx)).toEqual({ kind: 'raise', body });
  });

  it('given no finding, or one of another connection, when a connection is deleted, then nothing', () => {
    expect(decideWithdrawal(given(), withdraw)).toBeUndefined();
    expect(decideWithdrawal(given(ev('FindingRaised', { ...body, connectionId: 'c-2' })), withdraw)).toBeUndefined();
  });
});
