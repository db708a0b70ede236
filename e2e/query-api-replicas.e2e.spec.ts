import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ensureLocalMasterKey,
  GraphQLClient,
  type ManagedProcess,
  type RunningEstate,
  startEstate,
} from '@justfit/launcher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollecting, until, waitLoaded } from './scale-out';

interface Replica {
  name: string;
  proc: ManagedProcess;
  api: GraphQLClient;
  metricsUrl: string;
}

type Task = { status: string; progress: number; currentStep: number; loadedAt: number | null; message: string };
const TASK_FIELDS = 'status progress currentStep loadedAt message';

/** Events of one type this replica's projections wrote (projected events are counted where they are projected). */
async function projected(replica: Replica, type: string): Promise<number> {
  const text = await (await fetch(replica.metricsUrl)).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith('justfit_events_handled_total{') && l.includes(`type="${type}"`) && l.includes('ok'));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('query-api replicas - two API processes on one bus and one ClickHouse', () => {
  let dataDir: string;
  let estate: RunningEstate;
  const replicas: Replica[] = [];
  const stop = new AbortController();

  const client = (url: string) =>
    new GraphQLClient(`${url}/graphql`, `${url.replace('http', 'ws')}/graphql`, { token: estate.adminToken });

  async function startReplica(name: string): Promise<Replica> {
    const { proc, url, metricsUrl } = await estate.startReplica('query-api', name);
    return { name, proc, api: client(url), metricsUrl };
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'justfit-api-replicas-'));
    ensureLocalMasterKey(join(dataDir, 'master.key'));
    estate = await startEstate({ dataDir });
    replicas.push(
      {
        name: 'query-api',
        proc: estate.processes.get('query-api')!,
        api: client(estate.serviceUrls['query-api']),
        metricsUrl: estate.metricsUrls['query-api'],
      },
      await startReplica('2'),
    );
  }, 480_000);

  afterAll(async () => {
    stop.abort();
    await estate?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('query-api replicas - subscriptions are delivered by whichever replica the client is connected to', async () => {
    const live = replicas.filter((r) => r.proc.child.exitCode === null);
    const completions = live.map(() => [] as Array<{ taskId: string; kind: string }>);
    live.forEach((r, i) => {
      void (async () => {
        for await (const { taskCompleted } of r.api.subscribe<{ taskCompleted: { taskId: string; kind: string } }>(
          'subscription { taskCompleted { taskId kind } }',
          {},
          stop.signal,
        ))
          completions[i]!.push(taskCompleted);
      })().catch(() => undefined);
    });
    await new Promise((r) => setTimeout(r, 1000)); // the subscriptions settle before the task starts
    const { taskId } = await startCollecting(live[0]!.api, `replicas-live-${randomUUID().slice(0, 8)}`);
    const progress: string[] = [];
    for await (const { taskProgress } of live[1]!.api.subscribe<{ taskProgress: { kind: string } }>(
      'subscription($t: ID) { taskProgress(taskId: $t) { kind } }',
      { t: taskId },
      stop.signal,
    )) {
      progress.push(taskProgress.kind);
      if (['loaded', 'failed', 'cancelled'].includes(taskProgress.kind)) break;
    }
    expect(progress.filter((k) => k !== 'logged' && k !== 'progressed')).toEqual([
      'requested',
      'started',
      'succeeded',
      'loaded',
    ]);
    await until('the completion pushed by both replicas', async () =>
      completions.every((seen) => seen.some((e) => e.taskId === taskId)) ? true : undefined,
    );
    for (const seen of completions)
      expect(seen.filter((e) => e.taskId === taskId)).toEqual([{ taskId, kind: 'succeeded' }]);
  }, 480_000);

  it('query-api replicas - the read models stay right on both, also once the replica writing them is killed', async () => {
    const first = await startCollecting(replicas[0]!.api, `replicas-rm-${randomUUID().slice(0, 8)}`);
    await waitLoaded(replicas[1]!.api, first.taskId);
    const taskOn = async (replica: Replica, taskId: string) =>
      (await replica.api.request<{ task: Task }>(`query($t: ID!) { task(id: $t) { ${TASK_FIELDS} } }`, { t: taskId }))
        .task;
    // "Loaded" is read from the ETL's own table, so the tasks read model may still be folding the task's last events.
    const [a, b] = await until('the task succeeded on both replicas', async () => {
      const rows = await Promise.all(replicas.map((r) => taskOn(r, first.taskId)));
      return rows.every((t) => t.status === 'succeeded') ? rows : undefined;
    });
    expect(a).toEqual(b);
    expect(a).toMatchObject({ status: 'succeeded', progress: 100 });

    // One replica wrote the tasks read model (the server pins one per projection); kill it without a goodbye.
    const succeededType = 'io.justfit.CollectTaskSucceeded.v1';
    const writers = await Promise.all(replicas.map((r) => projected(r, succeededType)));
    expect(writers.filter((n) => n > 0)).toHaveLength(1);
    const writer = writers[0]! > 0 ? 0 : 1;
    const survivor = replicas[1 - writer]!;
    await replicas[writer]!.proc.kill();

    const second = await startCollecting(survivor.api, `replicas-rm-${randomUUID().slice(0, 8)}`);
    await waitLoaded(survivor.api, second.taskId, 300_000);
    await until('the second task succeeded on the survivor', async () =>
      (await taskOn(survivor, second.taskId)).status === 'succeeded' ? true : undefined,
    );
    expect(await taskOn(survivor, second.taskId)).toMatchObject({ status: 'succeeded', progress: 100 });
    expect(await taskOn(survivor, first.taskId)).toEqual(a);
    await until('the survivor projecting', async () =>
      (await projected(survivor, succeededType)) > 0 ? true : undefined,
    );

    // Back to two replicas, the cases keep no order between them.
    const restarted =
      writer === 0
        ? {
            ...replicas[0]!,
            proc: await estate.startService('query-api'),
          }
        : await startReplica('3');
    replicas[writer] = restarted;
  }, 600_000);
});
