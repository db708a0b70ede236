import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@clickhouse/client';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { authOptions, decodeEvent, type EventDataOf, isEvent, type JustFitEvent } from '@justfit/events';
import {
  ensureLocalMasterKey,
  GraphQLClient,
  GraphQLRequestError,
  type RunningEstate,
  startEstate,
} from '@justfit/launcher';
import { eventually } from '@justfit/testing/eventually';
import { startVcsim, type Vcsim } from '@justfit/testing/vcsim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Heartbeats every second; offline after 4 s without one; the registry checks every second. */
const HEARTBEAT_MS = 1_000;
const OFFLINE_AFTER_MS = 4_000;
const OFFLINE_BOUND_MS = OFFLINE_AFTER_MS + HEARTBEAT_MS + 1_000;

interface Instance {
  id: string;
  taskId: string;
  agentId: string;
  site: string;
  status: string;
  startedAt: number;
  endedAt: number | null;
}
interface AgentRow {
  id: string;
  site: string;
  capacity: number;
  status: string;
  runningTasks: Array<{ taskId: string }>;
  lastSeenAt: number | null;
  registeredAt: number | null;
  messages: number;
}

const AGENTS = [
  { id: 'east-1', site: 'east', capacity: 1 },
  { id: 'east-2', site: 'east', capacity: 2 },
  { id: 'west-1', site: 'west', capacity: 1 },
] as const;

