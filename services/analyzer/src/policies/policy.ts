/** Thresholds, windows and prices for one analysis type; every finding names the policy version that produced it. */
export interface ZombiePolicy {
  name: string;
  version: number;
  lookbackDays: number;
  /** Below this much history a VM is skipped, and the run says so. */
  minHistoryHours: number;
  idleCpuPct: number;
  idleDiskKbps: number;
  idleNetKbps: number;
  /** Share of samples that must be idle (CPU, disk and network all below their thresholds). */
  idleShare: number;
  poweredOffDays: number;
}

export interface UnitPrices {
  cpuCoreMonthly: number;
  memoryGbMonthly: number;
  diskGbMonthly: number;
}

// Idle thresholds after BMC Helix (CPU < 5 %, disk < 100 KB/s, network < 200 KB/s for ≥ 95 % of the period),
// lookback after AWS/GCP (14 days), minimum history after AWS Compute Optimizer (30 h, rounded up).
export const DEFAULT_ZOMBIE_POLICY: ZombiePolicy = {
  name: 'zombie-default',
  version: 1,
  lookbackDays: 14,
  minHistoryHours: 36,
  idleCpuPct: 5,
  idleDiskKbps: 100,
  idleNetKbps: 200,
  idleShare: 0.95,
  poweredOffDays: 30,
};

export const DEFAULT_UNIT_PRICES: UnitPrices = { cpuCoreMonthly: 18, memoryGbMonthly: 4.5, diskGbMonthly: 0.08 };

/**
 * Right-sizing: a high percentile of CPU demand and the peak of active memory, plus headroom, rounded up to sizes
 * people deploy (see rightsize/sizes.ts).
 */
export interface RightsizePolicy {
  name: string;
  version: number;
  /** Whole days read from the daily rollup (seed: 30 days). */
  lookbackDays: number;
  /** Below this many days with samples a VM is skipped (GCP uses 8 d, AWS 30 h; a week covers a weekly cycle). */
  minHistoryDays: number;
  /** Confidence reaches its ceiling at this much history. */
  fullConfidenceDays: number;
  /** Percentile of 5-minute CPU demand (usage % + ready % per vCPU); 0.95 after krr/Turbonomic/ITRS. */
  cpuPercentile: number;
  /** Fraction added on top of the CPU percentile (AWS Compute Optimizer default 20 %). */
  cpuHeadroom: number;
  /**
   * Memory need is a peak of active memory: the highest hourly average ('hourly-max', default), the 5-minute maximum
   * ('max', krr, Azure P100) or the 5-minute 99th percentile ('p99', ITRS). vCenter's active memory is a sampled
   * estimate that jitters from one 5-minute sample to the next, while the working set moves slowly: the 5-minute
   * maximum chases that jitter (a systematic over-estimate), the highest hourly average does not.
   */
  memoryPeak: 'hourly-max' | 'max' | 'p99';
  /** Fraction added on top of the memory peak (AWS default 20 %; krr uses max + 15 %). */
  memoryHeadroom: number;
  /** Average CPU ready per vCPU at or above this (%) means the VM waits for CPU: it is treated as undersized. */
  readyPctPerVcpu: number;
  minVcpu: number;
  minMemoryMb: number;
  unitPrices: UnitPrices;
}

export const DEFAULT_RIGHTSIZE_POLICY: RightsizePolicy = {
  name: 'rightsize-default',
  version: 1,
  lookbackDays: 30,
  minHistoryDays: 7,
  fullConfidenceDays: 30,
  cpuPercentile: 0.95,
  cpuHeadroom: 0.2,
  memoryPeak: 'hourly-max',
  memoryHeadroom: 0.2,
  readyPctPerVcpu: 5,
  minVcpu: 1,
  minMemoryMb: 1024,
  unitPrices: DEFAULT_UNIT_PRICES,
};

