import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLocalMasterKey, GraphQLClient, type RunningEstate, startEstate } from '@justfit/launcher';
import { type FakeCas, startFakeCas } from '@justfit/testing/fake-cas-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const DAY = 86_400_000;
type TaskEvent = { kind: string; progress: number | null; currentStep: number | null; message: string | null };

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe('h3c cas - a CAS estate collected and analysed through GraphQL, five services as processes', () => {
  let dataDir: string;
  let estate: RunningEstate;
  let api: GraphQLClient;
  let cas: FakeCas;
  let connectionId: string;

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
  const startTask = async (days: number) =>
    (
      await api.request<{ startCollectTask: string }>(
        'mutation($c: ID!, $s: Float, $e: Float) { startCollectTask(input: { connectionId: $c, startTime: $s, endTime: $e }) }',
        { c: connectionId, s: Date.now() - days * DAY, e: Date.now() },
      )
    ).startCollectTask;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'justfit-e2e-cas-'));
    ensureLocalMasterKey(join(dataDir, 'master.key'));
    [estate, cas] = await Promise.all([
      // The fake CAS listens on loopback, which the collector refuses by default: this lab allows that one address.
      startEstate({ dataDir, env: { COLLECT_ACK_WAIT_MS: '4000', COLLECTOR_ALLOWED_ENDPOINT_CIDRS: '127.0.0.1/32' } }),
      startFakeCas({ vms: 24 }),
    ]);
    api = new GraphQLClient(estate.graphqlUrl, estate.graphqlWsUrl, { token: estate.adminToken });
  });

  afterAll(async () => {
    await estate?.stop();
    await cas?.stop();
    if (dataDir && !process.env.KEEP_E2E_DATA) await rm(dataDir, { recursive: true, force: true });
    else console.log('kept', dataDir);
  });

  it('h3c - createConnection, then testConnection answers with the CAS version; a wrong password is 1001 with the reason', async () => {
    const { createConnection } = await api.request<{ createConnection: { id: string; port: number } }>(
      'mutation($e: String!, $p: Int, $u: String, $pw: String) { createConnection(input: { name: "cas", type: h3c, endpoint: $e, port: $p, username: $u, password: $pw }) { id port } }',
      { e: cas.host, p: cas.port, u: cas.username, pw: cas.password },
    );
    connectionId = createConnection.id;
    const { testConnection } = await api.request<{
      testConnection: { success: boolean; serverVersion: string; apiVersion: string; latencyMs: number };
    }>('mutation($c: ID!) { testConnection(id: $c) { success serverVersion apiVersion latencyMs } }', {
      c: connectionId,
    });
    expect(testConnection).toMatchObject({ success: true, serverVersion: `H3C CAS ${cas.version}` });
    expect(testConnection.latencyMs).toBeGreaterThanOrEqual(0);

    await api.request('mutation($c: ID!) { updateConnection(input: { id: $c, password: "wrong-password" }) }', {
      c: connectionId,
    });
    const refused = await api.request<{ testConnection: { success: boolean; message: string; code: number } }>(
      'mutation($c: ID!) { testConnection(id: $c) { success message code } }',
      { c: connectionId },
    );
    expect(refused.testConnection).toMatchObject({ success: false, code: 1001 });
    expect(refused.testConnection.message).toMatch(/rejected the login of user "admin": Bad credentials/);
    await api.request('mutation($c: ID!, $p: String) { updateConnection(input: { id: $c, password: $p }) }', {
      c: connectionId,
      p: cas.password,
    });

    // A CAS connection without a port uses CAS's REST port.
    const { createConnection: unported } = await api.request<{ createConnection: { id: string; port: number } }>(
      'mutation { createConnection(input: { name: "cas-default-port", type: h3c, endpoint: "cvm.example.net" }) { id port } }',
    );
    expect(unported.port).toBe(8080);
    const stored = await until('the connection in the read model', async () => {
      const { connection } = await api.request<{ connection: { port: number } | null }>(
        'query($c: ID!) { connection(id: $c) { port } }',
        { c: unported.id },
      );
      return connection ?? undefined;
    });
    expect(stored.port).toBe(8080);
  });

  it('h3c - a collect task loads the estate and the idle VMs are found as zombies, like vCenter estates', async () => {
    const taskId = await startTask(5.5);
    const events = await follow(taskId);
    expect(events.at(-1)!.kind).toBe('loaded');
    const { vms } = await api.request<{ vms: { total: number } }>(
      'query($c: ID) { vms(filter: { connectionId: $c }) { total } }',
      { c: connectionId },
    );
    expect(vms.total).toBe(cas.estate.vms.length + cas.estate.templates.length);
    // The idle VMs; the ones with a nightly backup are at work (powered-off VMs: CAS gives no power-off date).
    const expected = cas.estate.vms
      .filter((v) => v.behaviour === 'zombie')
      .map((v) => v.name)
      .sort();
    const zombies = await until('the zombie findings', async () => {
      const { findings } = await api.request<{ findings: Array<{ entityName: string }> }>(
        'query($c: ID) { findings(analysisType: zombie, connectionId: $c) { entityName } }',
        { c: connectionId },
      );
      return findings.length >= expected.length ? findings : undefined;
    });
    expect(zombies.map((f) => f.entityName).sort()).toEqual(expected);
    const { connection } = await api.request<{ connection: { status: string; lastSyncAt: number | null } }>(
      'query($c: ID!) { connection(id: $c) { status lastSyncAt } }',
      { c: connectionId },
    );
    expect(connection.status).toBe('connected');
    const logs = await readFile(join(dataDir, 'logs', 'collector.log'), 'utf8');
    expect(logs).not.toContain(cas.password);
  });

  it('h3c - stop cancels a running CAS task promptly, and retry runs it again to the end', async () => {
    cas.configure({ delayMs: 150 }); // a slow CVM, so the task is still running when stopped
    try {
      const taskId = await startTask(3);
      await follow(taskId, (e) => e.kind === 'progressed' && (e.currentStep ?? 0) >= 2);
      const asked = Date.now();
      await api.request('mutation($t: ID!) { stopCollectTask(id: $t, reason: "change freeze") }', { t: taskId });
      expect(Date.now() - asked).toBeLessThan(5_000);
      expect((await follow(taskId)).at(-1)).toMatchObject({ kind: 'cancelled', message: 'change freeze' });
      cas.configure({ delayMs: 0 });
      const { retryCollectTask } = await api.request<{ retryCollectTask: number }>(
        'mutation($t: ID!) { retryCollectTask(id: $t) }',
        { t: taskId },
      );
      expect(retryCollectTask).toBe(2);
      expect((await follow(taskId)).at(-1)!.kind).toBe('loaded');
    } finally {
      cas.configure({ delayMs: 0 });
    }
  });

  it('h3c - a collector killed mid-task is restarted and the CAS task resumes to success', async () => {
    cas.configure({ delayMs: 150 });
    try {
      const taskId = await startTask(3);
      await follow(taskId, (e) => e.kind === 'progressed' && (e.currentStep ?? 0) >= 2);
      await estate.processes.get('collector')!.kill();
      cas.configure({ delayMs: 0 });
      await estate.startService('collector');
      expect((await follow(taskId)).at(-1)!.kind).toBe('loaded');
      const { taskLogs } = await api.request<{ taskLogs: Array<{ message: string }> }>(
        'query($t: ID!) { taskLogs(taskId: $t, level: "warn") { message } }',
        { t: taskId },
      );
      expect(taskLogs.map((l) => l.message)).toContainEqual(expect.stringMatching(/resuming after an interruption/));
    } finally {
      cas.configure({ delayMs: 0 });
    }
  });
});
