/**
 * ETL throughput: N metric samples published through NATS (MetricsObserved events of 4,000 samples, as the collector
 * batches them) to the ETL running as its own process, timed from the moment it may consume them until all are
 * queryable in ClickHouse; against the same rows inserted straight into the same engine (the embedded ClickHouse
 * server) from this one process, once before and once after the ETL run (their mean is the baseline). The samples are
 * published while the ETL's consumer is paused, so the publisher (the collector's work) does not compete with the
 * ETL for the machine's two cores; the time with publishing overlapped is printed too. Also the ETL's peak RSS, and
 * the 30-day p95 per VM for 10,000 VMs at 5-minute samples read from the rollups vs from raw samples.
 * The estate is spread over 8 connections (as 8 vCenters), two to each of the RAW stream's 4 partitions; with
 * `--replicas N` that many ETL processes load it, each owning its share of the partitions (peak RSS: the largest).
 * The last line is one JSON object with every figure.
 *
 *   npm run bench:etl                                   # N = 10,000,000, 10,000 VMs for the p95 figure
 *   npm run bench:etl -- --replicas 2                   # two ETL replicas
 *   BENCH_SAMPLES=500000 BENCH_P95_VMS=200 npm run bench:etl    # a quick run
 *   npm run bench:etl -- --source                       # the ETL's TypeScript through tsx, on this Node
 *   BENCH_ETL_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/etl-prof" npm run bench:etl   # profile the ETL
 * By default the ETL runs as the image runs it: the bundle scripts/build-services.ts makes, on the image's Node (the
 * Node 24 scripts/install-tools.sh fetches; this Node when it is missing).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { Kvm } from '@nats-io/kv';
import { EventBus, EventHeaders, type JustFitEvent, newEvent, rawSubject } from '@justfit/events';
import {
  freePort,
  httpOk,
  imageNodePath,
  type ManagedProcess,
  repoRoot,
  startProcess,
  waitFor,
} from '@justfit/launcher';
import { type ClickHouseClient, createClickHouse, insertSampleRows, migrate, taskLoadSummary } from '@justfit/storage';
import { startEmbeddedServer } from '@justfit/testing/clickhouse';
import { startNatsServer } from '@justfit/testing/nats-server';
import { headers as natsHeaders } from '@nats-io/nats-core';
import { buildService } from '../../../scripts/build-services';
import { PARTITIONS_BUCKET } from '../src/partitions/partition-leases';
import { rawConsumerName } from '../src/ingest/raw-ingest';
import { normalisedRowPages, rawSamplePages, samplesOf, shapeFor, vmRange } from './bench-estate';
import { measureP95 } from './p95-figure';

const N = Number(process.env.BENCH_SAMPLES ?? 10_000_000);
const P95_VMS = Number(process.env.BENCH_P95_VMS ?? 10_000);
const P95_DAYS = 30;
const SAMPLES_PER_EVENT = 4000;
const DIRECT_ROWS_PER_INSERT = 100_000;
const PUBLISHES_IN_FLIGHT = 32;
const CONNECTIONS = 8;
const RAW_PARTITIONS = 4;
/**
 * The ETL's heap limit as the chart sets it (helm/justfit/values.yaml, services.etl.env): besides the limit, a heap
 * under 1 GB makes V8 grow it to less than twice what survived the last full collection, instead of up to 4 times.
 */
const ETL_NODE_OPTIONS = '--max-old-space-size=512 --max-semi-space-size=16';
const { values: opts } = parseArgs({
  options: { replicas: { type: 'string', default: '1' }, source: { type: 'boolean', default: false } },
});
const REPLICAS = Number(opts.replicas);
if (!Number.isInteger(REPLICAS) || REPLICAS < 1 || REPLICAS > RAW_PARTITIONS)
  throw new Error(`--replicas must be 1 to ${RAW_PARTITIONS}`);
const etlRuntime = opts.source
  ? {
      node: process.execPath,
      args: ['--import', 'tsx', 'src/main.ts'],
      name: `source through tsx on Node ${process.version}`,
    }
  : {
      node: imageNodePath() ?? process.execPath,
      args: [await buildService('etl')],
      name: `bundle on ${imageNodePath() ? "the image's Node 24" : `Node ${process.version}`}`,
    };
const taskIds = Array.from({ length: CONNECTIONS }, (_, i) => `bench-task-${i}`);
const say = (line: string) => process.stdout.write(`${line}\n`);

