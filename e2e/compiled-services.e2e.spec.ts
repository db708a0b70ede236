import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureLocalMasterKey, GraphQLClient, repoRoot, type RunningEstate, startEstate } from '@justfit/launcher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const SERVICES = ['collector', 'etl', 'analyzer', 'reporter', 'query-api'] as const;

// The image runs `node dist/main.js` after `scripts/build-services.ts` (its build stage); this runs the same build and
// the same bundles, without tsx, against a real nats-server and ClickHouse.
describe('compiled services - the bundles the image ships start and serve', () => {
  let dataDir: string;
  let estate: RunningEstate;

  beforeAll(async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/build-services.ts'], {
      cwd: repoRoot,
      env: { ...process.env, TSX_TSCONFIG_PATH: join(repoRoot, 'tsconfig.json') },
    });
    expect(stdout.trim().split('\n').sort()).toEqual(SERVICES.map((s) => `services/${s}/dist/main.js`).sort());
    dataDir = await mkdtemp(join(tmpdir(), 'justfit-compiled-'));
    ensureLocalMasterKey(join(dataDir, 'master.key'));
    // tsx must play no part: without the loader a TypeScript file would not even parse.
    estate = await startEstate({ dataDir, compiled: true, env: { NODE_OPTIONS: '' } });
  });

  afterAll(async () => {
    await estate?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('compiled services - every service answers /healthz and /readyz', async () => {
    for (const name of SERVICES) {
      for (const path of ['/healthz', '/readyz']) {
        const res = await fetch(`${estate.serviceUrls[name]}${path}`);
        expect(res.status, `${name}${path}`).toBe(200);
      }
    }
    const argv = estate.processes.get('etl')!.child.spawnargs;
    expect(argv).toContain('dist/main.js');
    expect(argv).not.toContain('tsx');
  });

  it('compiled query-api - serves its GraphQL schema (read from the files shipped beside the bundle)', async () => {
    const api = new GraphQLClient(estate.graphqlUrl, estate.graphqlWsUrl, { token: estate.adminToken });
    const { connections } = await api.request<{ connections: unknown[] }>('{ connections { id } }');
    expect(connections).toEqual([]);
  });
});
