import { z } from 'zod';

/**
 * The figures behind a finding, one shape per analysis type: what each analysis emits, field for field. A finding's
 * conclusion and recommendation are sentences built from these; reports and the API show them as they are.
 */

/** How one published idle rule judged the VM. */
export const IdleRuleResult = z
  .object({
    idle: z.boolean(),
    /** What the rule measured, in its own terms. */
    figures: z.record(z.string(), z.number().nullable()),
  })
  .strict();
export type IdleRuleResult = z.infer<typeof IdleRuleResult>;

/** Zombie evidence: the usage figures, each published rule's verdict, and why no activity disqualifies the VM. */
export const ZombieEvidence = z
  .object({
    cpuUsageAvg: z.number(),
    cpuUsageP95: z.number(),
    cpuUsageMax: z.number(),
    diskIoAvgKbps: z.number().nullable(),
    networkAvgKbps: z.number().nullable(),
    /** Share of CPU samples under GCP's idle line (0.03 vCPU). */
    idleShare: z.number(),
    idleDays: z.number(),
    historyDays: z.number(),
    samples: z.number(),
    powerState: z.string(),
    /** Set for a VM powered off long enough; the usage figures are then zero and the rest is absent. */
    poweredOffDays: z.number().optional(),
    /** GCP Recommender's idle VM rule and Azure Advisor's shutdown rule, as applied. */
    rules: z.object({ gcpIdleVm: IdleRuleResult, azureShutdown: IdleRuleResult }).strict().optional(),
    /** Average active memory as a share of the configured memory (%); null when memory was not collected. */
    memActiveAvgPct: z.number().nullable().optional(),
    /** Hours and days with activity above the VM's usual level; a recurring job would have disqualified it. */
    activeHours: z.number().optional(),
    activeDays: z.number().optional(),
    observedDays: z.number().optional(),
    /** The window read (epoch ms); it ends at the newest data. */
    windowStart: z.number().optional(),
    windowEnd: z.number().optional(),
    /** vCPU count used for GCP's line; null when the inventory does not say (1 is assumed: the most lenient line). */
    vcpu: z.number().nullable().optional(),
  })
  .strict();
export type ZombieEvidence = z.infer<typeof ZombieEvidence>;

export const ResourceConfig = z.object({ vcpu: z.number(), /** MB. */ mem: z.number() }).strict();
export type ResourceConfig = z.infer<typeof ResourceConfig>;
export const ResizeDirection = z.enum(['down', 'up', 'keep']);
export type ResizeDirection = z.infer<typeof ResizeDirection>;
/** Which memory figure is the peak: the highest hourly maximum, the highest sample, or the 99th percentile. */
export const MemoryPeak = z.enum(['hourly-max', 'max', 'p99']);

/** Right-size evidence: current and recommended configuration, utilisation, and what the rule used. */
export const RightsizeEvidence = z
  .object({
    currentConfig: ResourceConfig,
    recommended: ResourceConfig,
    /** cpuP95: CPU demand at the policy percentile, % of the current vCPUs; memP95: memory peak, % of the current memory. */
    utilization: z.object({ cpuP95: z.number(), memP95: z.number() }).strict(),
    cpuPercentile: z.number(),
    cpuUsagePctile: z.number(),
    /** CPU ready per vCPU (%), at the policy percentile and on average. */
    readyPerVcpuPctile: z.number(),
    readyPerVcpuAvg: z.number(),
    cpuDemandCores: z.number(),
    /** Demand plus headroom, before rounding to a size. */
    cpuNeedCores: z.number(),
    memPeak: MemoryPeak,
    memActivePeakMb: z.number().nullable(),
    memConsumedPeakMb: z.number().nullable(),
    memNeedMb: z.number().nullable(),
    cpuDirection: ResizeDirection,
    memDirection: ResizeDirection,
    /** Share of the recommended capacity left free at the measured demand / peak. */
    cpuHeadroomLeft: z.number(),
    memHeadroomLeft: z.number().nullable(),
    /** The VM waits for CPU (ready per vCPU on average at or above the policy threshold). */
    cpuContention: z.boolean(),
    /** The highest 5-minute CPU usage in cores; above the recommended vCPUs, the busiest minutes will run longer. */
    cpuPeakCores: z.number(),
    historyDays: z.number(),
    samples: z.number(),
    /** What the CPU figure rests on: the samples, their period (epoch ms, whole UTC days) and the percentile. */
    basis: z
      .object({ metric: z.string(), percentile: z.number(), samples: z.number(), from: z.number(), to: z.number() })
      .strict(),
  })
  .strict();
export type RightsizeEvidence = z.infer<typeof RightsizeEvidence>;

