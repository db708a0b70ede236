import { type RightsizeEvidence, DEFAULT_SETTINGS } from '@justfit/events';
/**
 * The analyzers on real traces (shared/data: Azure Public Dataset V1 sample, Cortez et al., "Resource Central",
 * SOSP 2017, CC-BY-4.0; Alibaba cluster-trace-v2018 machine_usage sample), judged against reference labels computed by
 * independent code (bench/reference: the published idle rules, recurring jobs, the "clearly tidal", p95 +
 * 20 %), never by JustFit's own functions.
 *
 * Each trace set is loaded into ClickHouse as its own connection, a VM per column (vCPU counts from the reference's
 * hash, as the reference's CSV export assigns them), and zombie, tidal and right-size run exactly as the analyzer runs
 * them, on the window that ends at the newest sample.
 */
import {
  type ClickHouseClient,
  type InventoryVm,
  insertInventory,
  insertSamples,
  type MetricSample,
  newestSampleHours,
} from '@justfit/storage';
import { DEFAULT_RIGHTSIZE_POLICY, DEFAULT_TIDAL_POLICY, DEFAULT_ZOMBIE_POLICY } from '../src/policies/policy';
import { rightsizeCandidates } from '../src/rightsize/rightsize-analysis';
import { loadPlacedVms } from '../src/runs/inventory';
import type { Candidate } from '../src/candidates/finding-candidate';
import { zombieCandidates } from '../src/zombie/zombie-analysis';
import { tidalCandidates } from '../src/tidal/tidal-analysis';
import { labelVm, type VmLabels } from './reference/label-vm';
import { loadTraceSet, TRACE_SETS, type TraceVm } from './reference/trace-catalogue';
import { STEP_MS, TRACE_START_MS } from './reference/trace-time';

const round = (v: number, d = 3) => Math.round(v * 10 ** d) / 10 ** d;
const BATCH = 200_000;

/** A connection per trace set (loaded once: a kept data directory already has them), and each VM's reference labels. */
async function loadTraces(clickhouse: ClickHouseClient): Promise<Map<string, Map<string, VmLabels>>> {
  const labels = new Map<string, Map<string, VmLabels>>();
  const loaded = await newestSampleHours(clickhouse);
  for (const setName of TRACE_SETS) {
    const set = loadTraceSet(setName);
    const connectionId = `trace-${setName.replace('/', '-').replace(/_/g, '-')}`;
    labels.set(
      connectionId,
      new Map(set.vms.map((vm) => [vm.name, labelVm(vm.name, vm.series, vm.vcpus, vm.periodHours)])),
    );
    if (loaded.has(connectionId)) continue;
    const observedAt = TRACE_START_MS + (set.vms[0]?.series.cpuAvg.length ?? 0) * STEP_MS;
    const vms: InventoryVm[] = set.vms.map((vm) => inventoryVm(connectionId, vm, observedAt));
    await insertInventory(clickhouse, 'vm', vms);
    let batch: MetricSample[] = [];
    for (const vm of set.vms) {
      batch.push(...samplesOf(connectionId, vm));
      if (batch.length >= BATCH) {
        await insertSamples(clickhouse, batch);
        batch = [];
      }
    }
    await insertSamples(clickhouse, batch);
  }
  return labels;
}

function inventoryVm(connectionId: string, vm: TraceVm, observedAt: number): InventoryVm {
  return {
    connectionId,
    taskId: 'traces',
    observedAt,
    id: vm.name,
    name: vm.name,
    datacenter: '',
    clusterId: null,
    hostId: null,
    uuid: '',
    cpuCount: vm.vcpus,
    memoryMb: 4096 * vm.vcpus,
    diskGb: 0,
    powerState: 'poweredOn',
    guestOs: '',
    ipAddress: '',
    isTemplate: false,
    overallStatus: 'gray',
    toolsStatus: '',
    createdAt: null,
    powerStateChangedAt: null,
  };
}

/** CPU % of the VM per 5-minute step, and network (KB/s, in + out) where the trace has it. */
function samplesOf(connectionId: string, vm: TraceVm): MetricSample[] {
  const out: MetricSample[] = [];
  const { cpuAvg, netInBps, netOutBps } = vm.series;
  for (let step = 0; step < cpuAvg.length; step++) {
    const ts = TRACE_START_MS + step * STEP_MS;
    const base = { connectionId, entityType: 'vm' as const, entityId: vm.name, ts };
    if (Number.isFinite(cpuAvg[step]!)) out.push({ ...base, metric: 'cpu.usage_pct', value: cpuAvg[step]! });
    const net = (netInBps?.[step] ?? Number.NaN) + (netOutBps?.[step] ?? Number.NaN);
    if (Number.isFinite(net)) out.push({ ...base, metric: 'net.kbps', value: net / 1024 });
  }
  return out;
}

interface Score {
  precision: number;
  recall: number;
  tp: number;
  fp: number;
  fn: number;
}

function score(predicted: Set<string>, positives: Set<string>, negatives: Set<string>): Score {
  let tp = 0;
  let fp = 0;
  for (const id of predicted) {
    if (positives.has(id)) tp++;
    else if (negatives.has(id)) fp++;
  }
  const fn = positives.size - tp;
  return { precision: round(tp / Math.max(1, tp + fp)), recall: round(tp / Math.max(1, tp + fn)), tp, fp, fn };
}

const flagged = (candidates: Candidate[]) => candidates.filter((c) => c.body).map((c) => c.entityId);