const shape = shapeFor(N);
const samples = samplesOf(shape);
const dataDir = await mkdtemp(join(tmpdir(), 'justfit-etl-bench-'));
const nats = await startNatsServer();
const ch = await startEmbeddedServer({ dataDir, port: await freePort(), timeoutMs: 60_000 });
// A loaded machine makes one insert or poll wait minutes while merges run.
const clickhouse = (database: string) =>
  createClickHouse({ url: ch.url, dataDir, database, requestTimeoutMs: 600_000 });
let etls: ManagedProcess[] = [];

try {
  say(
    `${samples} samples: ${shape.vms} VMs × ${shape.steps} five-minute steps × 7 counters; ClickHouse: embedded server at ${ch.url}; ETL: ${etlRuntime.name}`,
  );

  // The engine's first large insert is slower (allocations, caches): warm it up before anything is timed.
  await insertDirectly('bench_warmup', Math.min(samples, 2_000_000));
  // Baseline: the same rows, straight into the same engine, from this process; once before and once after the ETL
  // run, so that a change in the machine's load during the run weighs on both sides alike.
  const directBefore = await insertDirectly('bench_direct_1');

  // The ETL, as processes with their production settings, fed through NATS while they run.
  const etlDb = await clickhouse('justfit');
  etls = await Promise.all(Array.from({ length: REPLICAS }, (_, i) => startEtl(i)));
  const bus = await EventBus.connect({ servers: nats.url, name: 'etl-bench', auth: nats.admin });
  await balancedPartitions(bus);
  const consumers = Array.from({ length: RAW_PARTITIONS }, (_, p) => rawConsumerName(p));
  for (const name of consumers) await bus.jsm.consumers.pause('RAW', name, new Date(Date.now() + 24 * 3_600_000));
  const publishSeconds = await publishEstate(bus);
  say(`published ${samples} samples in ${publishSeconds.toFixed(1)} s (the ETL's consumers paused)`);
  const etlStarted = performance.now();
  const cpuBefore = await cpuOf(etls);
  for (const name of consumers) await bus.jsm.consumers.resume('RAW', name);
  for (const taskId of taskIds) while (!(await taskLoadSummary(etlDb, taskId)).completed) await sleep(200);
  await expectRows(etlDb, samples);
  const etlSeconds = (performance.now() - etlStarted) / 1000;
  const peakRssMb = Math.max(...(await Promise.all(etls.map(peakRss))));
  const cpu = await cpuOf(etls, cpuBefore);
  say(
    `ETL (${REPLICAS} replica${REPLICAS > 1 ? 's' : ''}): ${etlSeconds.toFixed(1)} s from resuming its consumers until all queryable, ${Math.round(samples / etlSeconds)} samples/s ` +
      `(${Math.round(samples / (etlSeconds + publishSeconds))} samples/s counting the publishing too); peak RSS ${peakRssMb.toFixed(0)} MB; ` +
      `CPU ${cpu.etl.toFixed(1)} s in the ETL, ${cpu.clickhouse.toFixed(1)} s in ClickHouse`,
  );
  await bus.close();
  await Promise.all(etls.map((e) => e.stop()));
  etls = [];
  await etlDb.close();
  await quietMerges(await clickhouse('default'));
  const directAfter = await insertDirectly('bench_direct_2');
  const directSeconds = (directBefore + directAfter) / 2;

  const p95Db = await clickhouse('bench_p95');
  await migrate(p95Db);
  const p95 = await measureP95(p95Db, P95_VMS, P95_DAYS);
  say(
    `p95 per VM over ${p95.days} days, ${p95.vms} VMs (${p95.rawRows} raw samples, loaded in ${p95.loadSeconds.toFixed(0)} s): ` +
      `rollups ${p95.rollupSeconds.toFixed(3)} s, raw ${p95.rawSeconds.toFixed(3)} s (${(p95.rawSeconds / p95.rollupSeconds).toFixed(1)}×), ` +
      `largest p95 difference ${(p95.maxRelativeDiff * 100).toFixed(2)} %`,
  );
  await p95Db.close();

  const etlPerS = samples / etlSeconds;
  const directPerS = samples / directSeconds;
  say(
    JSON.stringify({
      replicas: REPLICAS,
      samples,
      etl_per_s: Math.round(etlPerS),
      direct_per_s: Math.round(directPerS),
      ratio: round(etlPerS / directPerS, 3),
      etl_peak_rss_mb: Math.round(peakRssMb),
      p95_rollup_s: round(p95.rollupSeconds, 3),
      p95_raw_s: round(p95.rawSeconds, 3),
    }),
  );
} finally {
  await Promise.all(etls.map((e) => e.stop()));
  await ch.stop();
  await nats.stop();
  await rm(dataDir, { recursive: true, force: true });
}

