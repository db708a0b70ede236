import { connect } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureLocalAdminToken } from './admin-token';
import type { NatsCredentials } from '@justfit/events';
import {
  LOCAL_ADMIN_USER,
  localNatsPasswords,
  localNatsUsers,
  type LocalNatsPasswords,
  natsServerConfig,
  serviceNatsEnv,
} from './nats-auth';
import { httpOk, type ManagedProcess, startProcess, startUntilReady, waitFor } from './process';
import { freePort } from './ports';
import { repoRoot, toolPath } from './tools';

export const SERVICE_NAMES = ['collector', 'etl', 'analyzer', 'reporter', 'scheduler', 'query-api'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface EstateOptions {
  dataDir: string;
  /** Fixed ports for a person to remember; tests leave them out and get free ones. */
  ports?: Partial<Record<ServiceName | 'nats' | 'clickhouse', number>>;
  /** An existing NATS server or cluster (comma-separated URLs; skips starting one). */
  natsUrl?: string;
  /** The users of that server (each service then logs in as its own); without them, anonymous. */
  natsPasswords?: LocalNatsPasswords;
  /** An existing ClickHouse server (skips the embedded one). */
  clickhouseUrl?: string;
  env?: NodeJS.ProcessEnv;
  onLog?: (service: string, line: string) => void;
  /** Run each service's compiled bundle (`services/<name>/dist/main.js`, built by `npm run build`), as the image does. */
  compiled?: boolean;
  /** The Node binary the services run on; default: this process's. */
  nodePath?: string;
}

export interface RunningEstate {
  dataDir: string;
  natsUrl: string;
  /** The local admin user (every right in the JustFit account); absent with an external NATS server. */
  natsAdmin?: NatsCredentials;
  clickhouseUrl: string;
  graphqlUrl: string;
  graphqlWsUrl: string;
  /** The admin API token of the estate (`<data dir>/admin.token`), which query-api registers at start. */
  adminToken: string;
  adminTokenFile: string;
  serviceUrls: Record<ServiceName, string>;
  /** Each service's Prometheus endpoint, on a port of its own. */
  metricsUrls: Record<ServiceName, string>;
  processes: Map<string, ManagedProcess>;
  /**
   * Starts (or restarts) one service with the estate's settings. `replica` starts another instance of it on ports of
   * its own, kept in `processes` as `<name>-<replica>` (its URL is `replicaUrls`' entry of that key).
   */
  startService(name: ServiceName, replica?: string, env?: NodeJS.ProcessEnv): Promise<ManagedProcess>;
  replicaUrls: Map<string, string>;
  /** Starts one more replica of a service (ports of its own, `<name>-<replica>` in the logs), ready when this resolves. */
  startReplica(
    name: ServiceName,
    replica: string,
    env?: NodeJS.ProcessEnv,
  ): Promise<{ proc: ManagedProcess; url: string; metricsUrl: string }>;
  stop(): Promise<void>;
}

async function tcpOpen(port: number): Promise<void> {
  await new Promise<void>((res, rej) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.end();
      res();
    });
    socket.once('error', rej);
  });
}

/**
 * Starts nats-server (JetStream under the data directory; each service has its own user with the permissions of
 * production, passwords kept in `<dataDir>/nats-users.json`), one embedded ClickHouse process (chDB is in-process,
 * so one process owns it and serves the others over ClickHouse's HTTP interface) and the six services, each as
 * its own process, then waits until every /readyz answers 200.
 */
