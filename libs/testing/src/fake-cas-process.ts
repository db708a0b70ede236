import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { stopChild } from './child-process';
import type { FakeCasOptions } from './fake-cas-server';
import { repoRoot } from './tools';

export interface FakeCasProcess {
  url: string;
  host: string;
  port: number;
  username: string;
  password: string;
  stop(): Promise<void>;
}

/** Starts the fake CAS in a process of its own on 127.0.0.1 (options as for startFakeCas, minus a prebuilt estate). */
export async function spawnFakeCas(options: Omit<FakeCasOptions, 'estate'> = {}): Promise<FakeCasProcess> {
  const main = fileURLToPath(new URL('./fake-cas-server.main.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', main, JSON.stringify(options)], {
    cwd: repoRoot,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const first = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the fake CAS exited with ${code} before listening`)));
  });
  const { port, username, password } = JSON.parse(first) as { port: number; username: string; password: string };
  return {
    url: `http://127.0.0.1:${port}`,
    host: '127.0.0.1',
    port,
    username,
    password,
    stop: async () => {
      await stopChild(child);
    },
  };
}