/** Zombie, tidal and right-size on every trace set, each judged against the reference labels. */
export async function realTraceAccuracy(clickhouse: ClickHouseClient, log: (line: string) => void) {
  const labelsByConnection = await loadTraces(clickhouse);
  const newest = await newestSampleHours(clickhouse);
  const zombieFindings: string[] = [];
  const violations: Array<{ vm: string; why: string }> = [];
  let idleWithoutJob = 0;
  let tidalPredicted = new Set<string>();
  const tidalPositives = new Set<string>();
  const tidalNegatives = new Set<string>();
  const rightsize = { vms: 0, justfitCores: 0, justfitShrinkCores: 0, referenceCores: 0, referenceUnrounded: 0 };
  const perSet: Record<string, unknown> = {};

  for (const [connectionId, labels] of labelsByConnection) {
    const vms = await loadPlacedVms(clickhouse, connectionId);
    const asOf = newest.get(connectionId)!;
    const args = { prices: DEFAULT_SETTINGS.currencyAndPrices, asOf, now: asOf, runId: 'real-traces', connectionId };
    const zombie = await zombieCandidates(clickhouse, vms, { ...args, policy: DEFAULT_ZOMBIE_POLICY });
    const tidal = await tidalCandidates(clickhouse, vms, { ...args, policy: DEFAULT_TIDAL_POLICY });
    const zombies = new Set(flagged(zombie));
    const resized = await rightsizeCandidates(clickhouse, vms, {
      ...args,
      policy: DEFAULT_RIGHTSIZE_POLICY,
      yieldTo: new Set([...zombies].map((id) => `${connectionId}/${id}`)),
    });

    for (const id of zombies) {
      const l = labels.get(id)!;
      zombieFindings.push(id);
      const jobs = [l.recurring.daily && 'a daily job', l.recurring.weekly && 'a weekly job']
        .concat(l.tidal.label === 'tidal' ? ['a clear tide'] : [])
        .filter(Boolean);
      if (!l.idle.byIdleRule) violations.push({ vm: id, why: 'idle by no published rule' });
      if (jobs.length) violations.push({ vm: id, why: `has ${jobs.join(' and ')}` });
    }
    for (const l of labels.values()) {
      if (l.idle.byIdleRule && !l.recurring.daily && !l.recurring.weekly && l.tidal.label !== 'tidal') idleWithoutJob++;
      if (l.tidal.label === 'tidal') tidalPositives.add(`${connectionId}/${l.name}`);
      if (l.tidal.label === 'not_tidal') tidalNegatives.add(`${connectionId}/${l.name}`);
    }
    const tides = flagged(tidal);
    tidalPredicted = new Set([...tidalPredicted, ...tides.map((id) => `${connectionId}/${id}`)]);

    // Right-size: the VMs it covers (judged, and not yielded to a zombie finding), against p95 + 20 % on them.
    let covered = 0;
    for (const c of resized) {
      if (c.skipped || zombies.has(c.entityId)) continue;
      const reference = labels.get(c.entityId)!.rightsize;
      covered++;
      rightsize.referenceCores += reference.savingsCores;
      rightsize.referenceUnrounded += reference.savingsCoresUnrounded;
      const saved = c.body ? (c.body.evidence as unknown as RightsizeEvidence) : undefined;
      if (saved) {
        const cores = saved.currentConfig.vcpu - saved.recommended.vcpu;
        rightsize.justfitCores += cores;
        rightsize.justfitShrinkCores += Math.max(0, cores);
      }
    }
    rightsize.vms += covered;
    perSet[connectionId] = {
      vms: vms.length,
      zombie: zombies.size,
      tidal: tides.length,
      clearly_tidal: [...labels.values()].filter((l) => l.tidal.label === 'tidal').length,
      rightsize_covered: covered,
    };
  }

  const tidalScore = score(tidalPredicted, tidalPositives, tidalNegatives);
  const ratio = rightsize.referenceCores > 0 ? rightsize.justfitShrinkCores / rightsize.referenceCores : 1;
  const result = {
    sets: perSet,
    zombie: {
      findings: zombieFindings.length,
      idle_by_a_published_rule_without_job: idleWithoutJob,
      violations: violations.length,
      violation_list: violations,
    },
    tidal: tidalScore,
    rightsize: {
      vms: rightsize.vms,
      justfit_cores_saved: rightsize.justfitShrinkCores,
      justfit_net_cores: rightsize.justfitCores,
      reference_cores_saved: rightsize.referenceCores,
      reference_cores_saved_unrounded: round(rightsize.referenceUnrounded, 1),
      ratio_to_reference: round(ratio),
    },
  };
  log(`real traces: ${JSON.stringify(result.sets)}`);
  log(
    `real traces zombie: ${result.zombie.findings} findings, ${result.zombie.violations} against the reference ` +
      `(${idleWithoutJob} VMs are idle by a published rule with no job)`,
  );
  for (const v of violations) log(`  ${v.vm}: ${v.why}`);
  log(
    `real traces tidal precision ${tidalScore.precision} recall ${tidalScore.recall} ` +
      `(tp ${tidalScore.tp}, fp ${tidalScore.fp}, fn ${tidalScore.fn}; ambiguous VMs not scored)`,
  );
  log(
    `real traces right-size: ${rightsize.justfitShrinkCores} cores saved on ${rightsize.vms} VMs, p95 + 20 % gives ` +
      `${rightsize.referenceCores} (${round(rightsize.referenceUnrounded, 1)} unrounded): ratio ${round(ratio)}`,
  );
  return result;
}
