import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ensureLocalMasterKey,
  GraphQLClient,
  GraphQLRequestError,
  type RunningEstate,
  startEstate,
} from '@justfit/launcher';
import { eventually } from '@justfit/testing/eventually';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allFiles, allStreamMessages, allTableRows } from './evidence';

const PASSWORD = 'e2e-Sup3r-s3cret-Pa55word';
const TRACE_ID = 'e2etrace0123456789abcdef01234567';
const DAY = 86_400_000;
// The simulated estate's ground truth: idle VMs and VMs powered off for 60 days. The idle VMs with a nightly backup
// are not zombies: a job that runs at the same hour every night is work.
const EXPECTED_ZOMBIES = [
  'dev-powered-off-9',
  'dev-zombie-1',
  'dev-zombie-8',
  'prod-powered-off-9',
  'prod-zombie-1',
  'prod-zombie-8',
];
const EXPECTED_TIDAL = [
  'dev-daily-tidal-10',
  'dev-daily-tidal-3',
  'dev-zombie-with-backup-5',
  'prod-daily-tidal-10',
  'prod-daily-tidal-3',
  'prod-zombie-with-backup-5',
];

type TaskEvent = {
  taskId: string;
  kind: string;
  progress: number | null;
  currentStep: number | null;
  message: string | null;
};
type Alert = { findingId: string; severity: string; entityName: string };

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

