import type { FindingRow } from '@justfit/storage';
import type { ReportDigest, ReportType } from '@justfit/events';

/** What a waste report says, independent of its format: JSON is this model; HTML, PDF and XLSX render it. */

/** A finding as a report shows it: the read model's finding, without the run bookkeeping. */
export type ReportFinding = FindingRow extends infer F
  ? F extends unknown
    ? Omit<F, 'status' | 'runId'>
    : never
  : never;

export interface ReportScope {
  connectionId: string | null;
  runId: string | null;
  entityIds: string[];
}

/** Where an entity sits: findings are summed per cluster. */
export interface EntityPlacement {
  clusterId: string;
  clusterName: string;
}

/** Average CPU per hour of the day (local to the tide's time zone), 24 values, null where no data. */
export interface TidalProfile {
  findingId: string;
  metric: string;
  utcOffsetHours: number;
  hourly: Array<number | null>;
}

/** A right-sized VM's daily CPU and memory use against its current and recommended size. */
export interface RightsizeUsage {
  findingId: string;
  days: string[];
  cpuP95Cores: Array<number | null>;
  memActivePeakGb: Array<number | null>;
  vcpu: { current: number | null; recommended: number | null };
  memoryGb: { current: number | null; recommended: number | null };
}

export interface ReportTrend {
  previousReportId: string;
  previousGeneratedAt: number;
  previous: ReportDigest;
  findingsChange: number;
  savingsChange: number;
}

export interface ReportModel {
  reportId: string;
  reportType: ReportType;
  title: string;
  generatedAt: string;
  scope: ReportScope;
  currency: string;
  /** The IANA time zone times are shown in. */
  timeZone: string;
  branding: { organisation: string | null; accentColor: string; footer: string | null; logo: string | null };
  estate: { vms: number; poweredOnVms: number; hosts: number; clusters: number };
  summary: {
    findings: number;
    byType: Record<string, number>;
    byRisk: { low: number; medium: number; high: number };
    /** Each entity once, with its largest saving (a zombie that is also oversized is reclaimed once). */
    savings: { cpuCores: number; memoryMb: number; diskGb: number; amount: number };
    /** Per analysis type, every finding of the type counted. */
    savingsByType: Record<string, number>;
    savingsByCluster: Array<{ clusterId: string; clusterName: string; amount: number }>;
  };
  trend: ReportTrend | null;
  findings: ReportFinding[];
  tidalProfiles: TidalProfile[];
  rightsizeUsage: RightsizeUsage[];
  /** What the report left out and why (charts capped, entities without data). */
  notes: string[];
}

export const DEFAULT_ACCENT = '#1f6feb';
const NO_CLUSTER: EntityPlacement = { clusterId: '', clusterName: 'no cluster' };
const round = (v: number) => Math.round(v * 100) / 100;

export interface ReportInput {
  reportId: string;
  reportType: ReportType;
  title: string;
  now: Date;
  scope: ReportScope;
  currency: string;
  timeZone?: string;
  branding?: { organisation?: string; accentColor?: string; footer?: string; logo?: string };
  estate: ReportModel['estate'];
  findings: ReportFinding[];
  /** Keyed by `connectionId/entityId`. */
  placements: Map<string, EntityPlacement>;
  previous: { reportId: string; generatedAt: number; digest: ReportDigest } | null;
  tidalProfiles?: TidalProfile[];
  rightsizeUsage?: RightsizeUsage[];
  notes?: string[];
}

export const placementKey = (connectionId: string, entityId: string) => `${connectionId}/${entityId}`;