async function insertDirectly(database: string, limit = samples): Promise<number> {
  const direct = await clickhouse(database);
  await migrate(direct);
  const started = performance.now();
  const cpuBefore = await cpuOf([]);
  const ownBefore = process.cpuUsage();
  let inserted = 0;
  for (const rows of normalisedRowPages(shape, 'bench', DIRECT_ROWS_PER_INSERT)) {
    if (inserted >= limit) break;
    await insertSampleRows(direct, rows);
    inserted += rows.length;
  }
  const seconds = (performance.now() - started) / 1000;
  const { clickhouse: chCpu } = await cpuOf([], cpuBefore);
  const own = process.cpuUsage(ownBefore);
  await expectRows(direct, inserted);
  say(
    `direct insert (${database}): ${seconds.toFixed(1)} s, ${Math.round(inserted / seconds)} samples/s; ` +
      `CPU ${((own.user + own.system) / 1e6).toFixed(1)} s in this process, ${chCpu.toFixed(1)} s in ClickHouse`,
  );
  await direct.close();
  await quietMerges(await clickhouse('default'));
  return seconds;
}

async function startEtl(replica: number): Promise<ManagedProcess> {
  const port = await freePort();
  const proc = startProcess({
    name: `etl-${replica}`,
    command: etlRuntime.node,
    // BENCH_ETL_NODE_ARGS: Node flags NODE_OPTIONS may not carry, e.g. `--cpu-prof --cpu-prof-dir=/tmp/etl-prof`.
    args: [...(process.env.BENCH_ETL_NODE_ARGS?.split(' ').filter(Boolean) ?? []), ...etlRuntime.args],
    cwd: join(repoRoot, 'services/etl'),
    env: {
      NATS_URL: nats.url,
      ...nats.serviceEnv('etl'),
      NATS_RAW_PARTITIONS: String(RAW_PARTITIONS),
      CLICKHOUSE_URL: ch.url,
      JUSTFIT_DATA_DIR: dataDir,
      PORT: String(port),
      METRICS_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
      TSX_TSCONFIG_PATH: join(repoRoot, 'tsconfig.json'),
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${ETL_NODE_OPTIONS}`.trim(),
      // ETL_* settings of this shell reach the ETL, for trying other batch sizes.
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('ETL_'))),
    },
    logFile: process.env.BENCH_ETL_LOG
      ? `${process.env.BENCH_ETL_LOG}.${replica}`
      : join(dataDir, `etl-${replica}.log`),
  });
  await waitFor(`etl-${replica}`, () => httpOk(`http://127.0.0.1:${port}/readyz`), {
    timeoutMs: 90_000,
    process: proc,
  });
  return proc;
}

/** Waits until every partition has an owner and each replica owns its share (as the leases settle after a start). */
async function balancedPartitions(bus: EventBus): Promise<void> {
  const kv = await new Kvm(bus.nc).open(PARTITIONS_BUCKET);
  const share = RAW_PARTITIONS / REPLICAS;
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; await sleep(500)) {
    const owners = new Map<string, number>();
    for await (const key of await kv.keys('partition.*')) {
      const owner = (await kv.get(key))?.string();
      if (owner) owners.set(owner, (owners.get(owner) ?? 0) + 1);
    }
    const held = [...owners.values()];
    if (owners.size === REPLICAS && held.every((n) => n >= Math.floor(share) && n <= Math.ceil(share))) return;
  }
  throw new Error('the ETL replicas did not share the RAW partitions within 2 minutes');
}

