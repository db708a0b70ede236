/**
 * vCenter connector benchmark against vcsim, with govc (govmomi's CLI, Go) as the baseline on the same simulator:
 * inventory of a ≥2,000-VM estate plus one hour of real-time samples for five counters.
 * Prints the figures, then as the last line one JSON object {"justfit_s","govc_s","ratio"} (medians).
 *
 *   npm run bench:collector            # BENCH_ROUNDS=3, 10 clusters × 200 VMs
 *   BENCH_VMS_PER_CLUSTER=50 npm run bench:collector
 *   BENCH_FORMAT=normal BENCH_REALTIME_MAX_METRICS=64 npm run bench:collector   # connector variants
 *   npm run bench:collector -- --platform h3c   # the H3C CAS connector against the fake CAS (bench/cas.bench.ts)
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startVcsim, type Vcsim } from '@justfit/testing/vcsim';
import { toolPath } from '@justfit/testing/tools';
import type { RawEntity } from '@justfit/events';
import { EndpointPolicy } from '../src/adapters/endpoint-policy';
import { VCenterConnector } from '../src/adapters/vcenter/vcenter-connector';
import { CLUSTER_PATHS, DATASTORE_PATHS, HOST_PATHS, VM_PATHS } from '../src/adapters/vcenter/inventory/property-paths';

const execFileAsync = promisify(execFile);
const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 10);
const VMS_PER_CLUSTER = Number(process.env.BENCH_VMS_PER_CLUSTER ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const COUNTERS = [
  'cpu.usage.average',
  'cpu.usagemhz.average',
  'mem.usage.average',
  'mem.consumed.average',
  'net.usage.average',
];
const WINDOW_MS = 3_600_000;
const NO_SCOPE = { clusterIds: [], hostIds: [], vmIds: [] };
const CONNECTOR_OPTIONS = {
  // vcsim listens on loopback, which connections may reach only where a lab allows it.
  endpointPolicy: new EndpointPolicy({ allowed: ['127.0.0.1/32'] }),
  ...(process.env.BENCH_FORMAT ? { format: process.env.BENCH_FORMAT as 'csv' | 'normal' } : {}),
  ...(process.env.BENCH_REALTIME_MAX_METRICS
    ? { realtimeMaxMetrics: Number(process.env.BENCH_REALTIME_MAX_METRICS) }
    : {}),
};

interface Run {
  seconds: number;
  inventorySeconds: number;
  objects: number;
  samples: number;
}

async function justfit(sim: Vcsim): Promise<Run> {
  const started = performance.now();
  const connector = new VCenterConnector(
    { endpoint: sim.url, port: sim.port, username: sim.username, password: sim.password, verifyTls: false },
    CONNECTOR_OPTIONS,
  );
  const entities: RawEntity[] = [];
  for await (const page of connector.inventory(NO_SCOPE)) entities.push(...page);
  const inventorySeconds = (performance.now() - started) / 1000;
  const now = Date.now();
  let samples = 0;
  const vms = entities.filter((e) => e.kind === 'vm');
  for await (const page of connector.metrics({
    scope: NO_SCOPE,
    startTime: now - WINDOW_MS,
    endTime: now,
    intervalSec: 20,
    counters: COUNTERS,
    entities: vms,
  })) {
    samples += page.length;
  }
  await connector.close();
  return { seconds: (performance.now() - started) / 1000, inventorySeconds, objects: entities.length, samples };
}

async function govc(sim: Vcsim): Promise<Run> {
  const run = async (...args: string[]) =>
    (await execFileAsync(toolPath('govc'), args, { env: { ...process.env, ...sim.govcEnv }, maxBuffer: 1 << 30 }))
      .stdout;
  const started = performance.now();
  // The same property paths as the connector, one container-view collect per type, run side by side.
  const inventory = await Promise.all([
    run('object.collect', '-json', '-type', 'm', '/', ...VM_PATHS),
    run('object.collect', '-json', '-type', 'h', '/', ...HOST_PATHS),
    run('object.collect', '-json', '-type', 'c', '/', ...CLUSTER_PATHS),
    run('object.collect', '-json', '-type', 's', '/', ...DATASTORE_PATHS),
    run('object.collect', '-json', '-type', 'd', '-type', 'f', '-type', 'r', '/', 'name', 'parent'),
  ]);
  const inventorySeconds = (performance.now() - started) / 1000;
  const samplesPerSeries = String(WINDOW_MS / 20_000 + 1);
  const perf = await run(
    'metric.sample',
    '-json',
    '-i',
    'real',
    '-n',
    samplesPerSeries,
    '-instance',
    '-',
    '/*/vm/*',
    ...COUNTERS,
  );
  const seconds = (performance.now() - started) / 1000;
  const objects = inventory.reduce((n, out) => n + (out.match(/"kind": "enter"/g)?.length ?? 0), 0);
  let samples = 0;
  for (const entity of (JSON.parse(perf) as { sample?: Array<{ value?: Array<{ value?: number[] }> }> }).sample ?? []) {
    for (const series of entity.value ?? []) samples += (series.value ?? []).filter((v) => v !== -1).length;
  }
  return { seconds, inventorySeconds, objects, samples };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (r: Run) =>
  `${r.seconds.toFixed(2)} s (inventory ${r.inventorySeconds.toFixed(2)} s, ${r.objects} objects, ${r.samples} samples)`;

async function benchVcenter(): Promise<void> {
  const t0 = performance.now();
  const sim = await startVcsim({
    clusters: CLUSTERS,
    hosts: 4,
    vms: VMS_PER_CLUSTER,
    standaloneHosts: 0,
    startTimeoutMs: 600_000,
  });
  console.log(
    `vcsim: ${CLUSTERS} clusters × 4 hosts, ${CLUSTERS * VMS_PER_CLUSTER} VMs, ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  console.log(
    `workload: inventory + ${WINDOW_MS / 60_000} min of real-time samples for ${COUNTERS.join(', ')}; connector options ${JSON.stringify(CONNECTOR_OPTIONS)}`,
  );
  try {
    const ours: Run[] = [];
    const theirs: Run[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      // Alternate who goes first, so neither always meets a warm (or busy) simulator.
      const order = round % 2 ? [justfit, govc] : [govc, justfit];
      for (const contender of order) {
        const result = await contender(sim);
        (contender === justfit ? ours : theirs).push(result);
        console.log(`round ${round} ${contender === justfit ? 'justfit' : 'govc   '}: ${fmt(result)}`);
      }
    }
    const justfitS = median(ours.map((r) => r.seconds));
    const govcS = median(theirs.map((r) => r.seconds));
    console.log(
      `median justfit ${justfitS.toFixed(2)} s (inventory ${median(ours.map((r) => r.inventorySeconds)).toFixed(2)} s), ` +
        `govc ${govcS.toFixed(2)} s (inventory ${median(theirs.map((r) => r.inventorySeconds)).toFixed(2)} s)`,
    );
    console.log(
      JSON.stringify({
        justfit_s: Number(justfitS.toFixed(3)),
        govc_s: Number(govcS.toFixed(3)),
        ratio: Number((justfitS / govcS).toFixed(3)),
      }),
    );
  } finally {
    await sim.stop();
  }
}

const flag = process.argv.indexOf('--platform');
const platform = flag >= 0 ? process.argv[flag + 1] : 'vcenter';
if (platform === 'h3c') await (await import('./cas.bench')).benchCas();
else if (platform === 'vcenter') await benchVcenter();
else throw new Error(`--platform ${platform}: vcenter or h3c`);
