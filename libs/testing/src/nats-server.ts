import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BusService, NatsCredentials } from '@justfit/events';
import {
  agentUser,
  LOCAL_ADMIN_USER,
  localNatsUsers,
  newLocalNatsPasswords,
  natsServerConfig,
  serviceNatsEnv,
  serviceUser,
} from '@justfit/launcher';
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
  return {
    url: `nats://127.0.0.1:${port}`,
    storeDir,
    admin: { user: LOCAL_ADMIN_USER, pass: passwords.admin },
    credentials: (service) => ({ user: serviceUser(service), pass: passwords.services[service] }),
    agentCredentials: (agentId) => {
      const pass = passwords.agents[agentId];
      if (!pass) throw new Error(`no agent ${agentId}: pass it in startNatsServer({ agents })`);
      return { user: agentUser(agentId), pass };
    },
    serviceEnv: (service) => serviceNatsEnv(passwords, service),
    stop,
  };
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
