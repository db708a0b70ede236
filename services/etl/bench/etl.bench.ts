/**
 * ETL throughput: N metric samples published through NATS (MetricsObserved events of 4,000 samples, as the collector
 * batches them) to the ETL running as its own process, timed from the moment it may consume them until all are
 * queryable in ClickHouse; against the same rows inserted straight into the same engine (the embedded ClickHouse
 * server) from this one process, once before and once after the ETL run (their mean is the baseline). The samples are
 * published while the ETL's consumer is paused, so the publisher (the collector's work) does not compete with the
 * ETL for the machine's two cores; the time with publishing overlapped is printed too. Also the ETL's peak RSS, and
 * the 30-day p95 per VM for 10,000 VMs at 5-minute samples read from the rollups vs from raw samples.
 * The last line is one JSON object with every figure.
 *
 *   npm run bench:etl                                   # N = 10,000,000, 10,000 VMs for the p95 figure
 *   BENCH_SAMPLES=500000 BENCH_P95_VMS=200 npm run bench:etl    # a quick run
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { EventBus, EventHeaders, type JustFitEvent, newEvent } from '@justfit/events';
import { freePort, httpOk, type ManagedProcess, repoRoot, startProcess, waitFor } from '@justfit/launcher';
import { type ClickHouseClient, createClickHouse, insertSampleRows, migrate, taskLoadSummary } from '@justfit/storage';
import { startEmbeddedServer } from '@justfit/testing/clickhouse';
import { startNatsServer } from '@justfit/testing/nats-server';
import { headers as natsHeaders } from '@nats-io/nats-core';
import { normalisedRowPages, rawSamplePages, samplesOf, shapeFor } from './bench-estate';
import { measureP95 } from './p95-figure';

const N = Number(process.env.BENCH_SAMPLES ?? 10_000_000);
const P95_VMS = Number(process.env.BENCH_P95_VMS ?? 10_000);
const P95_DAYS = 30;
const SAMPLES_PER_EVENT = 4000;
const DIRECT_ROWS_PER_INSERT = 100_000;
const PUBLISHES_IN_FLIGHT = 32;
const say = (line: string) => process.stdout.write(`${line}\n`);

const shape = shapeFor(N);
const samples = samplesOf(shape);
const dataDir = await mkdtemp(join(tmpdir(), 'justfit-etl-bench-'));
const nats = await startNatsServer();
const ch = await startEmbeddedServer({ dataDir, port: await freePort(), timeoutMs: 60_000 });
const clickhouse = (database: string) => createClickHouse({ url: ch.url, dataDir, database });
let etl: ManagedProcess | undefined;

try {
  say(
    `${samples} samples: ${shape.vms} VMs × ${shape.steps} five-minute steps × 7 counters; ClickHouse: embedded server at ${ch.url}`,
  );

  // The engine's first large insert is slower (allocations, caches): warm it up before anything is timed.
  await insertDirectly('bench_warmup', Math.min(samples, 2_000_000));
  // Baseline: the same rows, straight into the same engine, from this process; once before and once after the ETL
  // run, so that a change in the machine's load during the run weighs on both sides alike.
  const directBefore = await insertDirectly('bench_direct_1');

  // The ETL, as a process with its production settings, fed through NATS while it runs.
  const etlDb = await clickhouse('justfit');
  const etlPort = await freePort();
  etl = startProcess({
    name: 'etl',
    command: process.execPath,
    args: ['--import', 'tsx', 'src/main.ts'],
    cwd: join(repoRoot, 'services/etl'),
    env: {
      NATS_URL: nats.url,
      ...nats.serviceEnv('etl'),
      CLICKHOUSE_URL: ch.url,
      JUSTFIT_DATA_DIR: dataDir,
      PORT: String(etlPort),
      METRICS_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
      TSX_TSCONFIG_PATH: join(repoRoot, 'tsconfig.json'),
      // ETL_* settings of this shell reach the ETL, for trying other batch sizes.
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('ETL_'))),
    },
    logFile: process.env.BENCH_ETL_LOG ?? join(dataDir, 'etl.log'),
  });
  await waitFor('etl', () => httpOk(`http://127.0.0.1:${etlPort}/readyz`), { timeoutMs: 90_000, process: etl });
  const bus = await EventBus.connect({ servers: nats.url, name: 'etl-bench', auth: nats.admin });
  await bus.jsm.consumers.pause('RAW', 'etl-raw', new Date(Date.now() + 24 * 3_600_000));
  const publishSeconds = await publishEstate(bus, 'bench-task');
  say(`published ${samples} samples in ${publishSeconds.toFixed(1)} s (the ETL's consumer paused)`);
  const etlStarted = performance.now();
  await bus.jsm.consumers.resume('RAW', 'etl-raw');
  while (!(await taskLoadSummary(etlDb, 'bench-task')).completed) await sleep(500);
  await expectRows(etlDb, samples);
  const etlSeconds = (performance.now() - etlStarted) / 1000;
  const peakRssMb = await peakRss(etl);
  say(
    `ETL: ${etlSeconds.toFixed(1)} s from resuming its consumer until all queryable, ${Math.round(samples / etlSeconds)} samples/s ` +
      `(${Math.round(samples / (etlSeconds + publishSeconds))} samples/s counting the publishing too); peak RSS ${peakRssMb.toFixed(0)} MB`,
  );
  await bus.close();
  await etl.stop();
  etl = undefined;
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
  await etl?.stop();
  await ch.stop();
  await nats.stop();
  await rm(dataDir, { recursive: true, force: true });
}

async function insertDirectly(database: string, limit = samples): Promise<number> {
  const direct = await clickhouse(database);
  await migrate(direct);
  const started = performance.now();
  let inserted = 0;
  for (const rows of normalisedRowPages(shape, 'bench', DIRECT_ROWS_PER_INSERT)) {
    if (inserted >= limit) break;
    await insertSampleRows(direct, rows);
    inserted += rows.length;
  }
  const seconds = (performance.now() - started) / 1000;
  await expectRows(direct, inserted);
  say(`direct insert (${database}): ${seconds.toFixed(1)} s, ${Math.round(inserted / seconds)} samples/s`);
  await direct.close();
  await quietMerges(await clickhouse('default'));
  return seconds;
}

/** Inventory, the metric batches (pre-rendered JSON, a few publishes in flight), then the end marker. */
async function publishEstate(bus: EventBus, taskId: string): Promise<number> {
  const started = performance.now();
  const task = { connectionId: 'bench', taskId };
  const source = '/justfit/bench';
  for (let first = 0; first < shape.vms; first += 1000) {
    const entities = Array.from({ length: Math.min(1000, shape.vms - first) }, (_, i) => vm(`vm-${first + i}`));
    await bus.publish(
      newEvent(
        'InventoryObserved',
        { ...task, observedAt: Date.now(), batch: first / 1000, entities },
        { subject: taskId, source, traceId: 'bench' },
      ) as JustFitEvent,
    );
  }
  const h = natsHeaders();
  h.set(EventHeaders.type, 'io.justfit.MetricsObserved.v1');
  h.set(EventHeaders.traceId, 'bench');
  const inFlight = new Set<Promise<unknown>>();
  let batch = 0;
  for (const page of rawSamplePages(shape, SAMPLES_PER_EVENT)) {
    const id = `${taskId}-m-${batch}`;
    const body =
      `{"specversion":"1.0","id":"${id}","source":"${source}","type":"io.justfit.MetricsObserved.v1","subject":"${taskId}",` +
      `"time":"${new Date().toISOString()}","datacontenttype":"application/json","traceid":"bench",` +
      `"data":{"connectionId":"bench","taskId":"${taskId}","batch":${batch},"intervalSec":300,"samples":[${page.join(',')}]}}`;
    const publish = bus.js.publish(`justfit.raw.${taskId}`, body, { msgID: id, headers: h });
    inFlight.add(publish);
    void publish.finally(() => inFlight.delete(publish));
    if (inFlight.size >= PUBLISHES_IN_FLIGHT) await Promise.race(inFlight);
    batch++;
  }
  await Promise.all(inFlight);
  await bus.publish(
    newEvent(
      'CollectionCompleted',
      { ...task, inventoryBatches: Math.ceil(shape.vms / 1000), metricBatches: batch, samples },
      {
        subject: taskId,
        source,
        traceId: 'bench',
      },
    ) as JustFitEvent,
  );
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
  if (n !== expected) throw new Error(`metric_samples holds ${n} rows, expected ${expected}`);
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

/** The process's high-water mark of resident memory (VmHWM), in MB. */
async function peakRss(proc: ManagedProcess): Promise<number> {
  const status = await readFile(`/proc/${proc.child.pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)\s+kB/.exec(status)?.[1]);
  return kb / 1024;
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}
