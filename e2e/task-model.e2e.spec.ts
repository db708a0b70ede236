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

describe('task model - collections, analyses and reports on the same subscriptions, six services as processes', () => {
  let dataDir: string;
  let estate: RunningEstate;
  let api: GraphQLClient;
  const stop = new AbortController();
  let progress: TaskEvent[];
  let completed: TaskEvent[];
  let connectionId: string;
  let collectTaskId: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'justfit-tasks-e2e-'));
    ensureLocalMasterKey(join(dataDir, 'master.key'));
    estate = await startEstate({ dataDir });
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
});
