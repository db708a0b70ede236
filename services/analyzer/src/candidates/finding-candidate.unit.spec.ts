import { FindingBody, type ZombieEvidence } from '@justfit/events';
import { describe, expect, it } from 'vitest';
import { EVIDENCE_DEFECT, findingCandidate, noFinding } from './finding-candidate';

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
const facts = {
  connectionId: 'c-1',
  entity: { type: 'vm' as const, id: 'vm-1', name: 'app-1' },
  assessed: { confidence: 0.9, riskLevel: 'low' as const },
  described: { conclusion: 'Powered off for 40 days.', recommendation: 'Delete it.' },
  savings: { cpuCores: 2, memoryMb: 4096, diskGb: 40, amount: 60 },
  evidence,
  policy: { name: 'zombie-default', version: 3 },
  run: { runId: 'run-1', now: 1_000 },
};

describe('finding candidate', () => {
  it('candidate - a verdict becomes the finding the contract describes, one id per type and entity', () => {
    const candidate = findingCandidate('zombie', facts);
    expect(candidate).toMatchObject({ findingId: 'zombie-c-1-vm-1', entityId: 'vm-1' });
    expect(FindingBody.parse(candidate.body)).toEqual({
      findingId: 'zombie-c-1-vm-1',
      analysisType: 'zombie',
      connectionId: 'c-1',
      entityType: 'vm',
      entityId: 'vm-1',
      entityName: 'app-1',
      conclusion: 'Powered off for 40 days.',
      recommendation: 'Delete it.',
      confidence: 0.9,
      riskLevel: 'low',
      savings: facts.savings,
      evidence,
      policy: { name: 'zombie-default', version: 3 },
      runId: 'run-1',
      analysedAt: 1_000,
    });
  });

  it('candidate - evidence its contract does not describe (NaN, which JSON turns into null) skips that VM alone, saying why', () => {
    const candidate = findingCandidate('zombie', { ...facts, evidence: { ...evidence, idleShare: Number.NaN } });
    expect(candidate.body).toBeUndefined();
    expect(candidate.skipped).toBe(EVIDENCE_DEFECT);
    expect(candidate.defect).toMatch(/zombie evidence of vm-1 breaks its contract/);
  });

  it('candidate - an entity not judged carries the reason and no finding', () => {
    expect(noFinding('tidal', 'c-1', 'vm-2', { skipped: 'template' })).toEqual({
      findingId: 'tidal-c-1-vm-2',
      entityId: 'vm-2',
      skipped: 'template',
    });
  });
});
