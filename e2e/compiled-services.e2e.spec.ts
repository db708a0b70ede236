import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  ensureLocalMasterKey,
  GraphQLClient,
  imageNodePath,
  repoRoot,
  type RunningEstate,
  startEstate,
} from '@justfit/launcher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const SERVICES = ['collector', 'etl', 'analyzer', 'reporter', 'scheduler', 'query-api'] as const;

// The image runs `node dist/main.js` after `scripts/build-services.ts` (its build stage), on Node 24; this runs the same
// build and the same bundles, without tsx, against a real nats-server and ClickHouse: on this machine's Node (the
// oldest supported, engines >= 20.19) and on the Node 24 that scripts/install-tools.sh fetched from the npm registry.
beforeAll(async () => {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/build-services.ts'], {
    cwd: repoRoot,
    env: { ...process.env, TSX_TSCONFIG_PATH: join(repoRoot, 'tsconfig.json') },
  });
  expect(stdout.trim().split('\n').sort()).toEqual(SERVICES.map((s) => `services/${s}/dist/main.js`).sort());
});

const runtimes = [
  { name: `this machine's Node (${process.version})`, node: process.execPath },
  { name: "the image's Node 24", node: imageNodePath() },
];

describe.each(runtimes)('compiled services on $name - the bundles the image ships start and serve', ({ node }) => {
  let dataDir: string;
  let estate: RunningEstate;

  beforeAll(async () => {
    if (!node) throw new Error('Node 24 is not installed: run scripts/install-tools.sh');
    dataDir = await mkdtemp(join(tmpdir(), 'justfit-compiled-'));
    ensureLocalMasterKey(join(dataDir, 'master.key'));
    // tsx must play no part: without the loader a TypeScript file would not even parse.
    estate = await startEstate({ dataDir, compiled: true, nodePath: node, env: { NODE_OPTIONS: '' } });
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
    const etl = estate.processes.get('etl')!.child;
    expect(etl.spawnfile).toBe(node);
    expect(etl.spawnargs).toContain('dist/main.js');
    expect(etl.spawnargs).not.toContain('tsx');
  });

  it('compiled query-api - serves its GraphQL schema (read from the files shipped beside the bundle)', async () => {
    const api = new GraphQLClient(estate.graphqlUrl, estate.graphqlWsUrl, { token: estate.adminToken });
    const { connections } = await api.request<{ connections: unknown[] }>('{ connections { id } }');
    expect(connections).toEqual([]);
  });
});
