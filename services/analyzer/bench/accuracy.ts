/**
 * Accuracy of the analyzers on a labelled simulated estate, and on the real traces of shared/data judged by
 * independent reference labels (bench/real-traces.ts).
 *
 *   npm run accuracy -- [--vms 2000] [--days 30] [--seed 42] [--data-dir DIR] [--keep] [--skip-real]
 *
 * The estate (bench/sim) is generated reproducibly from the seed and written through the storage library into chDB,
 * then zombie, right-size, tidal and health run exactly as the analyzer runs them (ClickHouse queries + rules) and
 * their findings are scored against the ground truth. The detectors never see the labels. With --data-dir the
 * generated estate is kept and reused by later runs with the same parameters. Last line: one JSON object.
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ClickHouseClient } from '@justfit/storage';
import { healthCandidates } from '../src/health/health-analysis';
import { type HealthEvidence, type RightsizeEvidence, DEFAULT_SETTINGS } from '@justfit/events';
import {
  DEFAULT_HEALTH_POLICY,
  DEFAULT_RIGHTSIZE_POLICY,
  DEFAULT_TIDAL_POLICY,
  DEFAULT_ZOMBIE_POLICY,
} from '../src/policies/policy';
import { rightsizeCandidates } from '../src/rightsize/rightsize-analysis';
import { loadPlacedVms } from '../src/runs/inventory';
import type { Candidate } from '../src/candidates/finding-candidate';
import { zombieCandidates } from '../src/zombie/zombie-analysis';
import type { TidalEvidence } from '../src/tidal/tidal.rule';
import { tidalCandidates } from '../src/tidal/tidal-analysis';
import { realTraceAccuracy } from './real-traces';
import type { Estate } from './sim/estate';
import { loadEstate, SIM_CONNECTION } from './sim/load';
import type { VmTruth } from './sim/truth';

const { values: opts } = parseArgs({
  options: {
    vms: { type: 'string', default: '2000' },
    days: { type: 'string', default: '30' },
    seed: { type: 'string', default: '42' },
    'data-dir': { type: 'string' },
    keep: { type: 'boolean', default: false },
    'skip-real': { type: 'boolean', default: false },
  },
});
const log = (line: string) => process.stdout.write(`${line}\n`);
const round = (v: number, d = 3) => Math.round(v * 10 ** d) / 10 ** d;

interface Score {
  precision: number;
  recall: number;
  tp: number;
  fp: number;
  fn: number;
}
function score(predicted: Set<string>, actual: Set<string>): Score {
  let tp = 0;
  for (const id of predicted) if (actual.has(id)) tp++;
  const fp = predicted.size - tp;
  const fn = actual.size - tp;
  return { precision: round(tp / Math.max(1, tp + fp)), recall: round(tp / Math.max(1, tp + fn)), tp, fp, fn };
}

const flagged = (candidates: Candidate[]) => new Set(candidates.filter((c) => c.body).map((c) => c.entityId));

function table(title: string, rows: Array<Record<string, string | number>>): void {
  log(`\n${title}`);
  if (rows.length === 0) return;
  const keys = Object.keys(rows[0]!);
  const width = keys.map((k) => Math.max(k.length, ...rows.map((r) => String(r[k]).length)));
  log(keys.map((k, i) => k.padEnd(width[i]!)).join('  '));
  for (const r of rows) log(keys.map((k, i) => String(r[k]).padEnd(width[i]!)).join('  '));
}

function perClass<T>(truth: VmTruth[], ids: (cls: VmTruth) => T): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const t of truth) map.set(t.cls, [...(map.get(t.cls) ?? []), ids(t)]);
  return map;
}

async function main() {
  const vmCount = Number(opts.vms);
  const days = Number(opts.days);
  const seed = Number(opts.seed);
  const dataDir = opts['data-dir'] ?? join(tmpdir(), `justfit-accuracy-${process.pid}`);
  log(`estate: ${vmCount} VMs × ${days} days × 5-minute samples, seed ${seed}, chDB in ${dataDir}`);
  const loaded = await loadEstate(dataDir, { seed, vms: vmCount, days, log });
  const { clickhouse, estate, truth } = loaded;
  if (loaded.generated)
    log(
      `generated ${loaded.rows.toLocaleString()} samples in ${loaded.seconds.toFixed(0)} s (${Math.round(loaded.rows / loaded.seconds).toLocaleString()} rows/s)`,
    );
  try {
    const result = await evaluate(clickhouse, estate, truth);
    result.estate.samples = loaded.rows;
    let real: unknown = { skipped: true };
    if (!opts['skip-real']) {
      log('\nReal traces (Azure V1 and Alibaba 2018 samples), judged by the independent reference labels');
      real = await realTraceAccuracy(clickhouse, log);
    }
    log(JSON.stringify({ synthetic: result, real_traces: real }));
  } finally {
    await clickhouse.close();
    if (!opts['data-dir'] && !opts.keep) rmSync(dataDir, { recursive: true, force: true });
  }
}

async function evaluate(clickhouse: ClickHouseClient, estate: Estate, truth: VmTruth[]) {
  const vms = await loadPlacedVms(clickhouse, SIM_CONNECTION);
  const args = {
    prices: DEFAULT_SETTINGS.currencyAndPrices,
    asOf: estate.now,
    now: estate.now,
    runId: 'accuracy',
    connectionId: SIM_CONNECTION,
  };
  const timed = async <T>(label: string, run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const out = await run();
    log(`${label}: ${((performance.now() - started) / 1000).toFixed(2)} s`);
    return out;
  };
  const zombie = await timed('zombie', () =>
    zombieCandidates(clickhouse, vms, { ...args, policy: DEFAULT_ZOMBIE_POLICY }),
  );
  const rightsize = await timed('rightsize', () =>
    rightsizeCandidates(clickhouse, vms, { ...args, policy: DEFAULT_RIGHTSIZE_POLICY }),
  );
  const tidal = await timed('tidal', () => tidalCandidates(clickhouse, vms, { ...args, policy: DEFAULT_TIDAL_POLICY }));
  const health = await timed('health', () =>
    healthCandidates(clickhouse, vms, { ...args, policy: DEFAULT_HEALTH_POLICY }),
  );

  // Zombie.
  const zombieScore = score(flagged(zombie), new Set(truth.filter((t) => t.zombie).map((t) => t.id)));
  const zombieFlags = flagged(zombie);
  table(
    'zombie: share flagged per class',
    [...perClass(truth, (t) => zombieFlags.has(t.id))].map(([cls, v]) => ({
      class: cls,
      vms: v.length,
      flagged: round(v.filter(Boolean).length / v.length),
    })),
  );
  log(
    `zombie precision ${zombieScore.precision} recall ${zombieScore.recall} (tp ${zombieScore.tp}, fp ${zombieScore.fp}, fn ${zombieScore.fn})`,
  );

  // Tidal.
  const unscored = new Set(truth.filter((t) => t.tidalUnscored).map((t) => t.id));
  const tidalFlags = new Set([...flagged(tidal)].filter((id) => !unscored.has(id)));
  const tidalScore = score(tidalFlags, new Set(truth.filter((t) => t.tidal).map((t) => t.id)));
  const cycleOf = new Map(
    tidal.filter((c) => c.body).map((c) => [c.entityId, (c.body!.evidence as unknown as TidalEvidence).cycleType]),
  );
  const detectedTide = truth.filter((t) => t.tidal && cycleOf.has(t.id));
  const cycleAgreement = round(
    detectedTide.filter((t) => cycleOf.get(t.id) === t.tidal).length / Math.max(1, detectedTide.length),
  );
  table(
    'tidal: share flagged per class (daily / weekly as reported)',
    [...perClass(truth, (t) => cycleOf.get(t.id) ?? '')].map(([cls, v]) => ({
      class: cls,
      vms: v.length,
      flagged: round(v.filter(Boolean).length / v.length),
      daily: v.filter((c) => c === 'daily').length,
      weekly: v.filter((c) => c === 'weekly').length,
    })),
  );
  log(
    `tidal precision ${tidalScore.precision} recall ${tidalScore.recall} (tp ${tidalScore.tp}, fp ${tidalScore.fp}, fn ${tidalScore.fn}); cycle type agrees for ${cycleAgreement} of the detected tides`,
  );

  // Right-size: the recommendation (or the current size when nothing is raised) against the policy applied to the truth.
  const byId = new Map(rightsize.map((c) => [c.entityId, c]));
  const vmById = new Map(vms.map((v) => [v.id, v]));
  const judged = truth
    .filter((t) => t.rightsize)
    .map((t) => {
      const candidate = byId.get(t.id);
      const vm = vmById.get(t.id)!;
      const rec = candidate?.body
        ? (candidate.body.evidence as unknown as RightsizeEvidence).recommended
        : candidate?.skipped
          ? null
          : { vcpu: vm.cpuCount, mem: vm.memoryMb };
      const ok =
        rec !== null &&
        Math.abs(rec.vcpu - t.rightsize!.vcpu) <= 1 &&
        Math.abs(rec.mem - t.rightsize!.mem) <= 0.1 * t.rightsize!.mem;
      const exact = rec !== null && rec.vcpu === t.rightsize!.vcpu && rec.mem === t.rightsize!.mem;
      const shrink = (r: { vcpu: number; mem: number }) => r.vcpu < vm.cpuCount || r.mem < vm.memoryMb;
      const grow = (r: { vcpu: number; mem: number }) => r.vcpu > vm.cpuCount || r.mem > vm.memoryMb;
      return {
        t,
        ok,
        exact,
        predShrink: rec !== null && shrink(rec),
        trueShrink: shrink(t.rightsize!),
        predGrow: rec !== null && grow(rec),
        trueGrow: grow(t.rightsize!),
      };
    });
  const withinTolerance = round(judged.filter((j) => j.ok).length / Math.max(1, judged.length));
  table(
    'rightsize: within one vCPU and 10 % of memory of the truth, per class',
    [
      ...perClass(
        judged.map((j) => j.t),
        (t) => t.id,
      ),
    ].map(([cls, ids]) => {
      const rows = judged.filter((j) => ids.includes(j.t.id));
      return {
        class: cls,
        vms: rows.length,
        within: round(rows.filter((r) => r.ok).length / rows.length),
        exact: round(rows.filter((r) => r.exact).length / rows.length),
      };
    }),
  );
  const ids = (pick: (j: (typeof judged)[number]) => boolean) => new Set(judged.filter(pick).map((j) => j.t.id));
  const shrinkScore = score(
    ids((j) => j.predShrink),
    ids((j) => j.trueShrink),
  );
  const growScore = score(
    ids((j) => j.predGrow),
    ids((j) => j.trueGrow),
  );
  const misses = judged
    .filter((j) => !j.ok)
    .slice(0, 8)
    .map((j) => {
      const c = byId.get(j.t.id);
      const e = c?.body?.evidence as unknown as RightsizeEvidence | undefined;
      return {
        vm: j.t.id,
        class: j.t.cls,
        truth: `${j.t.rightsize!.vcpu}/${j.t.rightsize!.mem}`,
        got: e ? `${e.recommended.vcpu}/${e.recommended.mem}` : (c?.skipped ?? 'fit'),
        trueP95: round(j.t.rightsize!.demandP, 2),
        est: e?.cpuDemandCores ?? '',
      };
    });
  if (misses.length) table('rightsize: first misses (vCPU/MB)', misses);
  log(
    `rightsize within tolerance ${withinTolerance} of ${judged.length} VMs; shrink precision ${shrinkScore.precision} recall ${shrinkScore.recall}; grow precision ${growScore.precision} recall ${growScore.recall}`,
  );

  // Health.
  const unhealthy = score(
    flagged(health),
    new Set(estate.clusters.filter((c) => c.kind !== 'healthy').map((c) => c.id)),
  );
  const evidence = health.filter((c) => c.body).map((c) => c.body!.evidence as unknown as HealthEvidence);
  const hotspots = score(
    new Set(evidence.flatMap((e) => e.hotspotHostIds)),
    new Set(estate.hosts.filter((h) => h.hot).map((h) => h.id)),
  );
  const overcommitted = score(
    new Set(
      health
        .filter((c) => c.body && (c.body.evidence as unknown as HealthEvidence).overcommitRisk >= 0.5)
        .map((c) => c.entityId),
    ),
    new Set(estate.clusters.filter((c) => c.kind === 'overcommitted').map((c) => c.id)),
  );
  table(
    'health: clusters',
    health.map((c) => {
      const e = c.body?.evidence as unknown as HealthEvidence | undefined;
      return {
        cluster: c.entityId,
        kind: estate.clusters.find((k) => k.id === c.entityId)?.kind ?? '?',
        level: e?.level ?? (c.skipped ? `skipped: ${c.skipped}` : 'healthy'),
        score: e?.score ?? '',
        hotspots: e?.hotspots.length ?? 0,
        overcommitRisk: e?.overcommitRisk ?? '',
      };
    }),
  );
  log(
    `health unhealthy-cluster precision ${unhealthy.precision} recall ${unhealthy.recall}; hotspot hosts precision ${hotspots.precision} recall ${hotspots.recall}`,
  );

  return {
    zombie: { precision: zombieScore.precision, recall: zombieScore.recall },
    tidal: { precision: tidalScore.precision, recall: tidalScore.recall, cycle_type_agreement: cycleAgreement },
    rightsize: {
      within_tolerance: withinTolerance,
      vms: judged.length,
      shrink: { precision: shrinkScore.precision, recall: shrinkScore.recall },
      grow: { precision: growScore.precision, recall: growScore.recall },
    },
    health: {
      unhealthy_clusters: { precision: unhealthy.precision, recall: unhealthy.recall },
      hotspot_hosts: { precision: hotspots.precision, recall: hotspots.recall },
      overcommitted_clusters: { precision: overcommitted.precision, recall: overcommitted.recall },
    },
    estate: { vms: estate.vms.length, days: estate.days, seed: estate.seed, samples: 0 },
  };
}

await main();