export async function startEstate(opts: EstateOptions): Promise<RunningEstate> {
  const dataDir = resolve(opts.dataDir);
  const logs = join(dataDir, 'logs');
  mkdirSync(logs, { recursive: true });
  const processes = new Map<string, ManagedProcess>();
  const adminTokenFile = join(dataDir, 'admin.token');
  const adminToken = ensureLocalAdminToken(adminTokenFile);
  const port = async (name: ServiceName | 'nats' | 'clickhouse') => opts.ports?.[name] ?? (await freePort());
  const stopAll = async () => {
    const services = [...processes.values()].filter((p) =>
      SERVICE_NAMES.some((n) => p.name === n || p.name.startsWith(`${n}-`)),
    );
    await Promise.all(services.map((p) => p.stop()));
    await Promise.all([...processes.values()].map((p) => p.stop()));
  };

  try {
    let natsUrl = opts.natsUrl;
    let natsPasswords: LocalNatsPasswords | undefined = opts.natsUrl ? opts.natsPasswords : undefined;
    if (!natsUrl) {
      const natsPort = await port('nats');
      natsPasswords = localNatsPasswords(join(dataDir, 'nats-users.json'));
      const configFile = join(dataDir, 'nats-server.conf');
      const config = natsServerConfig({
        host: '127.0.0.1',
        port: natsPort,
        storeDir: join(dataDir, 'nats'),
        users: localNatsUsers(natsPasswords),
      });
      writeFileSync(configFile, config, { mode: 0o600 });
      const nats = startProcess({
        name: 'nats-server',
        command: toolPath('nats-server'),
        args: ['-c', configFile],
        logFile: join(logs, 'nats-server.log'),
      });
      processes.set('nats-server', nats);
      await waitFor('nats-server', () => tcpOpen(natsPort), { timeoutMs: 20_000, process: nats });
      natsUrl = `nats://127.0.0.1:${natsPort}`;
    }

    let clickhouseUrl = opts.clickhouseUrl;
    if (!clickhouseUrl) {
      const chPort = await port('clickhouse');
      const ch = startProcess({
        name: 'clickhouse',
        command: process.execPath,
        args: [
          '--import',
          'tsx',
          join(repoRoot, 'libs/storage/src/embedded-server.main.ts'),
          '--data-dir',
          dataDir,
          '--port',
          String(chPort),
        ],
        cwd: repoRoot,
        logFile: join(logs, 'clickhouse.log'),
      });
      processes.set('clickhouse', ch);
      clickhouseUrl = `http://127.0.0.1:${chPort}`;
      const url = clickhouseUrl;
      await waitFor('embedded ClickHouse', () => httpOk(`${url}/ping`), { timeoutMs: 60_000, process: ch });
    }

    const servicePorts = {} as Record<ServiceName, number>;
    const metricsPorts = {} as Record<ServiceName, number>;
    for (const name of SERVICE_NAMES) {
      servicePorts[name] = await port(name);
      metricsPorts[name] = await freePort();
    }
    const metricsUrls = Object.fromEntries(
      SERVICE_NAMES.map((n) => [n, `http://127.0.0.1:${metricsPorts[n]}/metrics`]),
    ) as Record<ServiceName, string>;
    const serviceUrls = Object.fromEntries(
      SERVICE_NAMES.map((n) => [n, `http://127.0.0.1:${servicePorts[n]}`]),
    ) as Record<ServiceName, string>;

    const spawnService = (
      name: ServiceName,
      as: string,
      ports: { http: number; metrics: number },
      env: NodeJS.ProcessEnv,
    ) =>
      startProcess({
        name: as,
        command: opts.nodePath ?? process.execPath,
        args: opts.compiled ? ['--enable-source-maps', 'dist/main.js'] : ['--import', 'tsx', 'src/main.ts'],
        cwd: join(repoRoot, 'services', name),
        env: {
          NATS_URL: natsUrl,
          CLICKHOUSE_URL: clickhouseUrl,
          JUSTFIT_DATA_DIR: dataDir,
          PORT: String(ports.http),
          METRICS_PORT: String(ports.metrics),
          HOST: '127.0.0.1',
          JUSTFIT_MASTER_KEY_FILE: join(dataDir, 'master.key'),
          ...(name === 'query-api' ? { JUSTFIT_ADMIN_TOKEN_FILE: adminTokenFile } : {}),
          ...(natsPasswords ? serviceNatsEnv(natsPasswords, name) : {}),
          // etl migrates the ClickHouse schema; the others wait for it, as in production.
          CLICKHOUSE_MIGRATE: String(name === 'etl'),
          // tsx applies a tsconfig only to the files it includes; the root one includes every package (decorators on).
          TSX_TSCONFIG_PATH: join(repoRoot, 'tsconfig.json'),
          ...opts.env,
          ...env,
        },
        logFile: join(logs, `${as}.log`),
        onLine: opts.onLog ? (line) => opts.onLog?.(as, line) : undefined,
      });
    const launch = (
      name: ServiceName,
      as: string,
      ports: { http: number; metrics: number },
      env: NodeJS.ProcessEnv = {},
    ) =>
      startUntilReady(() => {
        const proc = spawnService(name, as, ports, env);
        processes.set(as, proc);
        return proc;
      }, `http://127.0.0.1:${ports.http}/readyz`);
    const replicaUrls = new Map<string, string>();
    const startService = async (name: ServiceName, replica?: string, env?: NodeJS.ProcessEnv) => {
      if (!replica) return launch(name, name, { http: servicePorts[name], metrics: metricsPorts[name] }, env);
      // A replica restarted keeps its HTTP port, so a client holding its URL finds it again.
      const key = `${name}-${replica}`;
      const known = replicaUrls.get(key);
      const http = known ? Number(new URL(known).port) : await freePort();
      replicaUrls.set(key, `http://127.0.0.1:${http}`);
      return launch(name, key, { http, metrics: await freePort() }, env);
    };
    const startReplica = async (name: ServiceName, replica: string, env?: NodeJS.ProcessEnv) => {
      const http = await freePort();
      const metrics = await freePort();
      const proc = await launch(name, `${name}-${replica}`, { http, metrics }, env);
      return { proc, url: `http://127.0.0.1:${http}`, metricsUrl: `http://127.0.0.1:${metrics}/metrics` };
    };
    // The ETL migrates the schema and creates the streams first; the others then find them in place.
    await startService('etl');
    await Promise.all(SERVICE_NAMES.filter((n) => n !== 'etl').map((n) => startService(n)));

    return {
      dataDir,
      natsUrl,
      natsAdmin: natsPasswords ? { user: LOCAL_ADMIN_USER, pass: natsPasswords.admin } : undefined,
      clickhouseUrl,
      serviceUrls,
      metricsUrls,
      processes,
      startService,
      replicaUrls,
      startReplica,
      adminToken,
      adminTokenFile,
      graphqlUrl: `${serviceUrls['query-api']}/graphql`,
      graphqlWsUrl: `${serviceUrls['query-api'].replace('http', 'ws')}/graphql`,
      stop: stopAll,
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
