import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../src/ports';
import { type ManagedProcess, startProcess, startUntilReady } from '../src/process';

/**
 * A stand-in service: each start leaves a file in `dir`; start number n does what `behaviour[n - 1]` says (the last
 * entry for any later start): `exit` (code 1), `refuse` (code 78), `hang` (never listens) or `serve` (answers 200).
 */
const SERVICE = `
const { writeFileSync, readdirSync } = require('node:fs');
const [dir, port, behaviour] = process.argv.slice(1);
const n = readdirSync(dir).length + 1;
writeFileSync(dir + '/start-' + n, '');
const plan = behaviour.split(',');
const what = plan[Math.min(n, plan.length) - 1];
console.log('start ' + n + ': ' + what);
if (what === 'exit') process.exit(1);
if (what === 'refuse') process.exit(78);
if (what === 'serve') require('node:http').createServer((q, s) => s.end('ok')).listen(Number(port), '127.0.0.1');
if (what === 'hang') setInterval(() => {}, 1000);
`;

const running: ManagedProcess[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.kill()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function launch(behaviour: string) {
  const dir = mkdtempSync(join(tmpdir(), 'justfit-start-'));
  const logs = mkdtempSync(join(tmpdir(), 'justfit-start-logs-'));
  dirs.push(dir, logs);
  const port = await freePort();
  const start = () => {
    const proc = startProcess({
      name: 'stand-in',
      command: process.execPath,
      args: ['-e', SERVICE, dir, String(port), behaviour],
      logFile: join(logs, 'stand-in.log'),
    });
    running.push(proc);
    return proc;
  };
  const outcome = startUntilReady(start, `http://127.0.0.1:${port}/readyz`, { firstMs: 3_000, againMs: 10_000 });
  return { outcome, starts: () => readdirSync(dir).length };
}

describe('start until ready', () => {
  it('start - a process that dies on its way up is started once more and is then ready', async () => {
    const { outcome, starts } = await launch('exit,serve');
    await expect(outcome).resolves.toBeDefined();
    expect(starts()).toBe(2);
  });

  it('start - a process that hangs past the first deadline is killed and started once more', async () => {
    const { outcome, starts } = await launch('hang,serve');
    await expect(outcome).resolves.toBeDefined();
    expect(starts()).toBe(2);
  });

  it('start - a refused configuration (exit 78) is not started again', async () => {
    const { outcome, starts } = await launch('refuse,serve');
    await expect(outcome).rejects.toThrow(/stand-in exited with code 78; its last lines:\nstart 1: refuse/);
    expect(starts()).toBe(1);
  });

  it('start - one that dies twice fails with what it said the second time', async () => {
    const { outcome, starts } = await launch('exit');
    await expect(outcome).rejects.toThrow(/stand-in exited with code 1; its last lines:\nstart 2: exit/);
    expect(starts()).toBe(2);
  });
});
