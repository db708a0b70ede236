import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '@justfit/launcher';
import { describe, expect, it } from 'vitest';

function startService(service: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: join(repoRoot, 'services', service),
      env: { PATH: process.env.PATH, TSX_TSCONFIG_PATH: join(repoRoot, 'tsconfig.json'), ...env },
    });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('service config - validated at start, with a message naming the variable', () => {
  it('collector - refuses to start without a master key', async () => {
    const { code, output } = await startService('collector', { NATS_URL: 'nats://127.0.0.1:1' });
    expect(code).toBe(78);
    expect(output).toContain('JUSTFIT_MASTER_KEY or JUSTFIT_MASTER_KEY_FILE must be set');
  });

  it('collector - refuses a NATS URL that is not one, naming it', async () => {
    const { code, output } = await startService('collector', {
      NATS_URL: 'http://127.0.0.1:4222',
      JUSTFIT_MASTER_KEY: 'a'.repeat(64),
    });
    expect(code).toBe(78);
    expect(JSON.parse(output.trim().split('\n').at(-1)!)).toMatchObject({
      level: 'fatal',
      service: 'collector',
      msg: expect.stringContaining('NATS_URL'),
    });
  });

  it('query-api - refuses to run open: without OIDC or an admin token it does not start, and says what to set', async () => {
    const { code, output } = await startService('query-api', { NATS_URL: 'nats://127.0.0.1:1' });
    expect(code).toBe(78);
    expect(JSON.parse(output.trim().split('\n').at(-1)!)).toMatchObject({
      level: 'fatal',
      service: 'query-api',
      msg: expect.stringMatching(/no identity is configured: set OIDC_ISSUER .* or JUSTFIT_ADMIN_TOKEN_FILE/),
    });
  });

  it('query-api - an OIDC issuer without an audience is refused, naming OIDC_AUDIENCE', async () => {
    const { code, output } = await startService('query-api', {
      NATS_URL: 'nats://127.0.0.1:1',
      OIDC_ISSUER: 'https://sso.example.com/realms/ops',
    });
    expect(code).toBe(78);
    expect(output).toContain('OIDC_AUDIENCE: OIDC_AUDIENCE must be set with OIDC_ISSUER');
  });

  it('collector - refuses half a NATS login (a user without a password), naming the missing variable', async () => {
    const { code, output } = await startService('collector', {
      NATS_URL: 'nats://127.0.0.1:1',
      NATS_USER: 'justfit-collector',
      JUSTFIT_MASTER_KEY: 'a'.repeat(64),
    });
    expect(code).toBe(78);
    expect(JSON.parse(output.trim().split('\n').at(-1)!)).toMatchObject({
      level: 'fatal',
      msg: expect.stringContaining('NATS_PASSWORD: required with NATS_USER'),
    });
  });

  it('analyzer - refuses a ClickHouse cluster without a server to reach it, naming the variable', async () => {
    const { code, output } = await startService('analyzer', {
      NATS_URL: 'nats://127.0.0.1:1',
      CLICKHOUSE_CLUSTER: 'justfit',
    });
    expect(code).toBe(78);
    expect(output).toContain('CLICKHOUSE_CLUSTER: needs CLICKHOUSE_URL');
  });
});
