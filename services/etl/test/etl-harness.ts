import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { EventBus } from '@justfit/events';
import { freePort, httpOk, type ManagedProcess, repoRoot, startProcess, waitFor } from '@justfit/launcher';
import { type ClickHouseClient, createClickHouse, taskLoadSummary } from '@justfit/storage';
import { type RunningEmbeddedServer, startEmbeddedServer } from '@justfit/testing/clickhouse';
import { type NatsServerHandle, startNatsServer } from '@justfit/testing/nats-server';

/**
 * A real nats-server, the embedded ClickHouse as its own process, and the ETL as its own process
 * (`node --import tsx services/etl/src/main.ts`), each of which a test may kill, stop or restart.
 */
export interface EtlHarness {
  bus: EventBus;
  clickhouse: ClickHouseClient;
  etlUrl: string;
  /** The ETL's Prometheus endpoint (its own port). */
  metricsUrl: string;
  etl: ManagedProcess;
  startEtl(): Promise<ManagedProcess>;
  /** Another ETL process on the same NATS and ClickHouse (ports of its own), ready when this resolves. */
  startReplica(name: string): Promise<EtlReplica>;
  /** Stops the embedded ClickHouse (SIGTERM) and keeps its port and data directory for the restart. */
  stopClickHouse(): Promise<void>;
  startClickHouse(): Promise<void>;
  stop(): Promise<void>;
}

export interface EtlReplica {
  proc: ManagedProcess;
  metricsUrl: string;
}

export async function startEtlHarness(env: NodeJS.ProcessEnv = {}): Promise<EtlHarness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'justfit-etl-'));
  const nats: NatsServerHandle = await startNatsServer();
  const chPort = await freePort();
  let ch: RunningEmbeddedServer | undefined = await startEmbeddedServer({ dataDir, port: chPort });
  const chUrl = ch.url;
  const bus = await EventBus.connect({ servers: nats.url, name: 'etl-test', auth: nats.admin });
  const clickhouse = await createClickHouse({ url: chUrl, dataDir });
  const etlPort = await freePort();
  const etlUrl = `http://127.0.0.1:${etlPort}`;
  const metricsPort = await freePort();

  const replicas: ManagedProcess[] = [];
  const launch = async (name: string, ports: { http: number; metrics: number }) => {
    const proc = startProcess({
      name,
      command: process.execPath,
      args: ['--import', 'tsx', 'src/main.ts'],
      cwd: join(repoRoot, 'services/etl'),
      env: {
        NATS_URL: nats.url,
        ...nats.serviceEnv('etl'),
        CLICKHOUSE_URL: chUrl,
        JUSTFIT_DATA_DIR: dataDir,
        PORT: String(ports.http),
        METRICS_PORT: String(ports.metrics),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        TSX_TSCONFIG_PATH: join(repoRoot, 'tsconfig.json'),
        ETL_BATCH_MAX_DELAY_MS: '1000',
        ETL_ACK_WAIT_MS: '5000',
        ETL_BATCH_MAX_SAMPLES: '20000',
        ...env,
      },
      logFile: join(dataDir, 'logs', `${name}.log`),
    });
    await waitFor(`${name} readiness`, () => httpOk(`http://127.0.0.1:${ports.http}/readyz`), {
      timeoutMs: 60_000,
      process: proc,
    });
    return proc;
  };

  const harness: EtlHarness = {
    bus,
    clickhouse,
    etlUrl,
    metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
    etl: undefined as unknown as ManagedProcess,
    async startEtl() {
      harness.etl = await launch('etl', { http: etlPort, metrics: metricsPort });
      return harness.etl;
    },
    async startReplica(name) {
      const metrics = await freePort();
      const proc = await launch(name, { http: await freePort(), metrics });
      replicas.push(proc);
      return { proc, metricsUrl: `http://127.0.0.1:${metrics}/metrics` };
    },
    async stopClickHouse() {
      await ch?.stop();
      ch = undefined;
    },
    async startClickHouse() {
      ch = await startEmbeddedServer({ dataDir, port: chPort });
    },
    async stop() {
      await Promise.all([harness.etl, ...replicas].map((p) => p?.stop()));
      await bus.close();
      await clickhouse.close();
      await ch?.stop();
      await nats.stop();
      // KEEP_TEST_DATA=1 keeps the data directory (with each ETL's log) to read after a failure.
      if (!process.env.KEEP_TEST_DATA) await rm(dataDir, { recursive: true, force: true });
    },
  };
  await harness.startEtl();
  return harness;
}

/** Waits until the ETL has processed the task's end marker (so all it published before is loaded). */
export async function waitForTaskLoaded(
  clickhouse: ClickHouseClient,
  taskId: string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await taskLoadSummary(clickhouse, taskId).catch(() => undefined))?.completed) {
    if (Date.now() > deadline) throw new Error(`task ${taskId} not loaded within ${timeoutMs} ms`);
    await sleep(100);
  }
}

export async function scalar(
  clickhouse: ClickHouseClient,
  query: string,
  params: Record<string, unknown> = {},
): Promise<number> {
  const result = await clickhouse.query({ query, query_params: params, format: 'JSONCompactEachRow' });
  const [row] = await result.json<[string | number]>();
  return Number(row?.[0] ?? 0);
}

/** The value of one Prometheus sample on the ETL's /metrics, 0 when absent. */
export async function prometheusValue(
  metricsUrl: string,
  name: string,
  labels: Record<string, string>,
): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}
