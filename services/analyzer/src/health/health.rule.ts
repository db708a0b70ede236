import type { HealthEvidence, HealthLevel, HostSummary } from '@justfit/events';
import type { PlacedVm } from '../estate/vm';
import type { HealthPolicy } from '../policies/policy';
import type { HostLoad } from './health.query';

export interface HostCapacity {
  id: string;
  name: string;
  clusterId: string | null;
  cpuCores: number;
  memoryMb: number;
  powerState: string;
}

export type HealthVerdict =
  | { kind: 'assessed'; riskLevel: 'low' | 'medium' | 'high'; confidence: number; evidence: HealthEvidence }
  | { kind: 'skipped'; reason: string };

const round = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;
const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/** Population standard deviation of the finite values (NaN when fewer than two). */
export function stdDev(values: number[]): number {
  const finite = values.filter(Number.isFinite);
  if (finite.length < 2) return Number.NaN;
  const mean = finite.reduce((a, b) => a + b, 0) / finite.length;
  return Math.sqrt(finite.reduce((a, b) => a + (b - mean) ** 2, 0) / finite.length);
}

/**
 * Mean over the hours of the spread of host load (classic DRS "current host load standard deviation", on loads as
 * fractions 0..1). Only hours with at least two hosts reporting count.
 */
export function meanLoadStdDev(loads: HostLoad[], pick: (load: HostLoad) => number[]): { std: number; hours: number } {
  const byHour = new Map<number, number[]>();
  for (const load of loads) {
    const values = pick(load);
    load.hours.forEach((hour, i) => {
      const v = values[i]!;
      if (!Number.isFinite(v)) return;
      const list = byHour.get(hour) ?? [];
      list.push(v / 100);
      byHour.set(hour, list);
    });
  }
  let sum = 0;
  let hours = 0;
  for (const values of byHour.values()) {
    if (values.length < 2) continue;
    sum += stdDev(values);
    hours++;
  }
  return { std: hours === 0 ? 0 : sum / hours, hours };
}

export function summariseHost(host: HostCapacity, load: HostLoad | undefined, policy: HealthPolicy): HostSummary {
  if (!load || load.hours.length === 0)
    return { hostId: host.id, name: host.name, avgCpuPct: null, avgMemPct: null, hotShare: 0, hotspot: false };
  let hot = 0;
  let counted = 0;
  let cpuSum = 0;
  let cpuN = 0;
  let memSum = 0;
  let memN = 0;
  load.hours.forEach((_, i) => {
    const cpu = load.cpu[i]!;
    const mem = load.mem[i]!;
    if (!Number.isFinite(cpu) && !Number.isFinite(mem)) return;
    counted++;
    if (Number.isFinite(cpu)) {
      cpuSum += cpu;
      cpuN++;
    }
    if (Number.isFinite(mem)) {
      memSum += mem;
      memN++;
    }
    if (cpu >= policy.hotspotPct || mem >= policy.hotspotPct) hot++;
  });
  const hotShare = counted === 0 ? 0 : hot / counted;
  return {
    hostId: host.id,
    name: host.name,
    avgCpuPct: cpuN ? round(cpuSum / cpuN) : null,
    avgMemPct: memN ? round(memSum / memN) : null,
    hotShare: round(hotShare, 3),
    hotspot: counted > 0 && hotShare >= policy.hotspotShare,
  };
}

/**
 * Cluster health, 0-100: a weighted mean of balance (spread of host load), overcommit (vCPU per core, allocated vs
 * physical memory) and hotspots (hosts hot for a sustained share of hours). Any hotspot, or overcommit risk of 0.5 or
 * more, caps the score just below `healthyScore`: a cluster with either is never called healthy.
 */
