import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLocalMasterKey, GraphQLClient, type RunningEstate, startEstate } from '@justfit/launcher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const DAY = 86_400_000;

type TaskEvent = {
  taskId: string;
  taskType: string;
  kind: string;
  progress: number | null;
  message: string | null;
  code: number | null;
};

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** What one subscription pushed, in order, kept while the cases run. */
function record(api: GraphQLClient, query: string, field: string, signal: AbortSignal): TaskEvent[] {
  const events: TaskEvent[] = [];
  void (async () => {
    for await (const data of api.subscribe<Record<string, TaskEvent>>(query, {}, signal)) events.push(data[field]!);
  })().catch(() => undefined);
  return events;
}

const FIELDS = 'taskId taskType kind progress message code';

describe('task model and system - tasks on the same subscriptions, system health, six services as processes', () => {
  let dataDir: string;
  let estate: RunningEstate;
  let api: GraphQLClient;
  const stop = new AbortController();
  let progress: TaskEvent[];
  let completed: TaskEvent[];
  let connectionId: string;
  let collectTaskId: string;
  let importConnectionId: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'justfit-tasks-e2e-'));
    ensureLocalMasterKey(join(dataDir, 'master.key'));
    // The pipeline is sampled often so events per second are known within the test.
    estate = await startEstate({ dataDir, env: { PIPELINE_SAMPLE_INTERVAL_SEC: '2' } });
    api = new GraphQLClient(estate.graphqlUrl, estate.graphqlWsUrl, { token: estate.adminToken });
    // One subscriber of every task's steps and one of every task's end, as a dashboard would hold them.
    progress = record(api, `subscription { taskProgress { ${FIELDS} } }`, 'taskProgress', stop.signal);
    completed = record(api, `subscription { taskCompleted { ${FIELDS} } }`, 'taskCompleted', stop.signal);
    await new Promise((r) => setTimeout(r, 500)); // both subscriptions settle before anything can be pushed

    const { createConnection } = await api.request<{ createConnection: { id: string } }>(
      'mutation { createConnection(input: { name: "tasks-e2e", type: simulated, endpoint: "tasks.e2e.local" }) { id } }',
    );
    connectionId = createConnection.id;
    const now = Date.now();
    const started = await api.request<{ startCollectTask: string }>(
      'mutation($c: ID!, $s: Float, $e: Float) { startCollectTask(input: { connectionId: $c, startTime: $s, endTime: $e }) }',
      { c: connectionId, s: now - 2 * DAY, e: now },
    );
    collectTaskId = started.startCollectTask;
    await until('the collection loaded', () =>
      progress.find((e) => e.taskId === collectTaskId && e.kind === 'loaded') ? true : undefined,
    );
  });

  afterAll(async () => {
    stop.abort();
    await estate?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const storyOf = (taskId: string) => progress.filter((e) => e.taskId === taskId);
  /** The kinds of a story, without log lines and with each stretch of progress told once. */
  const steps = (events: TaskEvent[]) =>
    events
      .map((e) => e.kind)
      .filter((k) => k !== 'logged')
      .filter((k, i, all) => k !== 'progressed' || all[i - 1] !== k);

  it('task model - a collection tells its steps and its end with taskType collect', () => {
    const story = storyOf(collectTaskId);
    expect(story.every((e) => e.taskType === 'collect')).toBe(true);
    expect(steps(story)).toEqual(['requested', 'started', 'progressed', 'succeeded', 'loaded']);
    expect(completed.filter((e) => e.taskId === collectTaskId)).toEqual([
      expect.objectContaining({ taskType: 'collect', kind: 'succeeded' }),
    ]);
  });

  it('task model - an analysis started through GraphQL answers with its task id, then reports progress and completion like a collection', async () => {
    const { startAnalysis: runId } = await api.request<{ startAnalysis: string }>(
      'mutation($c: ID) { startAnalysis(input: { analysisType: zombie, connectionId: $c }) }',
      { c: connectionId },
    );
    expect(runId).toMatch(/^run-/);
    const end = await until('the analysis completed', () => completed.find((e) => e.taskId === runId));
    expect(end).toMatchObject({ taskType: 'analyze', kind: 'succeeded', progress: 100 });
    expect(end.message).toMatch(/\d+ analysed/);

    const story = storyOf(runId);
    expect(story.every((e) => e.taskType === 'analyze')).toBe(true);
    expect(steps(story)).toEqual(['requested', 'started', 'progressed', 'succeeded']);
    const percentages = story.filter((e) => e.kind === 'progressed').map((e) => e.progress!);
    expect(percentages).toEqual([...percentages].sort((a, b) => a - b));

    // A late subscriber to the one run is told its story from the start, and the subscription ends with it.
    const replayed: TaskEvent[] = [];
    for await (const { taskProgress } of api.subscribe<{ taskProgress: TaskEvent }>(
      `subscription($t: ID) { taskProgress(taskId: $t) { ${FIELDS} } }`,
      { t: runId },
    ))
      replayed.push(taskProgress);
    expect(replayed.map((e) => e.kind)).toEqual(story.map((e) => e.kind));

    const { analysisResult } = await api.request<{ analysisResult: { runId: string; completedAt: number | null } }>(
      'query($r: ID!) { analysisResult(runId: $r) { runId completedAt } }',
      { r: runId },
    );
    expect(analysisResult.completedAt).toBeGreaterThan(0);
  });

  it('task model - a report started through GraphQL reports progress and completion on the same subscriptions', async () => {
    const { generateReport } = await api.request<{ generateReport: { id: string } }>(
      'mutation($c: ID) { generateReport(input: { format: json, connectionId: $c }) { id } }',
      { c: connectionId },
    );
    const end = await until('the report completed', () => completed.find((e) => e.taskId === generateReport.id));
    expect(end).toMatchObject({ taskType: 'report', kind: 'succeeded', progress: 100 });
    const story = storyOf(generateReport.id);
    expect(story.every((e) => e.taskType === 'report')).toBe(true);
    expect(steps(story)).toEqual(['requested', 'progressed', 'succeeded']);
  });

  it('task model - a subscription to one task type hears only that type', async () => {
    const analyses: TaskEvent[] = [];
    const only = new AbortController();
    const listening = (async () => {
      for await (const { taskCompleted } of api.subscribe<{ taskCompleted: TaskEvent }>(
        `subscription { taskCompleted(taskType: analyze) { ${FIELDS} } }`,
        {},
        only.signal,
      ))
        analyses.push(taskCompleted);
    })().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 500));
    const { generateReport } = await api.request<{ generateReport: { id: string } }>(
      'mutation { generateReport(input: { format: json }) { id } }',
    );
    const { startAnalysis: runId } = await api.request<{ startAnalysis: string }>(
      'mutation { startAnalysis(input: { analysisType: tidal }) }',
    );
    await until('the analysis heard', () => analyses.find((e) => e.taskId === runId));
    await until('the report completed', () => completed.find((e) => e.taskId === generateReport.id));
    only.abort();
    await listening;
    expect(analyses.every((e) => e.taskType === 'analyze')).toBe(true);
  });

  it('task model - an analysis that cannot run ends failed on the subscriptions, with its code', async () => {
    const { startAnalysis: runId } = await api.request<{ startAnalysis: string }>(
      'mutation { startAnalysis(input: { analysisType: zombie, options: { policy: "no-such-policy" } }) }',
    );
    const end = await until('the analysis failed', () => completed.find((e) => e.taskId === runId));
    expect(end).toMatchObject({ taskType: 'analyze', kind: 'failed', code: 404 });
    expect(end.message).toContain('no-such-policy');
  });

  it('task model - an analysis queued behind others is stopped and ends cancelled; retryTask runs it again as a new task', async () => {
    const start = async () =>
      (await api.request<{ startAnalysis: string }>('mutation { startAnalysis(input: { analysisType: tidal }) }'))
        .startAnalysis;
    const ahead = [await start(), await start(), await start()];
    const queued = await start();
    const { stopTask } = await api.request<{ stopTask: string }>(
      'mutation($id: ID!) { stopTask(id: $id, reason: "not needed") }',
      { id: queued },
    );
    expect(stopTask).toBe(queued);
    const end = await until('the stopped analysis ended', () => completed.find((e) => e.taskId === queued));
    expect(end).toMatchObject({ taskType: 'analyze', kind: 'cancelled', message: 'not needed' });
    expect(steps(storyOf(queued))).toEqual(['requested', 'cancelled']);
    for (const runId of ahead)
      expect(await until('the analyses ahead', () => completed.find((e) => e.taskId === runId))).toMatchObject({
        kind: 'succeeded',
      });

    const { retryTask } = await api.request<{ retryTask: string }>('mutation($id: ID!) { retryTask(id: $id) }', {
      id: queued,
    });
    expect(retryTask).toMatch(/^run-/);
    expect(retryTask).not.toBe(queued);
    expect(await until('the retried analysis', () => completed.find((e) => e.taskId === retryTask))).toMatchObject({
      taskType: 'analyze',
      kind: 'succeeded',
    });
    // A task that succeeded is not retried, and a report is not stopped.
    const again = await api.request('mutation($id: ID!) { retryTask(id: $id) }', { id: retryTask }).catch((e) => e);
    expect(again.errors[0].extensions).toMatchObject({ code: 409 });
    const { generateReport } = await api.request<{ generateReport: { id: string } }>(
      'mutation { generateReport(input: { format: json }) { id } }',
    );
    const stopReport = await api
      .request('mutation($id: ID!) { stopTask(id: $id) }', { id: generateReport.id })
      .catch((e) => e);
    expect(stopReport.errors[0].extensions).toMatchObject({ code: 400 });
    await until('the report completed', () => completed.find((e) => e.taskId === generateReport.id));
  });

  it('task model - an uploaded import tells its progress and ends on taskCompleted once loaded, with taskType import', async () => {
    const lines = ['vm,timestamp,name,cpu_count,memory_mb,cpu.usage_pct'];
    for (let t = Date.now() - DAY; t <= Date.now() - 3600_000; t += 3600_000)
      lines.push(`vm-a,${new Date(t).toISOString()},imported,2,4096,12`);
    const form = new FormData();
    const mutation = 'mutation($file: File!) { importMetrics(file: $file, name: "tasks-e2e") { id connectionId } }';
    form.append('operations', JSON.stringify({ query: mutation, variables: { file: null } }));
    form.append('map', JSON.stringify({ 0: ['variables.file'] }));
    form.append('0', new File([lines.join('\n')], 'metrics.csv'));
    const headers = { authorization: `Bearer ${estate.adminToken}`, 'x-graphql-yoga-csrf': '1' };
    const reply = await fetch(estate.graphqlUrl, { method: 'POST', headers, body: form });
    const { data } = (await reply.json()) as { data: { importMetrics: { id: string; connectionId: string } } };
    const importId = data.importMetrics.id;
    importConnectionId = data.importMetrics.connectionId;
    const end = await until('the import completed', () => completed.find((e) => e.taskId === importId));
    expect(end).toMatchObject({ taskType: 'import', kind: 'loaded' });
    // Its steps while the API published the file, then its data loaded, on the same subscription as the others.
    expect(steps(storyOf(importId))).toEqual(['requested', 'progressed', 'loaded']);
    expect(storyOf(importId).every((e) => e.taskType === 'import')).toBe(true);
    // Its data landing starts the four analyses of its namespace, tasks like any other.
    await until('the analyses of the imported data', async () => {
      const { taskList } = await api.request<{ taskList: { total: number } }>(
        'query($c: ID) { taskList(filter: { connectionId: $c, taskType: analyze, status: "succeeded" }) { total } }',
        { c: data.importMetrics.connectionId },
      );
      return taskList.total === 4 ? true : undefined;
    });
  });

  it('task model - taskList pages through tasks of every type with cursors and a total, none twice', async () => {
    type Page = {
      items: Array<{ id: string; taskType: string; status: string }>;
      total: number;
      endCursor: string | null;
      hasNextPage: boolean;
    };
    const QUERY = `query($after: String) { taskList(first: 3, after: $after) { items { id taskType status } total endCursor hasNextPage } }`;
    const seen: Page['items'] = [];
    let after: string | null = null;
    let total = 0;
    for (let pages = 0; pages < 50; pages++) {
      const { taskList }: { taskList: Page } = await api.request(QUERY, { after });
      expect(taskList.items.length).toBeLessThanOrEqual(3);
      seen.push(...taskList.items);
      total = taskList.total;
      if (!taskList.hasNextPage) break;
      after = taskList.endCursor;
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen.map((t) => t.id)).size).toBe(total);
    expect([...new Set(seen.map((t) => t.taskType))].sort()).toEqual(['analyze', 'collect', 'import', 'report']);
    expect(seen.find((t) => t.id === collectTaskId)).toMatchObject({ taskType: 'collect', status: 'succeeded' });

    const { taskList: failed } = await api.request<{ taskList: Page }>(
      '{ taskList(filter: { taskType: analyze, status: "failed" }) { items { id taskType status } total } }',
    );
    expect(failed.total).toBe(1);
    expect(failed.items).toEqual([expect.objectContaining({ taskType: 'analyze', status: 'failed' })]);
  });

  it('task model - a bulk analysis is a task whose children are one run per connection, listed by parent', async () => {
    const { startBulkAnalysis } = await api.request<{ startBulkAnalysis: { taskId: string; childTaskIds: string[] } }>(
      'mutation($c: [ID!]!) { startBulkAnalysis(input: { analysisType: zombie, connectionIds: $c }) { taskId childTaskIds } }',
      { c: [connectionId, importConnectionId] },
    );
    const { taskId, childTaskIds } = startBulkAnalysis;
    expect(taskId).toMatch(/^bulk-/);
    expect(childTaskIds).toHaveLength(2);
    const end = await until('the bulk analysis completed', () => completed.find((e) => e.taskId === taskId));
    expect(end).toMatchObject({
      taskType: 'analyze',
      kind: 'succeeded',
      message: '2 succeeded, 0 failed, 0 cancelled',
    });
    expect(steps(storyOf(taskId))).toEqual(['requested', 'progressed', 'succeeded']);
    expect(
      storyOf(taskId)
        .filter((e) => e.kind === 'progressed')
        .map((e) => e.progress),
    ).toEqual([50, 100]);
    for (const child of childTaskIds)
      expect(completed.find((e) => e.taskId === child)).toMatchObject({ taskType: 'analyze', kind: 'succeeded' });

    type Children = {
      total: number;
      items: Array<{ id: string; parentId: string; connectionId: string; status: string }>;
    };
    // The read model follows the events a moment later than the subscriptions.
    const taskList = await until('the children listed as succeeded', async () => {
      const { taskList: page } = await api.request<{ taskList: Children }>(
        'query($p: ID) { taskList(filter: { parentId: $p }) { total items { id parentId connectionId status } } }',
        { p: taskId },
      );
      return page.items.every((t) => t.status === 'succeeded') ? page : undefined;
    });
    expect(taskList.total).toBe(2);
    expect(taskList.items.map((t) => t.id).sort()).toEqual([...childTaskIds].sort());
    expect(taskList.items.map((t) => t.connectionId).sort()).toEqual([connectionId, importConnectionId].sort());
    expect(taskList.items.every((t) => t.parentId === taskId)).toBe(true);
  });

  type Instance = { service: string; instance: string; online: boolean; ready: boolean; uptimeSec: number };
  type Health = {
    status: string;
    services: Array<{ name: string; status: string; message: string; instances: Instance[] }>;
    nats: { status: string; version: string | null };
    clickhouse: { status: string; version: string | null };
    agents: { online: number; offline: number };
  };
  const HEALTH = `{ systemHealth { status services { name status message instances { service instance online ready uptimeSec } }
    nats { status version } clickhouse { status version } agents { online offline } } }`;
  const health = async () => (await api.request<{ systemHealth: Health }>(HEALTH)).systemHealth;
  const SERVICES = ['analyzer', 'collector', 'etl', 'query-api', 'reporter', 'scheduler'];

  it('system - systemHealth lists every service from its heartbeats, NATS and ClickHouse, all healthy', async () => {
    const now = await until('every service healthy', async () => {
      const h = await health();
      return h.status === 'healthy' ? h : undefined;
    });
    expect(now.services.map((s) => s.name).sort()).toEqual(SERVICES);
    for (const service of now.services) {
      expect(service.status).toBe('healthy');
      expect(service.instances.some((i) => i.online && i.ready)).toBe(true);
    }
    expect(now.nats.status).toBe('healthy');
    expect(now.nats.version).toMatch(/^\d+\.\d+/);
    expect(now.clickhouse.status).toBe('healthy');
    expect(now.clickhouse.version).toMatch(/^\d+\.\d+/);
    // The estate's collector is an agent.
    expect(now.agents.online).toBeGreaterThanOrEqual(1);
  });

  it('system - systemInfo says the version, build, commit and uptime of each service instance', async () => {
    const { systemInfo } = await api.request<{
      systemInfo: {
        version: string;
        natsVersion: string | null;
        services: Array<{
          service: string;
          version: string;
          build: string;
          commit: string;
          uptimeSec: number;
          startedAt: number;
        }>;
      };
    }>('{ systemInfo { version natsVersion services { service version build commit uptimeSec startedAt } } }');
    expect(systemInfo.natsVersion).toBeTruthy();
    expect([...new Set(systemInfo.services.map((s) => s.service))].sort()).toEqual(SERVICES);
    for (const instance of systemInfo.services) {
      expect(instance.version).toBe(systemInfo.version);
      expect(instance.build).toBeTruthy();
      expect(instance.commit).toBeTruthy();
      expect(instance.uptimeSec).toBeGreaterThanOrEqual(0);
      expect(instance.startedAt).toBeLessThanOrEqual(Date.now());
    }
  });

  it('system - systemMetrics counts tasks of every type by state, consumer lag and events per second', async () => {
    type Metrics = {
      tasks: Array<{ taskType: string; state: string; count: number }>;
      consumers: Array<{ stream: string; consumer: string; pending: number }>;
      totalLag: number;
      streams: Array<{ stream: string; eventsPerSecond: number | null }>;
      eventsPerSecond: number | null;
      instancesOnline: number;
      agents: { online: number };
    };
    const QUERY = `{ systemMetrics { tasks { taskType state count } consumers { stream consumer pending } totalLag
      streams { stream eventsPerSecond } eventsPerSecond instancesOnline agents { online } } }`;
    const metrics = await until('events per second known', async () => {
      const { systemMetrics } = await api.request<{ systemMetrics: Metrics }>(QUERY);
      return systemMetrics.eventsPerSecond !== null ? systemMetrics : undefined;
    });
    const count = (taskType: string, state: string) =>
      metrics.tasks.find((t) => t.taskType === taskType && t.state === state)?.count ?? 0;
    expect(count('collect', 'succeeded')).toBe(1);
    // Four analyses after the data landed, and those the cases started.
    expect(count('analyze', 'succeeded')).toBeGreaterThanOrEqual(6);
    expect(count('analyze', 'failed')).toBe(1);
    expect(count('report', 'succeeded')).toBe(3);
    expect(count('analyze', 'cancelled')).toBe(1);
    expect(count('import', 'succeeded')).toBe(1);
    expect(metrics.consumers.map((c) => c.consumer)).toContain('query-api-tasks');
    expect(metrics.totalLag).toBe(metrics.consumers.reduce((sum, c) => sum + c.pending, 0));
    expect(metrics.eventsPerSecond).toBeGreaterThanOrEqual(0);
    expect(metrics.streams.map((s) => s.stream)).toContain('TASKS');
    expect(metrics.instancesOnline).toBeGreaterThanOrEqual(SERVICES.length);
    expect(metrics.agents.online).toBeGreaterThanOrEqual(1);
  });

  it('system - a killed service turns down within three heartbeats, and healthy again once restarted', async () => {
    await estate.processes.get('reporter')!.kill();
    const down = await until(
      'the reporter down',
      async () => {
        const h = await health();
        return h.services.find((s) => s.name === 'reporter' && s.status === 'down') ? h : undefined;
      },
      30_000,
    );
    expect(down.status).toBe('down');
    const reporter = down.services.find((s) => s.name === 'reporter')!;
    expect(reporter.message).toContain('no instance is alive');
    expect(reporter.instances.every((i) => !i.online)).toBe(true);

    await estate.startService('reporter');
    const again = await until('the reporter healthy again', async () => {
      const h = await health();
      return h.status === 'healthy' ? h : undefined;
    });
    // The killed process stays listed, offline, beside the new one.
    expect(
      again.services
        .find((s) => s.name === 'reporter')!
        .instances.map((i) => i.online)
        .sort(),
    ).toEqual([false, true]);
  });
});
