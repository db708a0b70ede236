import { describe, expect, it } from 'vitest';
import { buildReportModel, type ReportFinding, type ReportInput } from './report-model';

const finding = (name: string, amount: number, over: Partial<ReportFinding> = {}): ReportFinding =>
  ({
    findingId: `zombie-c-${name}`,
    analysisType: 'zombie',
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
  }) as ReportFinding;

const input = (findings: ReportFinding[], over: Partial<ReportInput> = {}): ReportInput => ({
  reportId: 'r',
  reportType: 'summary',
  title: 'T',
  now: new Date(0),
  scope: { connectionId: null, runId: null, entityIds: [] },
  currency: 'EUR',
  estate: { vms: 10, poweredOnVms: 8, hosts: 2, clusters: 1 },
  findings,
  placements: new Map(),
  previous: null,
  ...over,
});

describe('report model', () => {
  it('sums savings, counts by type and risk, and lists the biggest savings first', () => {
    const model = buildReportModel(
      input([finding('b', 10.005), finding('a', 50), finding('c', 10.005, { riskLevel: 'medium' })]),
    );
    expect(model.findings.map((f) => f.entityName)).toEqual(['a', 'b', 'c']);
    expect(model.summary).toMatchObject({
      findings: 3,
      byType: { zombie: 3 },
      byRisk: { low: 2, medium: 1, high: 0 },
      savings: { cpuCores: 6, memoryMb: 12288, diskGb: 150, amount: 70.01 },
      savingsByType: { zombie: 70.01 },
    });
  });
});

describe('report model - savings', () => {
  it('counts an entity once, with its largest saving, when two analyses find waste in it', () => {
    const model = buildReportModel(
      input([finding('vm', 100), finding('vm', 30, { analysisType: 'rightsize', findingId: 'rightsize-c-vm' })]),
    );
    expect(model.summary.findings).toBe(2);
    expect(model.summary.savings.amount).toBe(100);
    expect(model.summary.savingsByType).toEqual({ zombie: 100, rightsize: 30 });
  });

  it('places savings on the cluster of each entity, largest first, and keeps the rest apart', () => {
    const placements = new Map([
      ['c/a', { clusterId: 'k1', clusterName: 'Prod' }],
      ['c/b', { clusterId: 'k2', clusterName: 'Test' }],
      ['c/c', { clusterId: 'k2', clusterName: 'Test' }],
    ]);
    const model = buildReportModel(
      input([finding('a', 10), finding('b', 20), finding('c', 5), finding('loose', 1)], { placements }),
    );
    expect(model.summary.savingsByCluster).toEqual([
      { clusterId: 'k2', clusterName: 'Test', amount: 25 },
      { clusterId: 'k1', clusterName: 'Prod', amount: 10 },
      { clusterId: '', clusterName: 'no cluster', amount: 1 },
    ]);
  });
});

describe('report model - trend', () => {
  it('compares itself with the previous report of its scope', () => {
    const previous = {
      reportId: 'before',
      generatedAt: 1,
      digest: { findings: 5, savingsAmount: 100, byRisk: { low: 5, medium: 0, high: 0 }, savingsByType: {} },
    };
    const model = buildReportModel(input([finding('a', 60), finding('b', 60)], { previous }));
    expect(model.trend).toMatchObject({ previousReportId: 'before', findingsChange: -3, savingsChange: 20 });
  });

  it('has no trend for the first report of a scope', () => {
    expect(buildReportModel(input([finding('a', 1)])).trend).toBeNull();
  });
});

describe('report model - branding', () => {
  it('takes only a #rrggbb accent colour, since it goes into the page CSS', () => {
    const css = buildReportModel(input([], { branding: { accentColor: 'red;} body{display:none' } }));
    expect(css.branding.accentColor).toBe('#1f6feb');
    expect(buildReportModel(input([], { branding: { accentColor: '#112233' } })).branding.accentColor).toBe('#112233');
  });
});
