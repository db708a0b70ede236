import { buildReportModel, type ReportFinding, type ReportModel } from '../src/model/report-model';

/** A name that would run script if it reached the page unescaped. */
export const HOSTILE_NAME = '<script>alert("pwned")</script><img src=x onerror=alert(1)>';

function finding(i: number, type: string, over: Partial<ReportFinding> = {}): ReportFinding {
  const evidence: Record<string, Record<string, unknown>> = {
    zombie: {
      cpuUsageAvg: 0.8,
      cpuUsageP95: 1.4,
      idleDays: 13,
      historyDays: 14,
      memActiveAvgPct: 3.2,
      powerState: 'poweredOn',
    },
    rightsize: {
      currentConfig: { vcpu: 8, mem: 16384 },
      recommended: { vcpu: 2, mem: 8192 },
      utilization: { cpuP95: 14, memP95: 40 },
      cpuDemandCores: 1.1,
      cpuPeakCores: 2.4,
      historyDays: 14,
      basis: { metric: 'cpu.usage_pct', percentile: 95, samples: 4032, from: 0, to: 14 * 86_400_000 },
    },
    tidal: {
      cycleType: 'daily',
      peakHours: [9, 10, 11, 12, 13, 14, 15, 16, 17],
      peakLevel: 72,
      offPeakLevel: 8,
      stability: 0.91,
      cyclesFollowing: 13,
      cyclesJudged: 14,
      acf: 0.88,
      metric: 'cpu.usage_pct',
      utcOffsetHours: 1,
    },
    // Evidence of a shape the report does not know: it must still render.
    health: { score: 'not a number', surprise: { nested: true } },
  };
  // Evidence as the analyzers recorded it, including shapes the contract no longer matches: the report reads what is
  // there, so the fixture is typed loosely on purpose.
  return {
    findingId: `${type}-c-vm-${i}`,
    analysisType: type,
    entityType: type === 'health' ? 'cluster' : 'vm',
    entityId: `vm-${i}`,
    entityName: `app-server-${String(i).padStart(3, '0')}`,
    connectionId: 'conn-1',
    conclusion: `${type} finding number ${i}`,
    recommendation: 'Power it off after the owner confirms, then delete it after 30 days.',
    confidence: 0.8,
    riskLevel: (['low', 'medium', 'high'] as const)[i % 3] ?? 'low',
    savings: { cpuCores: 2, memoryMb: 4096, diskGb: 40, amount: 100 + i },
    evidence: evidence[type] ?? {},
    policy: { name: `${type}-default`, version: 1 },
    analysedAt: 1_700_000_000_000,
    ...over,
  } as ReportFinding;
}

/** A report with enough findings of every type to span several pages, one of them named by an attacker. */
export function sampleReport(): ReportModel {
  const findings = [
    finding(0, 'zombie', { entityName: HOSTILE_NAME }),
    ...Array.from({ length: 40 }, (_, i) => finding(i + 1, 'zombie')),
    ...Array.from({ length: 12 }, (_, i) => finding(i + 100, 'rightsize')),
    ...Array.from({ length: 6 }, (_, i) => finding(i + 200, 'tidal')),
    finding(300, 'health', { savings: { cpuCores: 0, memoryMb: 0, diskGb: 0, amount: 0 } }),
  ];
  const hourly = Array.from({ length: 24 }, (_, h) => (h >= 9 && h <= 17 ? 70 + (h % 3) : 8));
  return buildReportModel({
    reportId: 'report-00000000-0000-4000-8000-000000000000',
    reportType: 'summary',
    title: 'Estate waste report',
    now: new Date('2026-12-01T08:00:00Z'),
    scope: { connectionId: 'conn-1', runId: null, entityIds: [] },
    currency: 'EUR',
    branding: { organisation: 'Example & Co', accentColor: '#8250df' },
    estate: { vms: 120, poweredOnVms: 100, hosts: 8, clusters: 2 },
    findings,
    placements: new Map(
      findings.map((f, i) => [
        `conn-1/${f.entityId}`,
        { clusterId: `k${i % 2}`, clusterName: i % 2 ? 'Prod <west>' : 'Test' },
      ]),
    ),
    previous: {
      reportId: 'report-before',
      generatedAt: Date.parse('2026-11-24T08:00:00Z'),
      digest: { findings: 50, savingsAmount: 5000, byRisk: { low: 20, medium: 20, high: 10 }, savingsByType: {} },
    },
    tidalProfiles: findings
      .filter((f) => f.analysisType === 'tidal')
      .map((f) => ({ findingId: f.findingId, metric: 'cpu.usage_pct', utcOffsetHours: 1, hourly })),
    rightsizeUsage: findings
      .filter((f) => f.analysisType === 'rightsize')
      .map((f) => ({
        findingId: f.findingId,
        days: Array.from({ length: 14 }, (_, d) => `2026-11-${String(d + 10).padStart(2, '0')}`),
        cpuP95Cores: Array.from({ length: 14 }, (_, d) => 0.8 + (d % 4) * 0.1),
        memActivePeakGb: Array.from({ length: 14 }, () => 5.5),
        vcpu: { current: 8, recommended: 2 },
        memoryGb: { current: 16, recommended: 8 },
      })),
  });
}
