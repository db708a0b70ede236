import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stopChild } from './child-process';
import { freePort, toolPath } from './tools';

export interface NatsServerHandle {
  url: string;
  /** JetStream store directory; empty when the server comes from NATS_URL. */
  storeDir: string;
  stop(): Promise<void>;
}

const startTimeoutMs = 15_000;

/**
 * Starts a JetStream-enabled nats-server on 127.0.0.1 with its own temporary store, or returns the server named by
 * NATS_URL (then stop does nothing).
 */
export async function startNatsServer(): Promise<NatsServerHandle> {
  if (process.env.NATS_URL) return { url: process.env.NATS_URL, storeDir: '', stop: async () => {} };

  const port = await freePort();
  const storeDir = await mkdtemp(join(tmpdir(), 'justfit-nats-'));
  const server = spawn(toolPath('nats-server'), ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
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
  return { url: `nats://127.0.0.1:${port}`, storeDir, stop };
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
