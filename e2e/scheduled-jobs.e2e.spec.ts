import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLocalMasterKey, GraphQLClient, type RunningEstate, startEstate } from '@justfit/launcher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

type Run = {
  dueAt: number;
  outcome: string;
  work: { kind: string; id: string; task: { name: string; status: string } | null } | null;
};
const RUNS = `lastRuns(limit: 100) { dueAt outcome work { kind id task { name status } } }`;

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe('scheduled jobs - every service as a process, two scheduler replicas, driven through GraphQL', () => {
  let dataDir: string;
  let estate: RunningEstate;
  let api: GraphQLClient;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'justfit-jobs-e2e-'));
    ensureLocalMasterKey(join(dataDir, 'master.key'));
    estate = await startEstate({ dataDir });
    await estate.startService('scheduler', 'b');
    api = new GraphQLClient(estate.graphqlUrl, estate.graphqlWsUrl, { token: estate.adminToken });
  });

  afterAll(async () => {
    await estate?.stop();
    if (dataDir && !process.env.KEEP_TEST_DATA) await rm(dataDir, { recursive: true, force: true });
  });

  it('jobs - a job every 10 s, one replica killed (-9) and restarted between fires: one collect task per due time', async () => {
    const { createConnection } = await api.request<{ createConnection: { id: string } }>(
      'mutation { createConnection(input: { name: "scheduled", type: simulated, endpoint: "scheduled.local" }) { id } }',
    );
    const connectionId = createConnection.id;
    // The API checks a job's connection against its read model, which follows the collector's events.
    const { createJob: job } = await until('the job to be accepted', async () => {
      try {
        return await api.request<{ createJob: { id: string; name: string } }>(
          'mutation($i: CreateJobInput!) { createJob(input: $i) { id name } }',
          {
            i: {
              name: 'every ten seconds',
              schedule: { cron: '*/10 * * * * *', timeZone: 'UTC' },
              action: { kind: 'collect', connectionId, windowHours: 1, sampleIntervalSec: 300 },
            },
          },
        );
      } catch {
        return undefined;
      }
    });
    const runs = async () =>
      (await api.request<{ job: { lastRuns: Run[] } }>(`query($id: ID!) { job(id: $id) { ${RUNS} } }`, { id: job.id }))
        .job.lastRuns;
    const started = (atLeast: number) =>
      until(`${atLeast} runs started`, async () => {
        const n = (await runs()).filter((r) => r.outcome === 'started').length;
        return n >= atLeast ? n : undefined;
      });

    await started(2);
    await estate.processes.get('scheduler')!.kill();
    const whileDown = await started(3);
    await estate.startService('scheduler');
    await started(whileDown + 2);
    await api.request('mutation($id: ID!) { setJobEnabled(id: $id, enabled: false) { enabled } }', { id: job.id });
    await new Promise((r) => setTimeout(r, 2000)); // a run fired just before the disable records its outcome

    const final = await until('every run to name its task', async () => {
      const all = await runs();
      return all.every((r) => r.work?.task) ? all : undefined;
    });
    const dueTimes = final.map((r) => r.dueAt).sort((a, b) => a - b);
    expect(final.every((r) => r.outcome === 'started')).toBe(true);
    expect(dueTimes.slice(1).map((t, i) => t - dueTimes[i]!)).toEqual(dueTimes.slice(1).map(() => 10_000));

    // The collect tasks of the connection: one per due time, named after it, each the task its run started.
    const { tasks } = await api.request<{ tasks: Array<{ id: string; name: string }> }>(
      'query($c: ID!) { tasks(connectionId: $c, limit: 500) { id name } }',
      { c: connectionId },
    );
    expect(tasks.map((t) => t.name).sort()).toEqual(
      dueTimes.map((t) => `every ten seconds @ ${new Date(t).toISOString()}`).sort(),
    );
    expect(tasks.map((t) => t.id).sort()).toEqual(final.map((r) => r.work!.id).sort());
  });
});
