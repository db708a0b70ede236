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
import { startVcsim, type Vcsim } from '@justfit/testing/vcsim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const DAY = 86_400_000;
type TaskEvent = { kind: string; progress: number | null; currentStep: number | null; message: string | null };

describe('collect tasks - stop, retry, a killed collector, and a real vCenter (vcsim) through GraphQL', () => {
  let dataDir: string;
  let estate: RunningEstate;
  let api: GraphQLClient;
  let vcsim: Vcsim;
  let simulated: string;

  /** Follows one task's events until `stopWhen` says so (or its story ends), returning them in order. */
  async function follow(taskId: string, stopWhen: (e: TaskEvent) => boolean = () => false): Promise<TaskEvent[]> {
    const seen: TaskEvent[] = [];
    for await (const { taskProgress } of api.subscribe<{ taskProgress: TaskEvent }>(
      'subscription($t: ID) { taskProgress(taskId: $t) { kind progress currentStep message } }',
      { t: taskId },
    )) {
      seen.push(taskProgress);
      if (stopWhen(taskProgress) || ['loaded', 'failed', 'cancelled'].includes(taskProgress.kind)) break;
    }
    return seen;
  }

  const startTask = async (connectionId: string, days: number) =>
    (
      await api.request<{ startCollectTask: string }>(
        'mutation($c: ID!, $s: Float, $e: Float) { startCollectTask(input: { connectionId: $c, startTime: $s, endTime: $e }) }',
        { c: connectionId, s: Date.now() - days * DAY, e: Date.now() },
      )
    ).startCollectTask;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'justfit-e2e-'));
    ensureLocalMasterKey(join(dataDir, 'master.key'));
    [estate, vcsim] = await Promise.all([
      // vcsim listens on loopback, which the collector refuses by default: this lab allows that one address.
      startEstate({ dataDir, env: { COLLECT_ACK_WAIT_MS: '4000', COLLECTOR_ALLOWED_ENDPOINT_CIDRS: '127.0.0.1/32' } }),
      startVcsim({ clusters: 1, hosts: 2, vms: 3, standaloneHosts: 0 }),
    ]);
    api = new GraphQLClient(estate.graphqlUrl, estate.graphqlWsUrl, { token: estate.adminToken });
    ({
      createConnection: { id: simulated },
    } = await api.request<{ createConnection: { id: string } }>(
      'mutation { createConnection(input: { name: "sim", type: simulated, endpoint: "lifecycle.local" }) { id } }',
    ));
  });

  afterAll(async () => {
    await estate?.stop();
    await vcsim?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('stop - a running task is cancelled promptly, and retry runs it again as attempt 2 to the end', async () => {
    const taskId = await startTask(simulated, 14);
    await follow(taskId, (e) => e.kind === 'progressed' && (e.currentStep ?? 0) >= 2 && (e.progress ?? 0) > 0);
    const asked = Date.now();
    await api.request('mutation($t: ID!) { stopCollectTask(id: $t, reason: "maintenance window") }', { t: taskId });
    expect(Date.now() - asked).toBeLessThan(5_000);
    const afterStop = await follow(taskId);
    expect(afterStop.at(-1)).toMatchObject({ kind: 'cancelled', message: 'maintenance window' });

    const again = await api.request('mutation($t: ID!) { stopCollectTask(id: $t) }', { t: taskId }).catch((e) => e);
    expect((again as GraphQLRequestError).errors[0]!.extensions).toMatchObject({ code: 409 });

    const { retryCollectTask } = await api.request<{ retryCollectTask: number }>(
      'mutation($t: ID!) { retryCollectTask(id: $t) }',
      { t: taskId },
    );
    expect(retryCollectTask).toBe(2);
    const retried = await follow(taskId);
    expect(retried[0]!.kind).toBe('requested');
    expect(retried.at(-1)!.kind).toBe('loaded');
  });

  it('recovery - a collector killed mid-task is restarted and the task resumes to success, never left running', async () => {
    const taskId = await startTask(simulated, 14);
    await follow(taskId, (e) => e.kind === 'progressed' && (e.progress ?? 0) >= 20);
    await estate.processes.get('collector')!.kill();
    await estate.startService('collector');
    const rest = await follow(taskId);
    expect(rest.at(-1)!.kind).toBe('loaded');
    const { taskLogs } = await api.request<{ taskLogs: Array<{ level: string; message: string }> }>(
      'query($t: ID!) { taskLogs(taskId: $t, level: "warn") { level message } }',
      { t: taskId },
    );
    expect(taskLogs.map((l) => l.message)).toContainEqual(expect.stringMatching(/resuming after an interruption/));
    expect(taskLogs.every((l) => l.level === 'warn' || l.level === 'error')).toBe(true);
  });

  it('vcenter - test connection reports the version; a wrong password is refused with 1001 and the reason', async () => {
    const { createConnection } = await api.request<{ createConnection: { id: string } }>(
      'mutation($e: String!, $p: Int, $u: String, $pw: String) { createConnection(input: { name: "vcsim", type: vcenter, endpoint: $e, port: $p, username: $u, password: $pw, verifyTls: false }) { id } }',
      { e: vcsim.host, p: vcsim.port, u: vcsim.username, pw: vcsim.password },
    );
    const { testConnection } = await api.request<{
      testConnection: { success: boolean; serverVersion: string; latencyMs: number };
    }>('mutation($c: ID!) { testConnection(id: $c) { success serverVersion latencyMs } }', { c: createConnection.id });
    expect(testConnection.success).toBe(true);
    expect(testConnection.serverVersion).toMatch(/VMware vCenter Server/);

    await api.request('mutation($c: ID!) { updateConnection(input: { id: $c, password: "wrong-password" }) }', {
      c: createConnection.id,
    });
    const refused = await api.request<{ testConnection: { success: boolean; message: string; code: number } }>(
      'mutation($c: ID!) { testConnection(id: $c) { success message code } }',
      { c: createConnection.id },
    );
    expect(refused.testConnection).toMatchObject({ success: false, code: 1001 });
    expect(refused.testConnection.message).toMatch(/login/i);
    await api.request('mutation($c: ID!, $p: String) { updateConnection(input: { id: $c, password: $p }) }', {
      c: createConnection.id,
      p: vcsim.password,
    });

    const taskId = (
      await api.request<{ startCollectTask: string }>(
        'mutation($c: ID!, $s: Float) { startCollectTask(input: { connectionId: $c, startTime: $s, sampleIntervalSec: 20 }) }',
        { c: createConnection.id, s: Date.now() - 30 * 60_000 },
      )
    ).startCollectTask;
    expect((await follow(taskId)).at(-1)!.kind).toBe('loaded');
    const { vms } = await api.request<{ vms: { total: number } }>(
      'query($c: ID) { vms(filter: { connectionId: $c }) { total } }',
      { c: createConnection.id },
    );
    expect(vms.total).toBeGreaterThan(0);
    const { connection } = await api.request<{ connection: { status: string; lastSyncAt: number | null } }>(
      'query($c: ID!) { connection(id: $c) { status lastSyncAt } }',
      { c: createConnection.id },
    );
    expect(connection.status).toBe('connected');
    expect(connection.lastSyncAt).toBeGreaterThan(0);
    const logs = await readFile(join(dataDir, 'logs', 'collector.log'), 'utf8');
    expect(logs).not.toContain(vcsim.password);
  });

  it('connections - endpoints at loopback (beyond what the lab allows), link-local or metadata addresses are refused with 400', async () => {
    const create = (endpoint: string, type = 'vcenter') =>
      api
        .request(
          `mutation($e: String!) { createConnection(input: { name: "probe ${endpoint}", type: ${type}, endpoint: $e }) { id } }`,
          { e: endpoint },
        )
        .then(
          () => undefined,
          (e: unknown) => (e as GraphQLRequestError).errors[0],
        );
    for (const endpoint of [
      '169.254.169.254',
      'https://169.254.169.254/latest/meta-data',
      '127.0.0.2',
      '[::1]',
      '0.0.0.0',
    ]) {
      expect(await create(endpoint), endpoint).toMatchObject({
        message: expect.stringMatching(/connection endpoints there are refused/),
        extensions: { code: 400 },
      });
    }
    const { createConnection } = await api.request<{ createConnection: { id: string } }>(
      'mutation { createConnection(input: { name: "elsewhere", type: vcenter, endpoint: "10.255.255.1" }) { id } }',
    );
    const update = await api
      .request('mutation($c: ID!) { updateConnection(input: { id: $c, endpoint: "169.254.169.254" }) }', {
        c: createConnection.id,
      })
      .then(
        () => undefined,
        (e: unknown) => (e as GraphQLRequestError).errors[0],
      );
    expect(update).toMatchObject({ extensions: { code: 400 } });
    // The simulated estate reaches no network: its endpoint is a label.
    expect(await create('127.0.0.2', 'simulated')).toBeUndefined();
    const { connections } = await api.request<{ connections: Array<{ endpoint: string }> }>(
      '{ connections { endpoint } }',
    );
    expect(connections.map((c) => c.endpoint)).not.toContain('169.254.169.254');
  });
});
