/**
 * Zombie: a VM nobody uses. It must be idle by a published rule (GCP Recommender's idle VM; Azure Advisor's shutdown
 * rule corroborates, and is required too when the vCPU count is unknown), show no recurring activity (a job that runs at the same hours every day or week is work, however
 * short), not be used on most days, and keep its active memory low; or it has been powered off for long.
 * Every finding names the policy version that produced it.
 */
export interface ZombiePolicy {
  name: string;
  version: number;
  /** GCP Recommender and AWS Compute Optimizer: 14 days. */
  lookbackDays: number;
  /** GCP Recommender judges a new VM from its fifth day: with less history the VM is skipped, and the run says so. */
  minHistoryDays: number;
  /** GCP Recommender idle VM: CPU under `gcpIdleCpuCores` vCPU for at least `gcpIdleCpuShare` of the samples. */
  gcpIdleCpuCores: number;
  gcpIdleCpuShare: number;
  /**
   * GCP Recommender idle VM: received under 2,000 B/s and sent under 1,000 B/s for 95 % of the time. vCenter reports
   * only the sum of both, in whole KB/s (net.usage), so the sum is held under the receive line: under 2 KB/s, i.e.
   * a reading of 0 or 1.
   */
  gcpIdleNetKBps: number;
  gcpIdleNetShare: number;
  /** Azure Advisor shutdown: P95 of CPU under `azureP95CpuPct` over the window... */
  azureP95CpuPct: number;
  /** ...and the highest `azureAverageMinutes`-minute average of CPU over the last `azureRecentDays` days at most this. */
  azureRecentMaxCpuPct: number;
  azureRecentDays: number;
  azureAverageMinutes: number;
  /** JustFit's original zombie rule: average active memory at most this share of the configured memory (%). */
  idleMemoryPct: number;
  /**
   * An hour is active when CPU (its highest 5-minute average) rises to at least its usual level (the median hour)
   * plus the larger of `activeCpuPoints` and that level itself, or disk or network traffic likewise by the larger of
   * the absolute step and the usual level. Active hours are what recurring jobs and daily use are made of.
   */
  activeCpuPoints: number;
  activeDiskKBps: number;
  activeNetKBps: number;
  /**
   * A recurring job: active at the same hour of day (within an hour) on at least `jobDaysShare` of the days and on
   * at least `jobMinDays` days, or at the same hour of week in at least `jobMinWeeks` weeks and half of them. A VM
   * with a recurring job is working, whatever its idle share.
   */
  jobDaysShare: number;
  jobMinDays: number;
  jobMinWeeks: number;
  /** Active on at least this share of the days, at whatever hours: somebody uses it. */
  usedDaysShare: number;
  /** Powered off for at least this many days (Aria Operations: powered off for the whole period). */
  poweredOffDays: number;
}

export const DEFAULT_ZOMBIE_POLICY: ZombiePolicy = {
  name: 'zombie-default',
  version: 1,
  lookbackDays: 14,
  minHistoryDays: 5,
  gcpIdleCpuCores: 0.03,
  gcpIdleCpuShare: 0.97,
  gcpIdleNetKBps: 2,
  gcpIdleNetShare: 0.95,
  azureP95CpuPct: 3,
  azureRecentMaxCpuPct: 2,
  azureRecentDays: 3,
  azureAverageMinutes: 30,
  idleMemoryPct: 10,
  activeCpuPoints: 1,
  activeDiskKBps: 100,
  activeNetKBps: 10,
  jobDaysShare: 0.5,
  jobMinDays: 3,
  jobMinWeeks: 2,
  usedDaysShare: 0.5,
  poweredOffDays: 30,
};

/**
 * Right-sizing: a high percentile of CPU demand and the peak of active memory, plus headroom, rounded up to sizes
 * people deploy (see estate/vm-sizes.ts).
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
  /**
   * How a CPU need becomes a vCPU count: 'whole' rounds up to a whole vCPU (vSphere and CAS take any count), 'ladder'
   * to the sizes of VM templates and cloud families (1, 2, 4, 6, 8, 12, 16, ...).
   */
  vcpuRounding: 'whole' | 'ladder';
  minVcpu: number;
  minMemoryMb: number;
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
  vcpuRounding: 'whole',
  minVcpu: 1,
  minMemoryMb: 1024,
};

/**
 * Tidal (periodic) load: the fixed 24 h and 168 h periods (Crane, Prophet), each tested on the hourly series without
 * its trend. A tide a person would call one: a profile that swings, an autocorrelation peak at the period, most cycles
 * following the profile, and phases that differ significantly.
 */
export interface TidalPolicy {
  name: string;
  version: number;
  /** Hours read from the hourly rollup: 28 days is exactly four weeks. */
  lookbackDays: number;
  /** The hourly series analysed (average per hour). */
  metric: string;
  /** Whole cycles needed before a period is tested (Crane, Prophet: 2). */
  minCycles: number;
  /**
   * Significance level of the test that the phases differ: Kruskal-Wallis (the rank permutation test at a fixed
   * period), or, when it is not significant, a permutation test of the profile's peak-to-trough.
   */
  significanceLevel: number;
  /** Half-width (hours) of the window in which the ACF must peak at the period (Crane: min(4 h, period/2) for 24 h). */
  acfWindowHours: number;
  /** Minimum autocorrelation at the period lag (of the series without its trend). */
  minAcf: number;
  /** A cycle follows the profile when its values correlate with it at this Pearson r... */
  followCorrelation: number;
  /** ...and at least this share of the cycles must. */
  minCyclesFollowing: number;
  /** Minimum peak-to-trough difference of the cycle profile, in points of the metric (CPU %). */
  minPeakDiff: number;
  /** Minimum number of profile hours at or above mid-range. */
  minPeakHours: number;
  /** The weekly cycle is reported instead of the daily one when it explains this much more variance. */
  weeklyGain: number;
  /** Gaps up to this many hours are interpolated; longer ones stay gaps, and the tests use the observed hours. */
  maxGapHours: number;
  /** Peak hours are reported in this offset from UTC. */
  utcOffsetHours: number;
  /** Headroom used to size the off-peak need for the savings estimate. */
  cpuHeadroom: number;
}

export const DEFAULT_TIDAL_POLICY: TidalPolicy = {
  name: 'tidal-default',
  version: 1,
  lookbackDays: 28,
  metric: 'cpu.usage_pct',
  minCycles: 2,
  significanceLevel: 0.01,
  acfWindowHours: 4,
  minAcf: 0.3,
  followCorrelation: 0.5,
  minCyclesFollowing: 0.6,
  minPeakDiff: 10,
  minPeakHours: 1,
  weeklyGain: 0.1,
  maxGapHours: 6,
  utcOffsetHours: 0,
  cpuHeadroom: 0.2,
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
