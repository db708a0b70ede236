import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { authOptions, type BusService, type NatsCredentials } from '@justfit/events';
import {
  agentUser,
  LOCAL_ADMIN_USER,
  type LocalNatsPasswords,
  localNatsUsers,
  newLocalNatsPasswords,
  natsServerConfig,
  serviceNatsEnv,
  serviceUser,
} from '@justfit/launcher';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { stopChild } from './child-process';
import { freePort, toolPath } from './tools';

export interface NatsServerHandle {
  url: string;
  /** JetStream store directory; empty when the server comes from NATS_URL. */
  storeDir: string;
  /** A user with every right in the JustFit account (for test code); undefined with NATS_URL (anonymous). */
  admin: NatsCredentials | undefined;
  /** A service's own user, with its production permissions; undefined with NATS_URL. */
  credentials(service: BusService): NatsCredentials | undefined;
  /** An agent's user (asked for with `agents`); undefined with NATS_URL. */
  agentCredentials(agentId: string): NatsCredentials | undefined;
  /** The environment a service process connects with (its user; etl manages the streams); empty with NATS_URL. */
  serviceEnv(service: BusService): Record<string, string>;
  stop(): Promise<void>;
}

export interface NatsServerOptions {
  /** Agent users to create, with the agent permission template. */
  agents?: readonly string[];
}

const startTimeoutMs = 15_000;

/**
 * Starts a JetStream-enabled nats-server on 127.0.0.1 with its own temporary store and the production permissions:
 * one user per service (and per agent asked for), plus an admin for the test itself. Or returns the server named by
 * NATS_URL (anonymous; then stop does nothing).
 */
export async function startNatsServer(opts: NatsServerOptions = {}): Promise<NatsServerHandle> {
  if (process.env.NATS_URL) {
    return {
      url: process.env.NATS_URL,
      storeDir: '',
      admin: undefined,
      credentials: () => undefined,
      agentCredentials: () => undefined,
      serviceEnv: () => ({}),
      stop: async () => {},
    };
  }

  const port = await freePort();
  const storeDir = await mkdtemp(join(tmpdir(), 'justfit-nats-'));
  const passwords = newLocalNatsPasswords(opts.agents);
  const configFile = join(storeDir, 'nats-server.conf');
  const config = natsServerConfig({ host: '127.0.0.1', port, storeDir, users: localNatsUsers(passwords) });
  await writeFile(configFile, config, { mode: 0o600 });
  const server = spawn(toolPath('nats-server'), ['-c', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  server.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const stop = async () => {
    await stopChild(server);
    await rm(storeDir, { recursive: true, force: true });
  };

  try {
    await waitForInfo(port, server, () => stderr);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url: `nats://127.0.0.1:${port}`, storeDir, ...usersOf(passwords), stop };
}

function usersOf(passwords: LocalNatsPasswords) {
  return {
    admin: { user: LOCAL_ADMIN_USER, pass: passwords.admin },
    credentials: (service: BusService) => ({ user: serviceUser(service), pass: passwords.services[service] }),
    agentCredentials: (agentId: string) => {
      const pass = passwords.agents[agentId];
      if (!pass) throw new Error(`no agent ${agentId}: pass it in startNatsServer({ agents })`);
      return { user: agentUser(agentId), pass };
    },
    serviceEnv: (service: BusService) => serviceNatsEnv(passwords, service),
  };
}

export interface NatsClusterHandle extends NatsServerHandle {
  /** Every node's client URL, comma-separated: what NATS_URL takes for a cluster. */
  url: string;
  nodeUrls: string[];
  /** The passwords of the users (for a launcher that starts services on this cluster). */
  passwords: LocalNatsPasswords;
  /** Kills one node (SIGKILL: no goodbye to its peers). */
  kill(node: number): Promise<void>;
  /** Starts a killed node again, on its ports and store; resolves once it accepts clients. */
  restart(node: number): Promise<void>;
}

/**
 * Starts a JetStream cluster of `nodes` nats-servers on 127.0.0.1 (routes between them, a store each), with the same
 * users and permissions as startNatsServer, and waits until JetStream has elected its meta leader. Streams created on
 * it may have up to `nodes` replicas (NATS_STREAM_REPLICAS).
 */
export async function startNatsCluster(opts: NatsServerOptions & { nodes?: number } = {}): Promise<NatsClusterHandle> {
  const count = opts.nodes ?? 3;
  const root = await mkdtemp(join(tmpdir(), 'justfit-nats-cluster-'));
  const passwords = newLocalNatsPasswords(opts.agents);
  const ports = await Promise.all(
    Array.from({ length: count }, async () => ({ client: await freePort(), route: await freePort() })),
  );
  const routes = ports.map((p) => `nats-route://127.0.0.1:${p.route}`);
  const servers: Array<ChildProcess | undefined> = [];
  const stderr: string[] = [];

  const startNode = async (node: number) => {
    const storeDir = join(root, `node-${node}`);
    const configFile = join(root, `node-${node}.conf`);
    const config = natsServerConfig({
      host: '127.0.0.1',
      port: ports[node]!.client,
      storeDir,
      users: localNatsUsers(passwords),
      cluster: { serverName: `justfit-${node}`, clusterName: 'justfit', routePort: ports[node]!.route, routes },
    });
    await writeFile(configFile, config, { mode: 0o600 });
    const server = spawn(toolPath('nats-server'), ['-c', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    stderr[node] = '';
    server.stderr?.on('data', (chunk: Buffer) => {
      stderr[node] = (stderr[node] + chunk.toString()).slice(-4000);
    });
    servers[node] = server;
    await waitForInfo(ports[node]!.client, server, () => stderr[node] ?? '');
  };
  const stop = async () => {
    await Promise.all(servers.map((s) => s && stopChild(s)));
    await rm(root, { recursive: true, force: true });
  };

  const nodeUrls = ports.map((p) => `nats://127.0.0.1:${p.client}`);
  const users = usersOf(passwords);
  try {
    await Promise.all(ports.map((_, node) => startNode(node)));
    await waitForJetStream(nodeUrls, users.admin);
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    url: nodeUrls.join(','),
    nodeUrls,
    storeDir: root,
    passwords,
    ...users,
    stop,
    async kill(node) {
      const server = servers[node];
      if (!server || server.exitCode !== null) return;
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGKILL');
      await exited;
    },
    async restart(node) {
      await startNode(node);
    },
  };
}

/** JetStream answers account requests once the cluster has a meta leader. */
async function waitForJetStream(urls: string[], admin: NatsCredentials): Promise<void> {
  const nc = await connect({ servers: urls, ...authOptions(admin) });
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await (await jetstreamManager(nc, { timeout: 2000 })).getAccountInfo();
        return;
      } catch (e) {
        if (Date.now() > deadline)
          throw new Error(`the NATS cluster has no JetStream meta leader after 30 s: ${String(e)}`);
        await sleep(250);
      }
    }
  } finally {
    await nc.close();
  }
}

/** nats-server greets every client with an INFO line once it accepts connections. */
async function waitForInfo(port: number, server: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`nats-server exited with ${server.exitCode}: ${stderr()}`);
    if (await greets(port)) return;
    await sleep(50);
  }
  throw new Error(
    `nats-server did not accept connections on 127.0.0.1:${port} within ${startTimeoutMs} ms: ${stderr()}`,
  );
}

function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('data', (chunk) => done(chunk.toString().startsWith('INFO')));
    socket.once('error', () => done(false));
  });
}
