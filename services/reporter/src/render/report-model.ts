import type { FindingRow } from '@justfit/storage';
/** What a waste report says, independent of its format (JSON now; HTML and PDF render the same model). */
/** A finding as a report shows it: the read model's finding, without the run bookkeeping. */
export type ReportFinding = FindingRow extends infer F
  ? F extends unknown
    ? Omit<F, 'status' | 'runId'>
    : never
  : never;

export interface ReportModel {
  reportId: string;
  title: string;
  generatedAt: string;
  scope: { connectionId: string | null };
  estate: { vms: number; poweredOnVms: number; hosts: number; clusters: number };
  summary: {
    findings: number;
    byType: Record<string, number>;
    byRisk: Record<string, number>;
    savings: { cpuCores: number; memoryMb: number; diskGb: number; amount: number };
  };
  findings: ReportFinding[];
}

const round = (v: number) => Math.round(v * 100) / 100;

export function buildReportModel(args: {
  reportId: string;
  title: string;
  now: Date;
  connectionId?: string;
  estate: ReportModel['estate'];
  findings: ReportFinding[];
}): ReportModel {
  const byType: Record<string, number> = {};
  const byRisk: Record<string, number> = {};
  const savings = { cpuCores: 0, memoryMb: 0, diskGb: 0, amount: 0 };
  // A VM that is both a zombie and oversized is reclaimed once: each entity counts with its largest saving.
  const largestPerEntity = new Map<string, ReportFinding>();
  for (const f of args.findings) {
    byType[f.analysisType] = (byType[f.analysisType] ?? 0) + 1;
    byRisk[f.riskLevel] = (byRisk[f.riskLevel] ?? 0) + 1;
    const key = `${f.connectionId}/${f.entityType}/${f.entityId}`;
    if ((largestPerEntity.get(key)?.savings.amount ?? -Infinity) < f.savings.amount) largestPerEntity.set(key, f);
  }
  for (const f of largestPerEntity.values()) {
    savings.cpuCores += f.savings.cpuCores;
    savings.memoryMb += f.savings.memoryMb;
    savings.diskGb += f.savings.diskGb;
    savings.amount += f.savings.amount;
  }
  const findings = [...args.findings].sort(
    (a, b) => b.savings.amount - a.savings.amount || a.entityName.localeCompare(b.entityName),
  );
  return {
    reportId: args.reportId,
    title: args.title,
    generatedAt: args.now.toISOString(),
    scope: { connectionId: args.connectionId ?? null },
    estate: args.estate,
    summary: {
      findings: findings.length,
      byType,
      byRisk,
      savings: {
        cpuCores: round(savings.cpuCores),
        memoryMb: round(savings.memoryMb),
        diskGb: round(savings.diskGb),
        amount: round(savings.amount),
      },
    },
    findings,
  };
}
