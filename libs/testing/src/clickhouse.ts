import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chdbPath, type ClickHouseClient, createClickHouse } from '@justfit/storage';
import { stopChild } from './child-process';
import { repoRoot } from './tools';

export interface TestClickHouse {
  client: ClickHouseClient;
  /** Set when the tests talk to a server (CLICKHOUSE_URL). */
  url?: string;
  database: string;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * A ClickHouse for one test suite: the server at CLICKHOUSE_URL with a fresh random database (dropped at stop), or
 * else chDB in this process in a fresh temp dir. chDB binds one directory per process: stop() one before starting
 * the next.
 */
export async function startTestClickHouse(): Promise<TestClickHouse> {
  const dataDir = mkdtempSync(join(tmpdir(), 'justfit-ch-'));
  const url = process.env.CLICKHOUSE_URL || undefined;
  const database = url ? `justfit_test_${randomBytes(6).toString('hex')}` : 'justfit';
  const client = await createClickHouse({ url, dataDir, database });
  const stop = async () => {
    if (url) await client.command({ query: `DROP DATABASE IF EXISTS ${database}` }).catch(() => undefined);
    await client.close();
    if (!url) {
      const { drainPending } = await import('chdb');
      await drainPending();
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { client, url, database, dataDir, stop };
}

/** The cluster name of the one-shard layout check. */
export const CHECK_CLUSTER = 'justfit_check';

/**
 * chDB with the cluster schema layout, minus what needs ClickHouse Keeper: a cluster of one shard whose only replica
 * is this process (so the Distributed tables read and write here for real), local tables with the non-replicated
 * engines, DDL without ON CLUSTER. It checks the layout (local and Distributed tables, views on local tables,
 * sharding keys) and that inserts and reads through the Distributed tables give the same answers; replication and
 * several shards cannot run here (docs/clickhouse.md says what that leaves unproven).
 */
export async function startClusterLayoutClickHouse(): Promise<TestClickHouse> {
  const dataDir = mkdtempSync(join(tmpdir(), 'justfit-ch-cluster-'));
  const configFile = join(dataDir, 'cluster.xml');
  // tcp_port makes the replica at 127.0.0.1:9000 "this server" (nothing listens: chDB serves no port).
  writeFileSync(
    configFile,
    `<clickhouse>
  <tcp_port>9000</tcp_port>
  <remote_servers>
    <${CHECK_CLUSTER}>
      <shard>
        <internal_replication>true</internal_replication>
        <replica><host>127.0.0.1</host><port>9000</port></replica>
      </shard>
    </${CHECK_CLUSTER}>
  </remote_servers>
  <macros><shard>01</shard><replica>check-1</replica></macros>
</clickhouse>
`,
  );
  const path = chdbPath(dataDir);
  mkdirSync(path, { recursive: true });
  const { Session, drainPending } = await import('chdb');
  // The engine of a path is configured by the first session on it; the client's connection below joins it.
  const session = new Session(path, { connectionArgs: [`--config-file=${configFile}`] });
  const client = await createClickHouse({ dataDir, cluster: { name: CHECK_CLUSTER, keeper: false } });
  return {
    client,
    database: 'justfit',
    dataDir,
    async stop() {
      await client.close();
      session.cleanup();
      await drainPending();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface RunningEmbeddedServer {
  url: string;
  process: ChildProcess;
  /** SIGTERM, then wait for the exit (SIGKILL after `timeoutMs`). */
  stop(timeoutMs?: number): Promise<number | null>;
}

export const embeddedServerEntry = join(repoRoot, 'libs/storage/src/embedded-server.main.ts');

/** Runs libs/storage's embedded ClickHouse HTTP server as its own process (as the quick start does). */
export async function startEmbeddedServer(options: {
  dataDir: string;
  port?: number;
  timeoutMs?: number;
}): Promise<RunningEmbeddedServer> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      embeddedServerEntry,
      '--data-dir',
      options.dataDir,
      '--port',
      String(options.port ?? 0),
      '--exit-on-stdin-close',
    ],
    { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-8000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error('embedded server did not start in time')),
      options.timeoutMs ?? 30_000,
    );
    const lines = createInterface({ input: child.stdout! });
    function fail(error: Error) {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\n${stderr}`));
    }
    lines.on('line', (line) => {
      try {
        const ready = JSON.parse(line) as { url?: string };
        if (ready.url) {
          clearTimeout(timer);
          resolve(ready.url);
        }
      } catch {
        // not the ready line
      }
    });
    void exited.then((code) => fail(new Error(`embedded server exited with ${code} before it was ready`)));
  });
  return { url, process: child, stop: (timeoutMs = 15_000) => stopChild(child, timeoutMs) };
}
