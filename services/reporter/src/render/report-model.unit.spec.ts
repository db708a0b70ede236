import { describe, expect, it } from 'vitest';
import { buildReportModel, type ReportFinding } from './report-model';

type Override = Partial<Pick<ReportFinding, 'findingId' | 'riskLevel'>> & {
  analysisType?: ReportFinding['analysisType'];
};
const finding = (name: string, amount: number, over: Override = {}): ReportFinding => ({
  findingId: `zombie-c-${name}`,
  entityType: 'vm',
  entityId: name,
  entityName: name,
  connectionId: 'c',
  conclusion: 'idle',
  recommendation: 'power off',
  confidence: 0.9,
  riskLevel: 'low',
  savings: { cpuCores: 2, memoryMb: 4096, diskGb: 50, amount },
  evidence: { recorded: {} },
  policy: { name: 'p', version: 1 },
  analysedAt: 1,
  ...over,
  analysisType: over.analysisType ?? 'zombie',
});

describe('report model', () => {
  it('sums savings, counts by type and risk, and lists the biggest savings first', () => {
    const model = buildReportModel({
      reportId: 'r',
      title: 'T',
      now: new Date(0),
      estate: { vms: 10, poweredOnVms: 8, hosts: 2, clusters: 1 },
      findings: [finding('b', 10.005), finding('a', 50), finding('c', 10.005, { riskLevel: 'medium' })],
    });
    expect(model.findings.map((f) => f.entityName)).toEqual(['a', 'b', 'c']);
    expect(model.summary).toEqual({
      findings: 3,
      byType: { zombie: 3 },
      byRisk: { low: 2, medium: 1 },
      savings: { cpuCores: 6, memoryMb: 12288, diskGb: 150, amount: 70.01 },
    });
  });
});

describe('report model - savings', () => {
  it('counts an entity once, with its largest saving, when two analyses find waste in it', () => {
    const model = buildReportModel({
      reportId: 'r',
      title: 'T',
      now: new Date(0),
      estate: { vms: 1, poweredOnVms: 1, hosts: 1, clusters: 1 },
      findings: [finding('vm', 100), finding('vm', 30, { analysisType: 'rightsize', findingId: 'rightsize-c-vm' })],
    });
    expect(model.summary.findings).toBe(2);
    expect(model.summary.savings.amount).toBe(100);
  });
});
