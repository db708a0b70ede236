import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLocalMasterKey, GraphQLClient, type RunningEstate, startEstate } from '@justfit/launcher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Secrets planted where an installation has them: the services' NATS passwords (the estate's own), a ClickHouse
// password and the master key in every service's environment, the admin API token and a second one, and a
// connection's password sent through the API.
const CLICKHOUSE_PASSWORD = `ch-${randomBytes(12).toString('hex')}`;
const MASTER_KEY = randomBytes(32).toString('hex');
const CONNECTION_PASSWORD = `conn-${randomBytes(12).toString('base64url')}`;

interface Diagnostics {
  generatedAt: number;
  versions: Record<string, string>;
  config: Record<string, unknown>;
  health: { ready: boolean; checks: Record<string, string> };
  streams: Array<{ stream: string; consumers: Array<{ consumer: string; pending: number }> }>;
  recentLogs: string[];
}

describe('diagnostics package - everything support needs, no secret in it', () => {
  let dataDir: string;
  let estate: RunningEstate;
  let api: GraphQLClient;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'justfit-e2e-diagnostics-'));
    ensureLocalMasterKey(join(dataDir, 'master.key'));
    estate = await startEstate({
      dataDir,
      env: {
        JUSTFIT_MASTER_KEY: MASTER_KEY,
        CLICKHOUSE_USER: 'justfit_planted',
        CLICKHOUSE_PASSWORD,
        // The most the API logs: every line it writes may end up in the package.
        LOG_LEVEL: 'debug',
      },
    });
    api = new GraphQLClient(estate.graphqlUrl, estate.graphqlWsUrl, { token: estate.adminToken });
  }, 300_000);

  afterAll(async () => {
    await estate?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('diagnostics package - versions, redacted config, health, streams and logs; none of the planted secrets', async () => {
    const { createApiToken } = await api.request<{ createApiToken: { secret: string } }>(
      'mutation { createApiToken(input: { name: "support", roles: [admin], expiresInDays: 1 }) { secret } }',
    );
    const { createConnection } = await api.request<{ createConnection: { id: string } }>(
      'mutation($p: String) { createConnection(input: { name: "planted", type: simulated, endpoint: "planted.local", username: "ops", password: $p }) { id } }',
      { p: CONNECTION_PASSWORD },
    );
    await api.request('mutation($id: ID!) { testConnection(id: $id) { success } }', { id: createConnection.id });
    // A refused request with a secret in it is logged too.
    await api
      .as({ token: 'jft_not-a-token' })
      .request('{ me { id } }')
      .catch(() => undefined);

    const { diagnosticsPackage: pkg } = await api
      .as({ token: createApiToken.secret })
      .request<{ diagnosticsPackage: Diagnostics }>(
        '{ diagnosticsPackage { generatedAt versions config health streams recentLogs } }',
      );

    expect(pkg.versions).toMatchObject({ justfit: 'development', nodejs: process.versions.node });
    expect(pkg.versions.natsServer).toMatch(/^\d+\.\d+\.\d+/);
    expect(pkg.versions.clickhouse).toMatch(/^\d+\.\d+/);
    expect(pkg.config).toMatchObject({
      NATS_USER: 'justfit-query-api',
      NATS_PASSWORD: '[redacted]',
      CLICKHOUSE_USER: 'justfit_planted',
      CLICKHOUSE_PASSWORD: '[redacted]',
      LOG_LEVEL: 'debug',
    });
    expect(pkg.health).toEqual({ ready: true, checks: { nats: 'ok', clickhouse: 'ok', graphql: 'ok' } });
    const tasks = pkg.streams.find((s) => s.stream === 'TASKS');
    expect(tasks?.consumers.map((c) => c.consumer)).toEqual(expect.arrayContaining(['collector-tasks']));
    expect(pkg.recentLogs.length).toBeGreaterThan(10);

    const natsPasswords = JSON.parse(await readFile(join(dataDir, 'nats-users.json'), 'utf8')) as {
      admin: string;
      services: Record<string, string>;
    };
    const planted = {
      ...Object.fromEntries(Object.entries(natsPasswords.services).map(([s, p]) => [`NATS password of ${s}`, p])),
      'NATS admin password': natsPasswords.admin,
      'ClickHouse password': CLICKHOUSE_PASSWORD,
      'master key': MASTER_KEY,
      'master key file': (await readFile(join(dataDir, 'master.key'), 'utf8')).trim(),
      'admin API token': estate.adminToken,
      'support API token': createApiToken.secret,
      'connection password': CONNECTION_PASSWORD,
    };
    const text = JSON.stringify(pkg);
    for (const [what, secret] of Object.entries(planted)) expect(text, `${what} in the package`).not.toContain(secret);
  });

  it('diagnostics package - only for administrators; the update check says when no feed is configured', async () => {
    const { createApiToken } = await api.request<{ createApiToken: { secret: string } }>(
      'mutation { createApiToken(input: { name: "operator", roles: [operator], expiresInDays: 1 }) { secret } }',
    );
    const refused = await api
      .as({ token: createApiToken.secret })
      .request('{ diagnosticsPackage { generatedAt } }')
      .catch((e: { errors: Array<{ extensions: { code: number } }> }) => e.errors[0]);
    expect(refused).toMatchObject({ extensions: { code: 403 } });
    const { checkUpdate } = await api.request<{ checkUpdate: { status: string; message: string } }>(
      '{ checkUpdate { status message } }',
    );
    expect(checkUpdate).toEqual({
      status: 'not_configured',
      message: 'no release feed is configured (UPDATE_FEED_URL)',
    });
  });
});