/** Per connection: inventory, the metric batches (pre-rendered JSON, a few publishes in flight), the end marker. */
async function publishEstate(bus: EventBus): Promise<number> {
  const started = performance.now();
  const source = '/justfit/bench';
  const h = natsHeaders();
  h.set(EventHeaders.type, 'io.justfit.MetricsObserved.v1');
  h.set(EventHeaders.traceId, 'bench');
  const inFlight = new Set<Promise<unknown>>();
  for (const [connection, taskId] of taskIds.entries()) {
    const connectionId = `bench-${connection}`;
    const task = { connectionId, taskId };
    const vms = vmRange(shape, connection, CONNECTIONS);
    let inventoryBatches = 0;
    for (let first = vms.from; first < vms.to; first += 1000) {
      const entities = Array.from({ length: Math.min(1000, vms.to - first) }, (_, i) => vm(`vm-${first + i}`));
      await bus.publish(
        newEvent(
          'InventoryObserved',
          { ...task, observedAt: Date.now(), batch: inventoryBatches++, entities },
          { subject: taskId, source, traceId: 'bench' },
        ) as JustFitEvent,
      );
    }
    let batch = 0;
    let published = 0;
    for (const page of rawSamplePages(shape, SAMPLES_PER_EVENT, vms)) {
      const id = `${taskId}-m-${batch}`;
      const body =
        `{"specversion":"1.0","id":"${id}","source":"${source}","type":"io.justfit.MetricsObserved.v1","subject":"${taskId}",` +
        `"time":"${new Date().toISOString()}","datacontenttype":"application/json","traceid":"bench",` +
        `"data":{"connectionId":"${connectionId}","taskId":"${taskId}","batch":${batch},"intervalSec":300,"samples":[${page.join(',')}]}}`;
      const publish = bus.js.publish(rawSubject(connectionId, taskId), body, { msgID: id, headers: h });
      inFlight.add(publish);
      void publish.finally(() => inFlight.delete(publish));
      if (inFlight.size >= PUBLISHES_IN_FLIGHT) await Promise.race(inFlight);
      batch++;
      published += page.length;
    }
    await Promise.all(inFlight);
    await bus.publish(
      newEvent(
        'CollectionCompleted',
        { ...task, inventoryBatches, metricBatches: batch, samples: published },
        { subject: taskId, source, traceId: 'bench' },
      ) as JustFitEvent,
    );
  }
  return (performance.now() - started) / 1000;
}

function vm(id: string) {
  return {
    kind: 'vm' as const,
    id,
    name: id,
    datacenter: 'dc',
    clusterId: null,
    hostId: null,
    uuid: id,
    cpuCount: 4,
    memoryMb: 16_384,
    diskGb: 100,
    powerState: 'poweredOn',
    guestOs: 'linux',
    ipAddress: '',
    isTemplate: false,
    overallStatus: 'green',
    toolsStatus: 'toolsOk',
    createdAt: null,
    powerStateChangedAt: null,
  };
}

async function expectRows(client: ClickHouseClient, expected: number): Promise<void> {
  const result = await client.query({ query: 'SELECT count() AS n FROM metric_samples', format: 'JSONEachRow' });
  const n = Number((await result.json<{ n: string }>())[0]?.n);
  if (n === expected) return;
  const why = await client.query({
    query: `SELECT code, count() AS records FROM rejected_records FINAL GROUP BY code
      UNION ALL SELECT concat('ledger ', kind), sum(accepted) FROM etl_loads FINAL GROUP BY kind`,
    format: 'JSONEachRow',
  });
  throw new Error(`metric_samples holds ${n} rows, expected ${expected}: ${JSON.stringify(await why.json())}`);
}

/** Waits (up to 2 minutes) until background merges of the previous run are done, so they do not slow the next. */
async function quietMerges(client: ClickHouseClient): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const result = await client.query({ query: 'SELECT count() AS n FROM system.merges', format: 'JSONEachRow' });
    if (Number((await result.json<{ n: string }>())[0]?.n) === 0) break;
    await sleep(500);
  }
  await client.close();
}

/** CPU seconds used by the ETL processes (together) and the ClickHouse server, since `since` when given. */
async function cpuOf(procs: ManagedProcess[], since = { etl: 0, clickhouse: 0 }) {
  const etl = (await Promise.all(procs.map((p) => cpuSeconds(p.child.pid)))).reduce((a, b) => a + b, 0);
  const clickhouse = await cpuSeconds(ch.process.pid);
  return { etl: etl - since.etl, clickhouse: clickhouse - since.clickhouse };
}

/** User and system CPU time of a process, from /proc (in clock ticks of 1/100 s). */
async function cpuSeconds(pid: number | undefined): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The process's high-water mark of resident memory (VmHWM), in MB. */
async function peakRss(proc: ManagedProcess): Promise<number> {
  const status = await readFile(`/proc/${proc.child.pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)\s+kB/.exec(status)?.[1]);
  return kb / 1024;
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}