describe('agents - three collectors at two sites take their site’s work within their capacity, resume, drain', () => {
  let dataDir: string;
  let estate: RunningEstate;
  let api: GraphQLClient;
  let east: Vcsim;
  let west: Vcsim;
  const connections: Record<string, string> = {};
  /** Every agent's running tasks as its heartbeats reported them, sampled through the API while tasks run. */
  const peakRunning = new Map<string, number>();
  let sampling: NodeJS.Timeout | undefined;

  const instances = async (filter: { taskId?: string; agentId?: string; status?: string } = {}) =>
    (
      await api.request<{ taskInstances: Instance[] }>(
        'query($t: ID, $a: ID, $s: TaskInstanceStatus) { taskInstances(taskId: $t, agentId: $a, status: $s, limit: 1000) { id taskId agentId site status startedAt endedAt } }',
        { t: filter.taskId, a: filter.agentId, s: filter.status },
      )
    ).taskInstances;
  const agents = async () =>
    (
      await api.request<{ agents: AgentRow[] }>(
        '{ agents { id site capacity status lastSeenAt registeredAt messages runningTasks { taskId } } }',
      )
    ).agents;
  const agent = async (id: string) => (await agents()).find((a) => a.id === id);
  const task = async (id: string) =>
    (
      await api.request<{ task: { status: string; progress: number; loadedAt: number | null } }>(
        'query($t: ID!) { task(id: $t) { status progress loadedAt } }',
        { t: id },
      )
    ).task;
  const startTask = async (connection: string) =>
    (
      await api.request<{ startCollectTask: string }>(
        'mutation($c: ID!, $s: Float, $e: Float) { startCollectTask(input: { connectionId: $c, startTime: $s, endTime: $e, sampleIntervalSec: 300 }) }',
        { c: connections[connection], s: Date.now() - 6 * 3_600_000, e: Date.now() },
      )
    ).startCollectTask;
  /** Rows and distinct samples stored for a connection. */
  const stored = async (connection: string) => {
    const clickhouse = createClient({ url: estate.clickhouseUrl, database: 'justfit' });
    try {
      const [counts] = await (
        await clickhouse.query({
          query:
            'SELECT count() AS rows, uniqExact(entity_id, metric, ts) AS distinctSamples FROM metric_samples WHERE connection_id = {c:String}',
          query_params: { c: connections[connection] },
          format: 'JSONEachRow',
        })
      ).json<{ rows: string; distinctSamples: string }>();
      return { rows: Number(counts!.rows), distinct: Number(counts!.distinctSamples) };
    } finally {
      await clickhouse.close();
    }
  };
  const loaded = (taskId: string, timeoutMs = 180_000) =>
    eventually(
      async () => {
        const t = await task(taskId);
        expect(t.status).toBe('succeeded');
        expect(t.loadedAt).toBeGreaterThan(0);
      },
      timeoutMs,
      500,
    );
  const command = (id: string, command: string) =>
    api.request<{ agentCommand: { ok: boolean; status: string } }>(
      'mutation($a: ID!, $c: AgentCommandKind!) { agentCommand(id: $a, command: $c) { ok status } }',
      { a: id, c: command },
    );

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'justfit-agents-'));
    ensureLocalMasterKey(join(dataDir, 'master.key'));
    // 40 VMs need two rounds of performance queries (four at once, 64 series each), each taking 4 s: a collection
    // publishes its first samples and runs on for seconds, long enough to kill its agent in the middle.
    const slow = {
      clusters: 1,
      hosts: 2,
      vms: 40,
      pools: 0,
      standaloneHosts: 0,
      args: ['-method-delay', 'QueryPerf:4000'],
    };
    [estate, east, west] = await Promise.all([
      startEstate({
        dataDir,
        env: {
          COLLECT_ACK_WAIT_MS: '5000',
          COLLECTOR_ALLOWED_ENDPOINT_CIDRS: '127.0.0.1/32',
          AGENT_HEARTBEAT_MS: String(HEARTBEAT_MS),
          AGENT_OFFLINE_AFTER_MS: String(OFFLINE_AFTER_MS),
        },
      }),
      startVcsim(slow),
      startVcsim(slow),
    ]);
    api = new GraphQLClient(estate.graphqlUrl, estate.graphqlWsUrl, { token: estate.adminToken });
    await Promise.all(
      AGENTS.map((a) =>
        estate.startReplica('collector', a.id, {
          AGENT_ID: a.id,
          AGENT_SITE: a.site,
          AGENT_CAPACITY: String(a.capacity),
          AGENT_LABELS: `${a.site},lab`,
        }),
      ),
    );
    const create = async (name: string, vcsim: Vcsim, site: string) => {
      const { createConnection } = await api.request<{ createConnection: { id: string } }>(
        'mutation($n: String!, $e: String!, $p: Int, $u: String, $pw: String, $s: String) { createConnection(input: { name: $n, type: vcenter, endpoint: $e, port: $p, username: $u, password: $pw, verifyTls: false, site: $s }) { id } }',
        { n: name, e: vcsim.host, p: vcsim.port, u: vcsim.username, pw: vcsim.password, s: site },
      );
      connections[name] = createConnection.id;
    };
    for (const n of ['east-a', 'east-b', 'east-c', 'east-d', 'east-kill']) await create(n, east, 'east');
    for (const n of ['west-a', 'west-b']) await create(n, west, 'west');
    // Each connection reads back the site whose agents collect it.
    await eventually(async () => {
      const { connections: listed } = await api.request<{ connections: Array<{ id: string; site: string }> }>(
        '{ connections { id site } }',
      );
      const siteOf = new Map(listed.map((c) => [c.id, c.site]));
      expect(siteOf.get(connections['east-a']!)).toBe('east');
      expect(siteOf.get(connections['west-a']!)).toBe('west');
    }, 30_000);
    await eventually(async () => {
      const listed = await agents();
      for (const a of AGENTS) expect(listed.find((l) => l.id === a.id)).toMatchObject({ ...a, status: 'online' });
    }, 60_000);
    sampling = setInterval(() => {
      void agents().then(
        (rows) => {
          for (const r of rows) peakRunning.set(r.id, Math.max(peakRunning.get(r.id) ?? 0, r.runningTasks.length));
        },
        () => undefined,
      );
    }, 250);
  });

  afterAll(async () => {
    clearInterval(sampling);
    await estate?.stop();
    await Promise.all([east?.stop(), west?.stop()]);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('routing - work lands only on agents of its connection’s site, never beyond an agent’s capacity', async () => {
    const eastTasks = await Promise.all(['east-a', 'east-b', 'east-c', 'east-d'].map((c) => startTask(c)));
    const westTask = await startTask('west-a');
    for (const t of [...eastTasks, westTask]) await loaded(t);

    const ran = await instances();
    const mine = ran.filter((i) => [...eastTasks, westTask].includes(i.taskId));
    expect(new Set(mine.filter((i) => eastTasks.includes(i.taskId)).map((i) => i.agentId))).toSatisfy(
      (ids: Set<string>) => [...ids].every((id) => id === 'east-1' || id === 'east-2'),
    );
    expect(mine.filter((i) => i.taskId === westTask).map((i) => i.agentId)).toEqual(['west-1']);
    expect(mine.every((i) => i.status === 'succeeded')).toBe(true);
    // Never beyond capacity: neither in what the instances record nor in what the heartbeats reported.
    for (const a of AGENTS) {
      expect(maxOverlap(mine.filter((i) => i.agentId === a.id)), a.id).toBeLessThanOrEqual(a.capacity);
      expect(peakRunning.get(a.id) ?? 0, a.id).toBeLessThanOrEqual(a.capacity);
    }
    // With four tasks for three slots, the east site used its capacity.
    expect(maxOverlap(mine.filter((i) => i.agentId === 'east-2'))).toBe(2);
    // The default agent (site default) took none of it.
    expect(mine.every((i) => AGENTS.some((a) => a.id === i.agentId))).toBe(true);
  });

  it('recovery - an agent killed mid-collection turns offline within the bound; its site’s other agent finishes the task, nothing lost or duplicated', async () => {
    const taskId = await startTask('east-kill');
    // Its first samples are published: the rest of the collection is still to come.
    for await (const { taskProgress } of api.subscribe<{ taskProgress: { kind: string; progress: number | null } }>(
      'subscription($t: ID) { taskProgress(taskId: $t) { kind progress } }',
      { t: taskId },
    )) {
      if (taskProgress.kind === 'progressed' && (taskProgress.progress ?? 0) > 0) break;
      expect(['requested', 'started', 'progressed', 'logged']).toContain(taskProgress.kind);
    }
    const first = await eventually(
      async () => {
        const [running] = await instances({ taskId, status: 'running' });
        expect(running).toBeDefined();
        return running!;
      },
      10_000,
      50,
    );
    const survivor = first.agentId === 'east-1' ? 'east-2' : 'east-1';
    const changes = statusChanges(first.agentId);
    const killedAt = Date.now();
    await estate.processes.get(`collector-${first.agentId}`)!.kill();

    const offlineAfter = await eventually(
      async () => {
        expect((await agent(first.agentId))?.status).toBe('offline');
        return Date.now() - killedAt;
      },
      30_000,
      200,
    );
    expect(offlineAfter).toBeLessThanOrEqual(OFFLINE_BOUND_MS);
    expect(await changes.next('offline')).toMatchObject({ agentId: first.agentId, status: 'offline' });

    await loaded(taskId);
    const ran = await instances({ taskId });
    expect(ran.map((i) => [i.agentId, i.status]).sort()).toEqual(
      [
        [first.agentId, 'interrupted'],
        [survivor, 'succeeded'],
      ].sort(),
    );

    // Every batch the task published is stored once: batches 0..n-1 of the end marker, no index twice, none missing,
    // their samples adding up to the marker's count; and ClickHouse holds each sample once.
    const raw = await rawEventsOf(connections['east-kill']!, taskId);
    const markers = raw.filter((e) => isEvent(e, 'CollectionCompleted'));
    expect(markers).toHaveLength(1);
    const marker = markers[0]!.data as EventDataOf<'CollectionCompleted'>;
    const metrics = raw.flatMap((e) => (isEvent(e, 'MetricsObserved') ? [e.data] : []));
    const inventory = raw.flatMap((e) => (isEvent(e, 'InventoryObserved') ? [e.data] : []));
    expect(metrics.map((m) => m.batch).sort((a, b) => a - b)).toEqual([...Array(marker.metricBatches).keys()]);
    expect(inventory.map((i) => i.batch).sort((a, b) => a - b)).toEqual([...Array(marker.inventoryBatches).keys()]);
    expect(metrics.reduce((n, m) => n + m.samples.length, 0)).toBe(marker.samples);
    expect(marker.metricBatches).toBeGreaterThan(1);
    const { rows, distinct } = await stored('east-kill');
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBe(distinct);
  });

  /** The raw events a task published, from the RAW stream (read as the NATS admin). */
  async function rawEventsOf(connectionId: string, taskId: string): Promise<JustFitEvent[]> {
    const nc = await connect({ servers: estate.natsUrl, ...authOptions(estate.natsAdmin) });
    try {
      const consumer = await jetstream(nc).consumers.get('RAW', {
        filter_subjects: [`justfit.raw.*.${connectionId}.${taskId}`],
      });
      const events: JustFitEvent[] = [];
      for (;;) {
        const msg = await consumer.next({ expires: 5_000 });
        if (!msg) break;
        events.push(decodeEvent(msg.data));
        if (msg.info.pending === 0) break;
      }
      return events;
    } finally {
      await nc.close();
    }
  }

  it('drain - a draining agent finishes what runs and takes no more until resumed', async () => {
    const running = await startTask('west-a');
    await eventually(
      async () => expect(await instances({ taskId: running, status: 'running' })).toHaveLength(1),
      60_000,
      200,
    );
    expect((await command('west-1', 'drain')).agentCommand).toEqual({ ok: true, status: 'draining' });
    const waiting = await startTask('west-b');
    await loaded(running);
    expect((await instances({ taskId: running }))[0]).toMatchObject({ agentId: 'west-1', status: 'succeeded' });
    // Well past the time it took to run one: still nobody runs the queued task.
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    expect(await instances({ taskId: waiting })).toEqual([]);
    expect((await task(waiting)).status).toBe('pending');
    expect((await agent('west-1'))?.status).toBe('draining');

    expect((await command('west-1', 'resume')).agentCommand).toEqual({ ok: true, status: 'online' });
    await loaded(waiting);
    expect((await instances({ taskId: waiting }))[0]).toMatchObject({ agentId: 'west-1', status: 'succeeded' });
  });

  it('instances - cancelling a running task instance ends it and its attempt as cancelled; a retry runs again', async () => {
    const taskId = await startTask('east-a');
    const running = await eventually(
      async () => {
        const [instance] = await instances({ taskId, status: 'running' });
        expect(instance).toBeDefined();
        return instance!;
      },
      60_000,
      200,
    );
    const { cancelTaskInstance } = await api.request<{ cancelTaskInstance: { id: string; status: string } }>(
      'mutation($i: ID!) { cancelTaskInstance(id: $i, reason: "wrong window") { id status } }',
      { i: running.id },
    );
    expect(cancelTaskInstance).toEqual({ id: running.id, status: expect.stringMatching(/running|cancelled/) });
    await eventually(async () => expect((await task(taskId)).status).toBe('cancelled'), 30_000, 200);
    await eventually(
      async () => expect((await instances({ taskId }))[0]).toMatchObject({ id: running.id, status: 'cancelled' }),
      10_000,
      200,
    );
    const again = await api
      .request('mutation($i: ID!) { cancelTaskInstance(id: $i) { id } }', { i: running.id })
      .catch((e: GraphQLRequestError) => e.errors[0]);
    expect(again).toMatchObject({ extensions: { code: 409 } });

    await api.request('mutation($t: ID!) { retryCollectTask(id: $t) }', { t: taskId });
    await loaded(taskId);
    const ran = await instances({ taskId });
    expect(ran.map((i) => i.status).sort()).toEqual(['cancelled', 'succeeded']);
  });

  it('operations - logs, broadcast and disconnect reach one agent or all; a disconnected agent registers again', async () => {
    const { broadcastToAgents } = await api.request<{ broadcastToAgents: number }>(
      'mutation { broadcastToAgents(message: "maintenance at 22:00") }',
    );
    expect(broadcastToAgents).toBeGreaterThanOrEqual(3);
    await eventually(async () => {
      const { agentLogs } = await api.request<{ agentLogs: string[] }>('query { agentLogs(id: "west-1", limit: 50) }');
      expect(agentLogs.length).toBeLessThanOrEqual(50);
      expect(agentLogs.join('\n')).toContain('maintenance at 22:00');
    });

    const before = (await agent('west-1'))!;
    expect(before.messages).toBeGreaterThan(0);
    const changes = statusChanges('west-1');
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // the subscription is in place
    const { disconnectAgent } = await api.request<{ disconnectAgent: boolean }>(
      'mutation { disconnectAgent(id: "west-1", reason: "rotating credentials") }',
    );
    expect(disconnectAgent).toBe(true);
    expect(await changes.next('offline')).toMatchObject({ reason: 'disconnected: rotating credentials' });
    // It registers again by itself, with a new session.
    await eventually(async () => {
      const after = (await agent('west-1'))!;
      expect(after.status).toBe('online');
      expect(after.registeredAt).toBeGreaterThan(before.registeredAt!);
    }, 20_000);
  });

  /** The agentStatusChanged subscription for one agent, from now on. */
  function statusChanges(agentId: string) {
    const iterator = api
      .subscribe<{ agentStatusChanged: { agentId: string; status: string } }>(
        'subscription($a: ID) { agentStatusChanged(agentId: $a) { agentId status previousStatus reason at } }',
        { a: agentId },
      )
      [Symbol.asyncIterator]();
    // Subscribes now: the generator starts on its first next().
    let pending = iterator.next();
    return {
      async next(status: string) {
        for (;;) {
          const { value, done } = await pending;
          if (done) throw new Error('subscription ended');
          if (value.agentStatusChanged.status === status) {
            void iterator.return?.(undefined);
            return value.agentStatusChanged;
          }
          pending = iterator.next();
        }
      },
    };
  }
});

/** The most instances that ran at the same moment. */
function maxOverlap(runs: Instance[]): number {
  const edges = runs.flatMap((r) => [
    { at: r.startedAt, delta: 1 },
    { at: r.endedAt ?? Number.MAX_SAFE_INTEGER, delta: -1 },
  ]);
  edges.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let now = 0;
  let max = 0;
  for (const e of edges) max = Math.max(max, (now += e.delta));
  return max;
}