export function assessClusterHealth(
  hosts: HostCapacity[],
  loads: Map<string, HostLoad>,
  vms: PlacedVm[],
  policy: HealthPolicy,
): HealthVerdict {
  const active = hosts.filter((h) => h.powerState !== 'poweredOff' && h.powerState !== 'standBy');
  if (active.length === 0) return { kind: 'skipped', reason: 'no powered-on hosts' };
  const hostLoads = active
    .map((h) => loads.get(h.id))
    .filter((l): l is HostLoad => l !== undefined && l.hours.length > 0);
  const hoursAnalysed = Math.max(0, ...hostLoads.map((l) => l.hours.length));
  if (hoursAnalysed < policy.minHistoryHours) {
    return {
      kind: 'skipped',
      reason: `only ${hoursAnalysed} h of host history; at least ${policy.minHistoryHours} h needed`,
    };
  }

  const cpuSpread = meanLoadStdDev(hostLoads, (l) => l.cpu);
  const memSpread = meanLoadStdDev(hostLoads, (l) => l.mem);
  const spread = Math.max(cpuSpread.std, memSpread.std);
  const balanceScore = 100 * clamp01(1 - (spread - policy.balanceStdOk) / (policy.balanceStdBad - policy.balanceStdOk));

  const summaries = active.map((h) => summariseHost(h, loads.get(h.id), policy));
  const hot = summaries.filter((s) => s.hotspot);
  const hotspotScore = 100 * (1 - Math.min(1, (2 * hot.length) / active.length));

  const running = vms.filter((v) => v.powerState === 'poweredOn' && !v.isTemplate);
  const cores = active.reduce((a, h) => a + h.cpuCores, 0);
  const memory = active.reduce((a, h) => a + h.memoryMb, 0);
  const vcpuPerCore = cores > 0 ? running.reduce((a, v) => a + v.cpuCount, 0) / cores : 0;
  const memAllocRatio = memory > 0 ? running.reduce((a, v) => a + v.memoryMb, 0) / memory : 0;
  const cpuOvercommitRisk = clamp01(
    (vcpuPerCore - policy.cpuOvercommitSafe) / (policy.cpuOvercommitMax - policy.cpuOvercommitSafe),
  );
  const memOvercommitRisk = clamp01(
    (memAllocRatio - policy.memOvercommitSafe) / (policy.memOvercommitMax - policy.memOvercommitSafe),
  );
  const overcommitRisk = Math.max(cpuOvercommitRisk, memOvercommitRisk);

  const { weights } = policy;
  const weightSum = weights.balance + weights.overcommit + weights.hotspot || 1;
  let score =
    (weights.balance * balanceScore +
      weights.overcommit * 100 * (1 - overcommitRisk) +
      weights.hotspot * hotspotScore) /
    weightSum;
  if (hot.length > 0 || overcommitRisk >= 0.5) score = Math.min(score, policy.healthyScore - 1);
  score = round(score, 1);
  const level: HealthLevel =
    score >= policy.healthyScore ? 'healthy' : score >= policy.criticalScore ? 'warning' : 'critical';

  const evidence: HealthEvidence = {
    score,
    balanceScore: round(balanceScore, 1),
    overcommitRisk: round(overcommitRisk, 3),
    hotspots: hot.map((s) => s.name),
    level,
    hotspotHostIds: hot.map((s) => s.hostId),
    hotspotScore: round(hotspotScore, 1),
    cpuLoadStdDev: round(cpuSpread.std, 4),
    memLoadStdDev: round(memSpread.std, 4),
    vcpuPerCore: round(vcpuPerCore),
    memAllocRatio: round(memAllocRatio, 3),
    cpuOvercommitRisk: round(cpuOvercommitRisk, 3),
    memOvercommitRisk: round(memOvercommitRisk, 3),
    hosts: active.length,
    hostsWithLoad: hostLoads.length,
    poweredOnVms: running.length,
    hoursAnalysed,
    hostLoads: summaries,
  };
  const coverage = Math.min(1, hoursAnalysed / (policy.lookbackDays * 24)) * (hostLoads.length / active.length);
  return {
    kind: 'assessed',
    riskLevel: level === 'healthy' ? 'low' : level === 'warning' ? 'medium' : 'high',
    confidence: round(Math.min(0.99, 0.5 + 0.45 * coverage)),
    evidence,
  };
}

export function describeHealth(clusterName: string, e: HealthEvidence): { conclusion: string; recommendation: string } {
  const problems: string[] = [];
  if (e.hotspots.length > 0)
    problems.push(
      `${e.hotspots.length} hotspot host(s): ${e.hotspots.slice(0, 5).join(', ')}${e.hotspots.length > 5 ? ', …' : ''}`,
    );
  if (e.balanceScore < 60)
    problems.push(
      `uneven host load (σ CPU ${round(e.cpuLoadStdDev * 100, 1)} pts, memory ${round(e.memLoadStdDev * 100, 1)} pts)`,
    );
  if (e.overcommitRisk > 0)
    problems.push(
      `overcommitted (${e.vcpuPerCore} vCPU per core, ${round(e.memAllocRatio * 100, 0)}% of memory allocated)`,
    );
  const conclusion = `Cluster ${clusterName} health ${e.score}/100 (${e.level})${problems.length ? `: ${problems.join('; ')}` : ''}.`;
  const steps: string[] = [];
  if (e.hotspots.length > 0 || e.balanceScore < 60)
    steps.push('rebalance load away from the hot hosts (enable or tighten DRS)');
  if (e.overcommitRisk > 0)
    steps.push('reclaim zombie and oversized VMs or add host capacity to bring overcommit down');
  const recommendation = steps.length
    ? `${steps.join('; ')}.`.replace(/^./, (c) => c.toUpperCase())
    : 'No action needed.';
  return { conclusion, recommendation };
}
