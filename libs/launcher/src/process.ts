import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  /** SIGTERM, then SIGKILL if it has not exited within the grace period. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL at once, as a crash would. */
  kill(): Promise<void>;
  exited: Promise<number | null>;
  /** The last lines it wrote, so a process that dies early says why in the error that reports it. */
  lastLines(): string[];
}

export interface StartProcessOptions {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** stdout and stderr go here (appended), so a person can read what each process said. */
  logFile: string;
  onLine?: (line: string) => void;
}

const TAIL_LINES = 20;

export function startProcess(opts: StartProcessOptions): ManagedProcess {
  mkdirSync(dirname(opts.logFile), { recursive: true });
  const log = createWriteStream(opts.logFile, { flags: 'a' });
  const child = spawn(opts.command, opts.args, {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let partial = '';
  const tail: string[] = [];
  const onData = (chunk: Buffer) => {
    log.write(chunk);
    partial += chunk.toString();
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
      opts.onLine?.(line);
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((res) =>
    child.once('exit', (code) => {
      log.end();
      res(code);
    }),
  );
  const isRunning = () => child.exitCode === null && child.signalCode === null;
  return {
    name: opts.name,
    child,
    exited,
    lastLines: () => (partial ? [...tail, partial] : [...tail]),
    async stop(graceMs = 15_000) {
      if (!isRunning()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      if (!isRunning()) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Polls until `check` passes, or fails with the last reason once the deadline passes or the process exits. */
export async function waitFor(
  what: string,
  check: () => Promise<void>,
  opts: { timeoutMs: number; process?: ManagedProcess },
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  const said = () => {
    const lines = opts.process?.lastLines() ?? [];
    return lines.length ? `; its last lines:\n${lines.join('\n')}` : '';
  };
  let lastError: unknown;
  let exitCode: number | null | undefined;
  opts.process?.exited.then((c) => (exitCode = c));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`${what}: ${opts.process?.name} exited with code ${exitCode}${said()}`);
    try {
      await check();
      return;
    } catch (e) {
      lastError = e;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(
    `${what}: not ready after ${opts.timeoutMs} ms (${(lastError as Error)?.message ?? 'no answer'})${said()}`,
  );
}

export async function httpOk(url: string): Promise<void> {
  const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
}

/** Exit code of a process that refused its configuration (sysexits EX_CONFIG): starting it again would not help. */
const EX_CONFIG = 78;

/**
 * Starts a process and waits until `readyUrl` answers 2xx. One that dies or hangs on its way up is started once more,
 * as Kubernetes restarts a pod that fails its startup probe, and what it last said goes to stderr; one that refuses its
 * configuration is not.
 */
export async function startUntilReady(
  start: () => ManagedProcess,
  readyUrl: string,
  // Generous: on a loaded machine, tsx compiling a service and its first connections take minutes.
  timeouts: { firstMs: number; againMs: number } = { firstMs: 120_000, againMs: 180_000 },
): Promise<ManagedProcess> {
  for (let attempt = 1; ; attempt++) {
    const proc = start();
    try {
      await waitFor(`${proc.name} readiness`, () => httpOk(readyUrl), {
        timeoutMs: attempt === 1 ? timeouts.firstMs : timeouts.againMs,
        process: proc,
      });
      return proc;
    } catch (e) {
      if (attempt > 1 || proc.child.exitCode === EX_CONFIG) throw e;
      process.stderr.write(`${(e as Error).message}\n${proc.name}: starting it once more\n`);
      await proc.kill();
    }
  }
}