// Shuffled on every run: the cases share one lazily collected estate and keep no order between them.
describe.shuffle('walking skeleton - six services as processes, driven through GraphQL', () => {
  let dataDir: string;
  let estate: RunningEstate;
  let api: GraphQLClient;
  let traced: GraphQLClient;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'justfit-e2e-'));
    ensureLocalMasterKey(join(dataDir, 'master.key'));
    estate = await startEstate({ dataDir });
    api = new GraphQLClient(estate.graphqlUrl, estate.graphqlWsUrl, { token: estate.adminToken });
    traced = api.as({ token: estate.adminToken, headers: { 'x-trace-id': TRACE_ID } });
  });

  const stopSubscriptions = new AbortController();

  afterAll(async () => {
    stopSubscriptions.abort();
    const services = ['collector', 'etl', 'analyzer', 'reporter', 'scheduler', 'query-api'].map((n) =>
      estate?.processes.get(n),
    );
    await estate?.stop();
    // SIGTERM drains and exits cleanly: a non-zero code here means a service crashed on the way down.
    expect(await Promise.all(services.map((p) => p?.exited))).toEqual([0, 0, 0, 0, 0, 0]);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /**
   * The simulated estate most cases read: registered (with a password), collected over three days under TRACE_ID and
   * loaded, with what the API pushed meanwhile (alerts, the task's completion). Made by whichever case needs it first,
   * once, so the cases keep no order between them.
   */
  interface CollectedEstate {
    connectionId: string;
    taskId: string;
    completed: TaskEvent;
    alerts: Alert[];
  }
  let collecting: Promise<CollectedEstate> | undefined;
  const collected = () => (collecting ??= collectEstate());
  async function collectEstate(): Promise<CollectedEstate> {
    const alerts: Alert[] = [];
    void (async () => {
      for await (const { alertCreated } of api.subscribe<{ alertCreated: Alert }>(
        'subscription { alertCreated { findingId severity entityName } }',
        {},
        stopSubscriptions.signal,
      ))
        alerts.push(alertCreated);
    })().catch(() => undefined);
    const task: { id?: string } = {}; // known once started; completions may be pushed before
    const completions: TaskEvent[] = [];
    const completed = (async () => {
      for await (const { taskCompleted } of api.subscribe<{ taskCompleted: TaskEvent }>(
        'subscription { taskCompleted { taskId kind } }',
        {},
        stopSubscriptions.signal,
      )) {
        completions.push(taskCompleted);
        const mine = completions.find((e) => e.taskId === task.id);
        if (mine) return mine;
      }
      throw new Error('taskCompleted ended without the task');
    })();
    await new Promise((r) => setTimeout(r, 500)); // both subscriptions settle before anything can be pushed
    const { createConnection } = await traced.request<{ createConnection: { id: string } }>(
      `mutation($p: String) { createConnection(input: { name: "e2e-estate", type: simulated, endpoint: "e2e.estate.local", username: "ops", password: $p }) { id } }`,
      { p: PASSWORD },
    );
    const now = Date.now();
    const started = await traced.request<{ startCollectTask: string }>(
      'mutation($c: ID!, $s: Float, $e: Float) { startCollectTask(input: { connectionId: $c, startTime: $s, endTime: $e }) }',
      { c: createConnection.id, s: now - 5.5 * DAY, e: now },
    );
    const taskId = (task.id = started.startCollectTask);
    await until(
      'the task loaded',
      async () => {
        const r = await api.request<{ task: { loadedAt: number | null } | null }>(
          'query($t: ID!) { task(id: $t) { loadedAt } }',
          { t: taskId },
        );
        return r.task?.loadedAt ? true : undefined;
      },
      180_000,
    );
    return { connectionId: createConnection.id, taskId, completed: await completed, alerts };
  }

  /** The estate once its zombies (and tidal VMs) are found. */
  async function analysed(): Promise<CollectedEstate> {
    const estateData = await collected();
    await until('the zombie and tidal findings', async () => {
      const { z, t } = await api.request<{ z: unknown[]; t: unknown[] }>(
        'query($c: ID) { z: findings(analysisType: zombie, connectionId: $c) { id } t: findings(analysisType: tidal, connectionId: $c) { id } }',
        { c: estateData.connectionId },
      );
      return z.length >= EXPECTED_ZOMBIES.length && t.length >= EXPECTED_TIDAL.length ? true : undefined;
    });
    return estateData;
  }

  it('connections - a connection is registered, and a second one with the same name is refused with 409', async () => {
    const name = `e2e-connection-${randomUUID().slice(0, 8)}`;
    const { createConnection } = await traced.request<{ createConnection: { id: string; status: string } }>(
      'mutation($n: String!) { createConnection(input: { name: $n, type: simulated, endpoint: "e2e.connection.local" }) { id status } }',
      { n: name },
    );
    expect(createConnection.id).toMatch(/^conn-/);

    const duplicate = await api
      .request(
        'mutation($n: String!) { createConnection(input: { name: $n, type: simulated, endpoint: "x.local" }) { id } }',
        {
          n: name,
        },
      )
      .catch((e) => e);
    expect(duplicate).toBeInstanceOf(GraphQLRequestError);
    expect(duplicate.errors[0].extensions).toMatchObject({ code: 409 });
    expect(duplicate.errors[0].extensions.traceId).toBeTruthy();

    const badEndpoint = await api
      .request(`mutation { createConnection(input: { name: "bad", type: vcenter, endpoint: "not a host" }) { id } }`)
      .catch((e) => e);
    expect(badEndpoint.errors[0].extensions).toMatchObject({ code: 400 });
  });

  it('collect task - progress arrives over graphql-ws in order, from requested to loaded', async () => {
    const { taskId, completed } = await collected();
    expect(completed).toMatchObject({ taskId, kind: 'succeeded' });
    // A task's story is replayed from its start to a late subscriber, then followed live.
    const taskEvents: TaskEvent[] = [];
    for await (const { taskProgress } of api.subscribe<{ taskProgress: TaskEvent }>(
      'subscription($t: ID) { taskProgress(taskId: $t) { taskId kind progress currentStep message } }',
      { t: taskId },
    )) {
      taskEvents.push(taskProgress);
      if (['loaded', 'failed', 'cancelled'].includes(taskProgress.kind)) break;
    }
    const kinds = taskEvents.map((e) => e.kind).filter((k) => k !== 'logged' && k !== 'progressed');
    expect(kinds).toEqual(['requested', 'started', 'succeeded', 'loaded']);
    expect(taskEvents.every((e) => e.taskId === taskId)).toBe(true);
    const progress = taskEvents.filter((e) => e.kind === 'progressed').map((e) => e.progress ?? -1);
    expect(progress.length).toBeGreaterThan(5);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(100);

    // "Loaded" is read from the ETL's own table, so the tasks read model may still be folding the task's last events.
    await eventually(async () => {
      const { task } = await api.request<{ task: { status: string; progress: number; loadedAt: number | null } }>(
        'query($t: ID!) { task(id: $t) { status progress loadedAt } }',
        { t: taskId },
      );
      expect(task).toMatchObject({ status: 'succeeded', progress: 100 });
      expect(task.loadedAt).toBeGreaterThan(0);
    });
  });

  it('inventory - the collected VMs are queryable from ClickHouse, with filters and paging', async () => {
    const { connectionId } = await collected();
    const { vms } = await api.request<{ vms: { total: number; items: Array<{ name: string; powerState: string }> } }>(
      'query($c: ID) { vms(filter: { connectionId: $c }, pageSize: 10) { total items { name powerState } } }',
      { c: connectionId },
    );
    expect(vms.total).toBe(24);
    expect(vms.items).toHaveLength(10);
    const off = await api.request<{ vms: { total: number } }>(
      'query($c: ID) { vms(filter: { connectionId: $c, powerState: "poweredOff" }) { total } }',
      { c: connectionId },
    );
    expect(off.vms.total).toBe(4); // two powered-off VMs and two templates
  });

  it('analyzer - the zombies are found automatically once the data is loaded, and nothing else', async () => {
    const { connectionId, alerts } = await collected();
    const findings = await until('the zombie findings', async () => {
      const { findings: f } = await api.request<{
        findings: Array<{
          entityName: string;
          confidence: number;
          evidence: Record<string, unknown>;
          policy: { version: number };
        }>;
      }>(
        'query($c: ID) { findings(analysisType: zombie, connectionId: $c) { entityName confidence evidence policy { version } } }',
        { c: connectionId },
      );
      return f.length >= EXPECTED_ZOMBIES.length ? f : undefined;
    });
    expect(findings.map((f) => f.entityName).sort()).toEqual(EXPECTED_ZOMBIES);
    for (const f of findings) {
      expect(f.confidence).toBeGreaterThan(0.5);
      expect(f.policy.version).toBe(1);
    }
    const idle = findings.find((f) => f.entityName === 'prod-zombie-1')!;
    expect(idle.evidence).toMatchObject({ rules: { gcpIdleVm: { idle: true }, azureShutdown: { idle: true } } });

    // Pushed over graphql-ws as they were raised (a case that changes policies may raise some again: names, once).
    const zombieAlerts = () => alerts.filter((a) => a.findingId.startsWith('zombie-'));
    const alerted = () => [...new Set(zombieAlerts().map((a) => a.entityName))].sort();
    await until(
      'an alert per zombie',
      async () => (alerted().length >= EXPECTED_ZOMBIES.length ? true : undefined),
      20_000,
    );
    expect(alerted()).toEqual(EXPECTED_ZOMBIES);
    // Severity follows risk: reclaiming a VM idle by both published rules, with memory to confirm it, is low risk.
    for (const alert of zombieAlerts()) expect(alert.severity).toBe('info');
  });

  it('analyzer - right-size, tidal and health run too: the daily tides and nightly jobs are tidal; right-size waits for history', async () => {
    const { connectionId } = await analysed();
    const { findings: tidal } = await api.request<{ findings: Array<{ entityName: string }> }>(
      'query($c: ID) { findings(analysisType: tidal, connectionId: $c) { entityName } }',
      { c: connectionId },
    );
    expect(tidal.map((f) => f.entityName).sort()).toEqual(EXPECTED_TIDAL);
    const { findings: resized } = await api.request<{ findings: unknown[] }>(
      'query($c: ID) { findings(analysisType: rightsize, connectionId: $c) { entityName } }',
      { c: connectionId },
    );
    expect(resized).toEqual([]); // five and a half days of history is below the right-size policy's seven: no premature advice
  });

  it('analysis summary - open findings by risk, savings counting each VM once, and when last analysed', async () => {
    const { connectionId } = await analysed();
    const { analysisSummary: zombies } = await api.request<{
      analysisSummary: { findings: number; savings: { cpuCores: number; memoryMb: number }; lastAnalysedAt: number };
    }>(
      'query($c: ID) { analysisSummary(analysisType: zombie, connectionId: $c) { findings savings { cpuCores memoryMb } lastAnalysedAt } }',
      { c: connectionId },
    );
    expect(zombies).toMatchObject({ findings: 6, savings: { cpuCores: 12, memoryMb: 6 * 8192 } });
    expect(zombies.lastAnalysedAt).toBeGreaterThan(Date.now() - 10 * 60_000);
    const { analysisSummary: all } = await api.request<{
      analysisSummary: {
        findings: number;
        byRisk: { low: number; medium: number; high: number };
        savings: { cpuCores: number };
      };
    }>(
      'query($c: ID) { analysisSummary(connectionId: $c) { findings byRisk { low medium high } savings { cpuCores } } }',
      { c: connectionId },
    );
    expect(all.findings).toBeGreaterThan(zombies.findings);
    expect(all.byRisk.low + all.byRisk.medium + all.byRisk.high).toBe(all.findings);
    // Zombies that are also oversized are reclaimed once, not twice.
    expect(all.savings.cpuCores).toBeLessThan(zombies.savings.cpuCores + 12);
  });

  it('policies - a stricter policy version resolves the zombies that no longer qualify; findings name the version', async () => {
    const { connectionId } = await analysed();
    const { policies } = await api.request<{
      policies: Array<{
        name: string;
        activeVersion: number;
        versions: Array<{ version: number; settings: Record<string, unknown> }>;
      }>;
    }>('{ policies(analysisType: zombie) { name activeVersion versions { version settings } } }');
    expect(policies).toHaveLength(1);
    expect(policies[0]).toMatchObject({ name: 'zombie-default', activeVersion: 1 });
    const strict = { ...policies[0]!.versions[0]!.settings, poweredOffDays: 90 };
    const { createPolicyVersion } = await api.request<{ createPolicyVersion: { version: number } }>(
      'mutation($s: JSON!) { createPolicyVersion(input: { name: "zombie-default", analysisType: zombie, settings: $s, activate: true, note: "off for 90 days" }) { version } }',
      { s: strict },
    );
    expect(createPolicyVersion.version).toBe(policies[0]!.versions.length + 1);
    try {
      const bad = await api
        .request(
          'mutation($s: JSON!) { createPolicyVersion(input: { name: "zombie-default", analysisType: zombie, settings: $s }) { version } }',
          { s: { ...strict, gcpIdleCpuShare: 7 } },
        )
        .catch((e) => e);
      expect((bad as GraphQLRequestError).errors[0]!.extensions).toMatchObject({ code: 400 });

      const { runAnalysis } = await api.request<{ runAnalysis: { runId: string; resolved: number; updated: number } }>(
        'mutation($c: ID) { runAnalysis(input: { analysisType: zombie, connectionId: $c }) { runId resolved updated } }',
        { c: connectionId },
      );
      expect(runAnalysis.resolved).toBe(2); // the VMs powered off 60 days ago: not 90
      expect(runAnalysis.updated).toBe(4); // the others now name the new policy version
      const { analysisResult } = await until('the run result', async () => {
        const r = await api.request<{
          analysisResult: {
            analysisType: string;
            trigger: string;
            resolved: number;
            entries: Array<{ entityName: string; policy: { version: number } }>;
          } | null;
        }>(
          'query($r: ID!) { analysisResult(runId: $r) { analysisType trigger resolved entries { entityName policy { version } } } }',
          { r: runAnalysis.runId },
        );
        return r.analysisResult?.entries.length === 4 ? r : undefined;
      });
      expect(analysisResult).toMatchObject({ analysisType: 'zombie', trigger: 'on-demand', resolved: 2 });
      expect(analysisResult!.entries.every((e) => e.policy.version === createPolicyVersion.version)).toBe(true);
    } finally {
      // Other cases read the default policy's findings: put version 1 back and raise what it finds again.
      await api.request(
        'mutation { changePolicyVersion(name: "zombie-default", version: 1, action: activate) { version } }',
      );
      const back = await api.request<{ runAnalysis: { raised: number } }>(
        'mutation($c: ID) { runAnalysis(input: { analysisType: zombie, connectionId: $c }) { raised } }',
        { c: connectionId },
      );
      expect(back.runAnalysis.raised).toBe(2);
    }
  });

  it('alerts - marking one read counts it out of the unread; an unknown alert is 404', async () => {
    await analysed();
    type AlertList = { alerts: { unreadCount: number; items: Array<{ id: string; read: boolean }> } };
    const unread = await until('an unread alert', async () => {
      const r = await api.request<AlertList>(
        '{ alerts(unreadOnly: true, limit: 1000) { unreadCount items { id read } } }',
      );
      return r.alerts.items[0];
    });
    await api.request('mutation($id: ID!) { markAlert(id: $id, read: true) }', { id: unread.id });
    const after = await until(
      'the read mark',
      async () => {
        const r = await api.request<AlertList>('{ alerts(limit: 1000) { unreadCount items { id read } } }');
        return r.alerts.items.find((a) => a.id === unread.id)?.read ? r : undefined;
      },
      20_000,
    );
    // The count is of unread alerts: the one marked read is not in it.
    expect(after.alerts.unreadCount).toBe(after.alerts.items.filter((a) => !a.read).length);
    const missing = await api.request('mutation { markAlert(id: "alert-nope", read: true) }').catch((e) => e);
    expect((missing as GraphQLRequestError).errors[0]!.extensions).toMatchObject({ code: 404 });
  });

  it('analyzer - an on-demand run over the same data changes nothing', async () => {
    const { connectionId } = await analysed();
    const run = () =>
      api.request<{ runAnalysis: { analysed: number; raised: number; updated: number; resolved: number } }>(
        'mutation($c: ID) { runAnalysis(input: { analysisType: zombie, connectionId: $c }) { analysed raised updated resolved } }',
        { c: connectionId },
      );
    await run(); // whatever the automatic run left to do
    const { runAnalysis } = await run();
    expect(runAnalysis).toMatchObject({ analysed: 22, raised: 0, resolved: 0 });
  });

  /** Requests a report (a task) and waits until the read model says it is generated. */
  async function generatedReport(input: Record<string, unknown>) {
    const { generateReport } = await api.request<{ generateReport: { id: string; status: string } }>(
      'mutation($i: GenerateReportInput) { generateReport(input: $i) { id status } }',
      { i: input },
    );
    expect(generateReport.status).toBe('requested');
    return until(
      'the report',
      async () => {
        const { report } = await api.request<{
          report: { id: string; status: string; progress: number; sha256: string; downloadUrl: string } | null;
        }>('query($r: ID!) { report(id: $r) { id status progress sha256 downloadUrl } }', { r: generateReport.id });
        if (report?.status === 'failed') throw new Error(`report ${generateReport.id} failed`);
        return report?.status === 'generated' ? report : undefined;
      },
      180_000,
    );
  }

  it('reporter - a JSON report lists the zombies with their savings; its file needs a token', async () => {
    const { connectionId } = await analysed();
    const generated = await generatedReport({ format: 'json', connectionId });
    expect(generated).toMatchObject({ progress: 100, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(generated.downloadUrl.startsWith(estate.serviceUrls['query-api'])).toBe(true);
    const anonymous = await fetch(generated.downloadUrl);
    expect(anonymous.status).toBe(401);
    const downloaded = await fetch(generated.downloadUrl, {
      headers: { authorization: `Bearer ${estate.adminToken}` },
    });
    expect(downloaded.status).toBe(200);
    type Entry = { entityName: string; analysisType: string };
    const report = (await downloaded.json()) as {
      reportId: string;
      estate: Record<string, number>;
      findings: Entry[];
      summary: { byType: Record<string, number>; savings: { cpuCores: number } };
      tidalProfiles: unknown[];
    };
    expect(report.reportId).toBe(generated.id);
    expect(report.estate).toMatchObject({ vms: 22, poweredOnVms: 20, hosts: 6, clusters: 2 });
    expect(
      report.findings
        .filter((f: Entry) => f.analysisType === 'zombie')
        .map((f: Entry) => f.entityName)
        .sort(),
    ).toEqual(EXPECTED_ZOMBIES);
    expect(report.summary.byType).toMatchObject({ zombie: 6, tidal: 6 });
    expect(report.summary.savings.cpuCores).toBeGreaterThanOrEqual(16);
    expect(report.tidalProfiles).toHaveLength(6);
  });

  it('reporter - a PDF report is printed by Chromium, served to any holder of a token, and listed by format', async () => {
    const { connectionId } = await analysed();
    const generated = await generatedReport({ format: 'pdf', reportType: 'tidal', connectionId });
    const downloaded = await fetch(generated.downloadUrl, {
      headers: { authorization: `Bearer ${estate.adminToken}` },
    });
    expect(downloaded.headers.get('content-type')).toBe('application/pdf');
    const body = Buffer.from(await downloaded.arrayBuffer());
    expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { reports } = await api.request<{
      reports: { total: number; items: Array<{ id: string; reportType: string }> };
    }>(
      'query($c: ID) { reports(filter: { format: pdf, connectionId: $c, status: generated }, pageSize: 10) { total items { id reportType } } }',
      { c: connectionId },
    );
    expect(reports.items).toContainEqual({ id: generated.id, reportType: 'tidal' });
  });

  it('trace id - the id a request carries is on every event it caused, down to the ETL', async () => {
    const { taskId } = await collected();
    const messages = await allStreamMessages(estate.natsUrl, estate.natsAdmin);
    const ofTask = messages.filter((m) => m.text.includes(taskId) && !['ADVISORIES', 'AUDIT'].includes(m.stream));
    const types = new Set(ofTask.map((m) => JSON.parse(m.text).type as string));
    for (const type of [
      'CollectTaskRequested',
      'CollectTaskStarted',
      'MetricsObserved',
      'InventoryObserved',
      'CollectTaskDataLoaded',
      'MetricsBatchLoaded',
    ]) {
      expect(types).toContain(`io.justfit.${type}.v1`);
    }
    for (const m of ofTask) expect(JSON.parse(m.text).traceid).toBe(TRACE_ID);
  });

  it('operations - every service answers /healthz and /readyz, and Prometheus /metrics on a port of its own', async () => {
    for (const [name, url] of Object.entries(estate.serviceUrls)) {
      expect((await fetch(`${url}/healthz`)).status, name).toBe(200);
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status, name).toBe(200);
      expect(((await ready.json()) as { checks: Record<string, string> }).checks.nats, name).toBe('ok');
      expect((await fetch(`${url}/metrics`)).status, `${name} /metrics on the service port`).toBe(404);
      const metrics = await (await fetch(estate.metricsUrls[name as keyof typeof estate.metricsUrls])).text();
      // The standard process and Node.js metrics under their usual names; no `service` label to clash with the scrape's.
      expect(metrics, name).toMatch(/^process_cpu_seconds_total \d/m);
      expect(metrics, name).toContain('nodejs_heap_size_used_bytes');
      expect(metrics, name).not.toMatch(/\bservice="/);
    }
    await collected(); // the ETL has handled events
    const etlMetrics = await (await fetch(estate.metricsUrls.etl)).text();
    expect(etlMetrics).toMatch(
      /justfit_events_handled_total\{[^}]*type="io\.justfit\.MetricsObserved\.v1"[^}]*outcome="ok"[^}]*\} [1-9]/,
    );
  });

  it('operations - Prometheus: GraphQL requests and errors, consumer lag, collect and analysis times, findings and savings', async () => {
    await analysed();
    await api.request('{ connections { id } }');
    await api
      .as({ token: 'jft_unknown' })
      .request('{ connections { id } }')
      .catch(() => undefined);
    const scrape = async (service: keyof typeof estate.metricsUrls) =>
      (await fetch(estate.metricsUrls[service])).text();
    const value = (text: string, series: RegExp) =>
      Number(new RegExp(`^${series.source} (\\S+)$`, 'm').exec(text)?.[1]);
    // The consumers are sampled every PIPELINE_SAMPLE_INTERVAL_SEC (30 s): wait for a sample taken after the collection.
    await until(
      'a pipeline sample after the collection',
      async () =>
        value(await scrape('query-api'), /justfit_stream_messages\{stream="TASKS"\}/) > 0 ? true : undefined,
      90_000,
    );
    const queryApi = await scrape('query-api');
    expect(
      value(queryApi, /justfit_graphql_request_duration_seconds_count\{[^}]*operation="connections"[^}]*\}/),
    ).toBeGreaterThan(0);
    expect(value(queryApi, /justfit_graphql_errors_total\{code="401"\}/)).toBeGreaterThan(0);
    expect(value(queryApi, /justfit_clickhouse_up/)).toBe(1);
    expect(
      value(queryApi, /justfit_consumer_pending_messages\{[^}]*consumer="collector-tasks"[^}]*\}/),
    ).toBeGreaterThanOrEqual(0);
    expect(value(queryApi, /justfit_findings_open\{[^}]*analysis_type="zombie"[^}]*\}/)).toBeGreaterThan(0);
    expect(value(queryApi, /justfit_savings_amount\{[^}]*analysis_type="zombie"[^}]*\}/)).toBeGreaterThan(0);
    expect(
      value(await scrape('collector'), /justfit_collect_duration_seconds_count\{outcome="succeeded"\}/),
    ).toBeGreaterThan(0);
    expect(
      value(await scrape('analyzer'), /justfit_analysis_duration_seconds_count\{[^}]*analysis_type="zombie"[^}]*\}/),
    ).toBeGreaterThan(0);
  });

  it('secrets - the password and the admin token are nowhere: events, KV, tables, logs, reports, responses', async () => {
    await analysed();
    const places = [
      ...(await allStreamMessages(estate.natsUrl, estate.natsAdmin)).map((m) => ({
        where: `stream ${m.stream} ${m.subject}`,
        text: m.text + m.headers,
      })),
      ...(await allTableRows(estate.clickhouseUrl)).map((t) => ({ where: `table ${t.table}`, text: t.text })),
      // The token's own file holds it, by design (mode 0600); nothing else may.
      ...(await allFiles(dataDir))
        .filter((f) => f.path !== estate.adminTokenFile)
        .map((f) => ({ where: f.path, text: f.text })),
      {
        where: 'GraphQL connections',
        text: JSON.stringify(
          await api.request('{ connections { id name type endpoint port username verifyTls status } }'),
        ),
      },
      {
        where: 'GraphQL apiTokens',
        text: JSON.stringify(await api.request('{ apiTokens(includeInactive: true) { id name } }')),
      },
    ];
    expect(places.length).toBeGreaterThan(100);
    expect(places.filter((p) => p.text.includes(PASSWORD)).map((p) => p.where)).toEqual([]);
    expect(places.filter((p) => p.text.includes(estate.adminToken)).map((p) => p.where)).toEqual([]);
  });

  it('bus permissions - each service runs as its own NATS user and was never refused a subject', async () => {
    const log = await readFile(join(dataDir, 'logs', 'nats-server.log'), 'utf8');
    expect(log).toContain('Using configuration file');
    expect(log.split('\n').filter((line) => /Violation/.test(line))).toEqual([]);
  });
});