/** Tidal (periodic) load: fixed 24 h and 168 h candidates, permutation significance, ACF confirmation (after Crane). */
export interface TidalPolicy {
  name: string;
  version: number;
  /** Hours read from the hourly rollup: 28 days is exactly four weeks. */
  lookbackDays: number;
  /** The hourly series analysed (average per hour). */
  metric: string;
  /** Whole cycles needed before a period is tested (Crane, Prophet: 2). */
  minCycles: number;
  /** Shuffles used to set the significance threshold (Crane: 100). */
  permutations: number;
  /** Quantile of the shuffled maximum power taken as the threshold (Crane: P99). */
  significanceQuantile: number;
  /** Seed of the permutation RNG, so runs are reproducible. */
  seed: number;
  /** Half-width (hours) of the window in which the ACF must peak at the period (Crane: min(4 h, period/2) for 24 h). */
  acfWindowHours: number;
  /** Minimum autocorrelation at the period lag. */
  minAcf: number;
  /** Minimum share of variance explained by the folded cycle profile (adjusted R², 0..1). */
  minStability: number;
  /** Minimum peak-to-trough difference of the cycle profile, in points of the metric (CPU %). */
  minPeakDiff: number;
  /** A tide has a busy period: at least this many profile hours at or above mid-range (a 1-hour backup is not a tide). */
  minPeakHours: number;
  /** The weekly cycle is reported instead of the daily one when it explains this much more variance. */
  weeklyGain: number;
  /** Gaps up to this many hours are interpolated; data before a longer gap is dropped (Crane drops after 1 h of raw). */
  maxGapHours: number;
  /** Peak hours are reported in this offset from UTC. */
  utcOffsetHours: number;
  /** Headroom used to size the off-peak need for the savings estimate. */
  cpuHeadroom: number;
  unitPrices: UnitPrices;
}

export const DEFAULT_TIDAL_POLICY: TidalPolicy = {
  name: 'tidal-default',
  version: 1,
  lookbackDays: 28,
  metric: 'cpu.usage_pct',
  minCycles: 2,
  permutations: 100,
  significanceQuantile: 0.99,
  seed: 0x7d1a1,
  acfWindowHours: 4,
  minAcf: 0.2,
  minStability: 0.3,
  minPeakDiff: 10,
  minPeakHours: 3,
  weeklyGain: 0.1,
  maxGapHours: 6,
  utcOffsetHours: 0,
  cpuHeadroom: 0.2,
  unitPrices: DEFAULT_UNIT_PRICES,
};

/** Cluster health from host load (balance, hotspots) and inventory (overcommit). */
export interface HealthPolicy {
  name: string;
  version: number;
  lookbackDays: number;
  /** Hours of host history needed; below it the cluster is skipped. */
  minHistoryHours: number;
  /** A host-hour is hot when its average CPU or memory use is at or above this (%). */
  hotspotPct: number;
  /** A host is a hotspot when at least this share of its hours are hot (sustained, not a spike). */
  hotspotShare: number;
  /** Mean standard deviation of host load (0..1) at which balance starts to lose points, and at which it has none left. */
  balanceStdOk: number;
  balanceStdBad: number;
  /** vCPU per physical core: no risk up to `safe` (≈ 4:1 typical), full risk at `max`. */
  cpuOvercommitSafe: number;
  cpuOvercommitMax: number;
  /** Allocated VM memory per physical memory: no risk up to `safe`, full risk at `max` (Nova default 1.5). */
  memOvercommitSafe: number;
  memOvercommitMax: number;
  weights: { balance: number; overcommit: number; hotspot: number };
  /** Level thresholds on the 0-100 score. */
  healthyScore: number;
  criticalScore: number;
}

export const DEFAULT_HEALTH_POLICY: HealthPolicy = {
  name: 'health-default',
  version: 1,
  lookbackDays: 14,
  minHistoryHours: 24,
  hotspotPct: 80,
  hotspotShare: 0.25,
  balanceStdOk: 0.05,
  balanceStdBad: 0.25,
  cpuOvercommitSafe: 4,
  cpuOvercommitMax: 8,
  memOvercommitSafe: 1,
  memOvercommitMax: 1.5,
  weights: { balance: 0.35, overcommit: 0.3, hotspot: 0.35 },
  healthyScore: 80,
  criticalScore: 60,
};

/** The policy type of each analysis. */
export interface PolicyByAnalysis {
  zombie: ZombiePolicy;
  rightsize: RightsizePolicy;
  tidal: TidalPolicy;
  health: HealthPolicy;
}
export type PolicyAnalysisType = keyof PolicyByAnalysis;

export const DEFAULT_POLICIES: { [K in PolicyAnalysisType]: PolicyByAnalysis[K] } = {
  zombie: DEFAULT_ZOMBIE_POLICY,
  rightsize: DEFAULT_RIGHTSIZE_POLICY,
  tidal: DEFAULT_TIDAL_POLICY,
  health: DEFAULT_HEALTH_POLICY,
};
