import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ensureLocalMasterKey,
  GraphQLClient,
  GraphQLRequestError,
  type RunningEstate,
  startEstate,
} from '@justfit/launcher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const STEP = 300_000;
const DAYS = 14;

/** Two weeks of a wide export: an idle VM (a zombie by GCP's rule) and a steady VM far larger than its load. */
function exportCsv(end: number): string {
  const lines = ['vm,timestamp,name,cpu_count,memory_mb,cpu.usage_pct,mem.active_mb,net.kbps'];
  for (let t = end - DAYS * 86_400_000; t <= end; t += STEP) {
    const time = new Date(t).toISOString();
    lines.push(`vm-idle,${time},forgotten,4,8192,0.3,90,0`);
    lines.push(`vm-big,${time},oversized,8,16384,${10 + ((t / STEP) % 3)},2048,40`);
  }
  return lines.join('\n');
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe('import namespaces - deleted through GraphQL, findings withdrawn through the analyzer', () => {
  let dataDir: string;
  let estate: RunningEstate;
  let api: GraphQLClient;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'justfit-e2e-import-'));
    ensureLocalMasterKey(join(dataDir, 'master.key'));
    estate = await startEstate({ dataDir });
    api = new GraphQLClient(estate.graphqlUrl, estate.graphqlWsUrl, { token: estate.adminToken });
  });

  afterAll(async () => {
    await estate?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const refusal = async (query: string, variables: Record<string, unknown>) =>
    api.request(query, variables).then(
      () => undefined,
      (e: unknown) => (e as GraphQLRequestError).errors[0],
    );
  const DELETE = `mutation($c: ID!) { deleteImportNamespace(connectionId: $c) { connectionId imports findingsWithdrawn } }`;
  const FINDINGS = `query($c: ID) { findings(connectionId: $c) { entityId analysisType } analysisSummary(connectionId: $c) { findings } }`;

  it('import namespace - its inventory, samples, import records and findings go; another namespace stays', async () => {
    const upload = async (name: string) => {
      const form = new FormData();
      const mutation = `mutation($file: File!) { importMetrics(file: $file, name: "${name}") { id connectionId } }`;
      form.append('operations', JSON.stringify({ query: mutation, variables: { file: null } }));
      form.append('map', JSON.stringify({ 0: ['variables.file'] }));
      form.append('0', new File([exportCsv(Date.now() - 3600_000)], `${name}.csv`));
      const headers = { authorization: `Bearer ${estate.adminToken}`, 'x-graphql-yoga-csrf': '1' };
      const body = (await (await fetch(estate.graphqlUrl, { method: 'POST', headers, body: form })).json()) as {
        data: { importMetrics: { id: string; connectionId: string } };
      };
      return body.data.importMetrics;
    };
    const doomed = await upload('doomed');
    const kept = await upload('kept');
    for (const job of [doomed, kept]) {
      await until(`${job.id} loaded`, async () => {
        const { importJob } = await api.request<{ importJob: { status: string } }>(
          `query($id: ID!) { importJob(id: $id) { status } }`,
          { id: job.id },
        );
        return importJob.status === 'loaded' ? true : undefined;
      });
    }
    for (const analysisType of ['zombie', 'rightsize']) {
      for (const connectionId of [doomed.connectionId, kept.connectionId])
        await api.request(`mutation($i: RunAnalysisInput!) { runAnalysis(input: $i) { runId } }`, {
          i: { analysisType, connectionId },
        });
    }
    type Found = { findings: Array<{ entityId: string; analysisType: string }>; analysisSummary: { findings: number } };
    const before = await until('the findings projected', async () => {
      const found = await api.request<Found>(FINDINGS, { c: doomed.connectionId });
      return found.findings.length >= 2 ? found : undefined;
    });
    expect(before.findings).toEqual(
      expect.arrayContaining([
        { entityId: 'vm-idle', analysisType: 'zombie' },
        { entityId: 'vm-big', analysisType: 'rightsize' },
      ]),
    );
    const keptFindings = (await api.request<Found>(FINDINGS, { c: kept.connectionId })).findings.length;
    expect(keptFindings).toBeGreaterThanOrEqual(2);

    const { deleteImportNamespace } = await api.request<{ deleteImportNamespace: Record<string, unknown> }>(DELETE, {
      c: doomed.connectionId,
    });
    expect(deleteImportNamespace).toEqual({
      connectionId: 'import-doomed',
      imports: 1,
      findingsWithdrawn: expect.any(Number),
    });

    expect(deleteImportNamespace.findingsWithdrawn).toBeGreaterThanOrEqual(before.findings.length);

    const after = await until('the findings withdrawn', async () => {
      const found = await api.request<Found>(FINDINGS, { c: doomed.connectionId });
      return found.findings.length === 0 ? found : undefined;
    });
    expect(after.analysisSummary.findings).toBe(0);
    const all = await api.request<Found>(FINDINGS, {});
    expect(all.findings.filter((f) => f.entityId === 'vm-idle')).toHaveLength(1); // the kept namespace's
    const { vms } = await api.request<{ vms: { total: number } }>(
      `query($c: ID!) { vms(filter: { connectionId: $c }) { total } }`,
      { c: doomed.connectionId },
    );
    expect(vms.total).toBe(0);
    const { importJobs } = await api.request<{ importJobs: Array<{ connectionId: string }> }>(
      `{ importJobs { connectionId } }`,
    );
    expect(importJobs.map((j) => j.connectionId)).toEqual(['import-kept']);
    expect(
      await refusal(
        `query($c: ID!) { metrics(entityType: vm, entityId: "vm-idle", connectionId: $c, startTime: 0, endTime: ${Date.now()}, interval: 3600) { metrics { name } } }`,
        { c: doomed.connectionId },
      ),
    ).toMatchObject({ extensions: { code: 404 } });
    expect((await api.request<Found>(FINDINGS, { c: kept.connectionId })).findings).toHaveLength(keptFindings);

    // Gone means gone: asking again is a 400, as is any id that is not an import namespace.
    expect(await refusal(DELETE, { c: doomed.connectionId })).toMatchObject({
      message: expect.stringMatching(/is not an import namespace/),
      extensions: { code: 400 },
    });
    const { createConnection } = await api.request<{ createConnection: { id: string } }>(
      'mutation { createConnection(input: { name: "real", type: simulated, endpoint: "sim.local" }) { id } }',
    );
    expect(await refusal(DELETE, { c: createConnection.id })).toMatchObject({ extensions: { code: 400 } });
  });
});