export function buildReportModel(args: ReportInput): ReportModel {
  const byType: Record<string, number> = {};
  const byRisk = { low: 0, medium: 0, high: 0 };
  const savingsByType: Record<string, number> = {};
  const byCluster = new Map<string, { clusterId: string; clusterName: string; amount: number }>();
  const savings = { cpuCores: 0, memoryMb: 0, diskGb: 0, amount: 0 };
  const largestPerEntity = new Map<string, ReportFinding>();
  for (const f of args.findings) {
    byType[f.analysisType] = (byType[f.analysisType] ?? 0) + 1;
    if (f.riskLevel === 'low' || f.riskLevel === 'medium' || f.riskLevel === 'high') byRisk[f.riskLevel]++;
    savingsByType[f.analysisType] = (savingsByType[f.analysisType] ?? 0) + f.savings.amount;
    const key = `${f.connectionId}/${f.entityType}/${f.entityId}`;
    if ((largestPerEntity.get(key)?.savings.amount ?? -Infinity) < f.savings.amount) largestPerEntity.set(key, f);
  }
  for (const f of largestPerEntity.values()) {
    savings.cpuCores += f.savings.cpuCores;
    savings.memoryMb += f.savings.memoryMb;
    savings.diskGb += f.savings.diskGb;
    savings.amount += f.savings.amount;
    const place = args.placements.get(placementKey(f.connectionId, f.entityId)) ?? NO_CLUSTER;
    const clusterKey = `${f.connectionId}/${place.clusterId}`;
    const cluster = byCluster.get(clusterKey) ?? { ...place, amount: 0 };
    cluster.amount += f.savings.amount;
    byCluster.set(clusterKey, cluster);
  }
  const findings = [...args.findings].sort(
    (a, b) => b.savings.amount - a.savings.amount || a.entityName.localeCompare(b.entityName),
  );
  const amount = round(savings.amount);
  return {
    reportId: args.reportId,
    reportType: args.reportType,
    title: args.title,
    generatedAt: args.now.toISOString(),
    scope: args.scope,
    currency: args.currency,
    timeZone: args.timeZone ?? 'UTC',
    branding: {
      organisation: args.branding?.organisation || null,
      footer: args.branding?.footer || null,
      // Shown as an <img> whose source the page's policy limits to data: URLs; only image data URLs are taken.
      logo: /^data:image\/(png|jpeg|svg\+xml);base64,[A-Za-z0-9+/]+={0,2}$/.test(args.branding?.logo ?? '')
        ? args.branding!.logo!
        : null,
      // It goes into the page's CSS: only a #rrggbb colour is taken.
      accentColor: /^#[0-9a-fA-F]{6}$/.test(args.branding?.accentColor ?? '')
        ? args.branding!.accentColor!
        : DEFAULT_ACCENT,
    },
    estate: args.estate,
    summary: {
      findings: findings.length,
      byType,
      byRisk,
      savings: {
        cpuCores: round(savings.cpuCores),
        memoryMb: round(savings.memoryMb),
        diskGb: round(savings.diskGb),
        amount,
      },
      savingsByType: Object.fromEntries(Object.entries(savingsByType).map(([t, v]) => [t, round(v)])),
      savingsByCluster: [...byCluster.values()]
        .map((c) => ({ ...c, amount: round(c.amount) }))
        .sort((a, b) => b.amount - a.amount || a.clusterName.localeCompare(b.clusterName)),
    },
    trend: args.previous && {
      previousReportId: args.previous.reportId,
      previousGeneratedAt: args.previous.generatedAt,
      previous: args.previous.digest,
      findingsChange: findings.length - args.previous.digest.findings,
      savingsChange: round(amount - args.previous.digest.savingsAmount),
    },
    findings,
    tidalProfiles: args.tidalProfiles ?? [],
    rightsizeUsage: args.rightsizeUsage ?? [],
    notes: args.notes ?? [],
  };
}

/** The figures the next report of the same scope compares itself with. */
export function digestOf(model: ReportModel): ReportDigest {
  return {
    findings: model.summary.findings,
    savingsAmount: model.summary.savings.amount,
    byRisk: model.summary.byRisk,
    savingsByType: model.summary.savingsByType,
  };
}