export const CycleType = z.enum(['daily', 'weekly']);
export type CycleType = z.infer<typeof CycleType>;

/** One period's test as the evidence keeps it (null: not computed, an earlier check failed). */
export const CycleTestSummary = z
  .object({
    cycleType: CycleType,
    significant: z.boolean().nullable(),
    acfPeak: z.boolean().nullable(),
    acf: z.number().nullable(),
    stability: z.number().nullable(),
    peakDiff: z.number(),
    passed: z.boolean(),
    /** Why it did not pass (first failed condition). */
    failed: z.string().optional(),
  })
  .strict();

/** Tidal evidence (cycle type, stability, peak and off-peak hours, peak-to-trough), with the test figures. */
export const TidalEvidence = z
  .object({
    cycleType: CycleType,
    stability: z.number(),
    peakHours: z.array(z.number()),
    offPeakHours: z.array(z.number()),
    peakDiff: z.number(),
    /** For a weekly cycle: days (0 = Monday) whose average is in the peak half. */
    peakDays: z.array(z.number()).optional(),
    offPeakDays: z.array(z.number()).optional(),
    periodHours: z.number(),
    cycles: z.number(),
    cyclesJudged: z.number(),
    cyclesFollowing: z.number(),
    kruskalWallisH: z.number(),
    criticalH: z.number(),
    acf: z.number(),
    peakLevel: z.number(),
    offPeakLevel: z.number(),
    metric: z.string(),
    utcOffsetHours: z.number(),
    historyHours: z.number(),
    /** The hours read (epoch ms): the window ends at the newest data. */
    windowStart: z.number(),
    windowEnd: z.number(),
    /** Average cores an off-peak schedule could free (off-peak share × cores not needed off-peak). */
    offPeakCoresFreeable: z.number(),
    tests: z.array(CycleTestSummary),
  })
  .strict();
export type TidalEvidence = z.infer<typeof TidalEvidence>;

export const HealthLevel = z.enum(['healthy', 'warning', 'critical']);
export type HealthLevel = z.infer<typeof HealthLevel>;

export const HostSummary = z
  .object({
    hostId: z.string(),
    name: z.string(),
    /** Null when the host reported no such samples. */
    avgCpuPct: z.number().nullable(),
    avgMemPct: z.number().nullable(),
    /** Share of the host's hours with CPU or memory at or above the hotspot threshold. */
    hotShare: z.number(),
    hotspot: z.boolean(),
  })
  .strict();
export type HostSummary = z.infer<typeof HostSummary>;

/** Cluster health evidence (score, balanceScore, overcommitRisk, hotspots), with the figures behind them. */
export const HealthEvidence = z
  .object({
    score: z.number(),
    balanceScore: z.number(),
    overcommitRisk: z.number(),
    /** Names of the hotspot hosts. */
    hotspots: z.array(z.string()),
    level: HealthLevel,
    hotspotHostIds: z.array(z.string()),
    hotspotScore: z.number(),
    /** Mean over the hours of the standard deviation of host load (0..1) across the cluster's hosts. */
    cpuLoadStdDev: z.number(),
    memLoadStdDev: z.number(),
    vcpuPerCore: z.number(),
    memAllocRatio: z.number(),
    cpuOvercommitRisk: z.number(),
    memOvercommitRisk: z.number(),
    hosts: z.number(),
    hostsWithLoad: z.number(),
    poweredOnVms: z.number(),
    hoursAnalysed: z.number(),
    hostLoads: z.array(HostSummary),
  })
  .strict();
export type HealthEvidence = z.infer<typeof HealthEvidence>;

/**
 * Evidence recorded before findings had a contract for it (FindingRaised/FindingUpdated v1 carried any record): the
 * analyses changed its fields since, so it is kept as recorded, under `recorded`, rather than read as today's shape.
 */
export const RecordedEvidence = z.object({ recorded: z.record(z.string(), z.unknown()) }).strict();
export type RecordedEvidence = z.infer<typeof RecordedEvidence>;

export function isRecordedEvidence(evidence: object): evidence is RecordedEvidence {
  return Object.keys(evidence).length === 1 && 'recorded' in evidence;
}

/** The evidence of one analysis type: today's shape, or what an older analyser recorded (see `RecordedEvidence`). */
function evidenceOf<T extends z.ZodObject>(typed: T) {
  return z.preprocess(
    (value) =>
      typed.safeParse(value).success || RecordedEvidence.safeParse(value).success ? value : { recorded: value },
    z.union([typed, RecordedEvidence]),
  );
}

export const EvidenceByType = {
  zombie: evidenceOf(ZombieEvidence),
  rightsize: evidenceOf(RightsizeEvidence),
  tidal: evidenceOf(TidalEvidence),
  health: evidenceOf(HealthEvidence),
};
