import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { stopChild } from './child-process';
import { freePort, toolPath } from './tools';

const execFileAsync = promisify(execFile);

export interface VcsimOptions {
  datacenters?: number;
  /** Clusters per datacenter (vcsim default 1). */
  clusters?: number;
  /** Hosts per cluster (vcsim default 3). */
  hosts?: number;
  /** Standalone hosts per datacenter (vcsim default 1). */
  standaloneHosts?: number;
  /** VMs per resource pool: each cluster and each standalone host has one, plus `pools` more (vcsim default 2). */
  vms?: number;
  pools?: number;
  datastores?: number;
  folders?: number;
  /** Power on the VMs vcsim creates (default true). */
  autostart?: boolean;
  username?: string;
  password?: string;
  /** Extra vcsim flags, e.g. ['-method-delay', 'QueryPerf:50']. */
  args?: string[];
  /** How long to wait for the model to be built (large models take seconds). */
  startTimeoutMs?: number;
}

export interface Vcsim {
  /** The SDK URL (https, self-signed certificate), without credentials. */
  url: string;
  host: string;
  port: number;
  username: string;
  password: string;
  /** Environment for govc against this simulator (GOVC_URL, credentials, GOVC_INSECURE). */
  govcEnv: Record<string, string>;
  /** Runs govc against this simulator and returns its stdout. */
  govc(...args: string[]): Promise<string>;
  stop(): Promise<void>;
}

function flags(options: VcsimOptions): string[] {
  const numeric: Array<[keyof VcsimOptions, string]> = [
    ['datacenters', '-dc'],
    ['clusters', '-cluster'],
    ['hosts', '-host'],
    ['standaloneHosts', '-standalone-host'],
    ['vms', '-vm'],
    ['pools', '-pool'],
    ['datastores', '-ds'],
    ['folders', '-folder'],
  ];
  const out: string[] = [];
  for (const [key, flag] of numeric) if (options[key] !== undefined) out.push(`${flag}=${options[key]}`);
  if (options.autostart !== undefined) out.push(`-autostart=${options.autostart}`);
  return out;
}

/**
 * Starts VMware's vCenter simulator on 127.0.0.1 with a free port and fixed credentials (so a wrong password is
 * refused), and resolves once it serves the SDK. vcsim exits by itself if this process dies (-stdinexit).
 */
export async function startVcsim(options: VcsimOptions = {}): Promise<Vcsim> {
  const port = await freePort();
  const username = options.username ?? 'justfit';
  const password = options.password ?? `pw-${randomBytes(6).toString('hex')}`;
  const child = spawn(
    toolPath('vcsim'),
    [
      '-l',
      `127.0.0.1:${port}`,
      '-username',
      username,
      '-password',
      password,
      '-stdinexit',
      ...flags(options),
      ...(options.args ?? []),
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);

  const stop = async () => {
    await stopChild(child);
  };
  try {
    await waitForUrl(child, () => output, options.startTimeoutMs ?? 120_000);
  } catch (e) {
    await stop();
    throw e;
  }
  const url = `https://127.0.0.1:${port}/sdk`;
  const govcEnv = {
    GOVC_URL: url,
    GOVC_USERNAME: username,
    GOVC_PASSWORD: password,
    GOVC_INSECURE: '1',
    NO_PROXY: '127.0.0.1,localhost',
  };
  const govc = async (...args: string[]) => {
    const { stdout } = await execFileAsync(toolPath('govc'), args, {
      env: { ...process.env, ...govcEnv },
      maxBuffer: 1 << 30,
    });
    return stdout;
  };
  return { url, host: '127.0.0.1', port, username, password, govcEnv, govc, stop };
}

/** vcsim prints `export GOVC_URL=...` once its listener is up. */
function waitForUrl(child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => finish(new Error(`vcsim did not start within ${timeoutMs} ms: ${output()}`)),
      timeoutMs,
    );
    const onData = () => {
      if (/export GOVC_URL=\S+/.test(output())) finish();
    };
    const onExit = (code: number | null) => finish(new Error(`vcsim exited with ${code}: ${output()}`));
    const finish = (error?: Error) => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve();
    };
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}
