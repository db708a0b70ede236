import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ClickHouseClient, createClient } from '@clickhouse/client';
import { ensureLocalMasterKey, GraphQLClient, type RunningEstate, startEstate } from '@justfit/launcher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardQueries, dashboards, renderDashboard } from '../src';
import { expandMacros, type GrafanaScope } from './grafana-macros';

const DAY = 86_400_000;
/** Single-value panels whose value may rightly be 0 on the demo estate (they still must answer a row). */
const MAY_BE_ZERO = new Set(['panel Largest consumer lag (latest sample)', 'panel High risk']);

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 300_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** A wide CSV export with two lines no import takes (a bad timestamp, a value that is not a number). */
function exportWithBadLines(end: number): string {
  const lines = ['vm,timestamp,name,cpu_count,memory_mb,cpu.usage_pct'];
  for (let t = end - DAY; t <= end; t += 300_000)
    lines.push(`vm-imported,${new Date(t).toISOString()},imported,2,4096,12`);
  lines.push(
    'vm-imported,yesterday,imported,2,4096,12',
    `vm-imported,${new Date(end).toISOString()},imported,2,4096,lots`,
  );
  return lines.join('\n');
}

describe('dashboards - every query of every shipped dashboard answers rows on the demo estate', () => {
  let dataDir: string;
  let estate: RunningEstate;
  let api: GraphQLClient;
  let clickhouse: ClickHouseClient;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'justfit-e2e-dashboards-'));
    ensureLocalMasterKey(join(dataDir, 'master.key'));
    estate = await startEstate({ dataDir, env: { PIPELINE_SAMPLE_INTERVAL_SEC: '2' } });
    api = new GraphQLClient(estate.graphqlUrl, estate.graphqlWsUrl, { token: estate.adminToken });
    clickhouse = createClient({ url: estate.clickhouseUrl, database: 'justfit' });

    // The demo estate: the simulated estate collected over five days and a half, loaded and analysed.
    const { createConnection } = await api.request<{ createConnection: { id: string } }>(
      `mutation { createConnection(input: { name: "demo", type: simulated, endpoint: "demo.estate.local" }) { id } }`,
    );
    const now = Date.now();
    const { startCollectTask: taskId } = await api.request<{ startCollectTask: string }>(
      'mutation($c: ID!, $s: Float, $e: Float) { startCollectTask(input: { connectionId: $c, startTime: $s, endTime: $e }) }',
      { c: createConnection.id, s: now - 5.5 * DAY, e: now },
    );
    await until('the collect task loaded', async () => {
      const { task } = await api.request<{ task: { loadedAt: number | null } | null }>(
        'query($t: ID!) { task(id: $t) { loadedAt } }',
        { t: taskId },
      );
      return task?.loadedAt ? true : undefined;
    });
    // The simulated estate's zombies and tidal VMs (right-size and health find nothing to say about it).
    await until('zombie and tidal findings', async () => {
      const { findings } = await api.request<{ findings: Array<{ analysisType: string }> }>(
        'query($c: ID) { findings(connectionId: $c, limit: 500) { analysisType } }',
        { c: createConnection.id },
      );
      const types = new Set(findings.map((f) => f.analysisType));
      return types.has('zombie') && types.has('tidal') ? true : undefined;
    });

    // A metrics file with lines the import refuses: the pipeline dashboard's rejected records.
    const form = new FormData();
    const mutation = 'mutation($file: File!) { importMetrics(file: $file, name: "demo-import") { id } }';
    form.append('operations', JSON.stringify({ query: mutation, variables: { file: null } }));
    form.append('map', JSON.stringify({ 0: ['variables.file'] }));
    form.append('0', new File([exportWithBadLines(now - 3_600_000)], 'demo-import.csv'));
    const uploaded = await fetch(estate.graphqlUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${estate.adminToken}`, 'x-graphql-yoga-csrf': '1' },
      body: form,
    });
    expect(uploaded.status).toBe(200);

    await until('consumer samples and rejected records', async () => {
      const [row] = await rows(
        `SELECT (SELECT count() FROM consumer_states) AS consumers, (SELECT count() FROM rejected_records) AS rejected`,
      );
      return Number(row!.consumers) > 0 && Number(row!.rejected) > 0 ? true : undefined;
    });
  }, 600_000);

  afterAll(async () => {
    await clickhouse?.close();
    await estate?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const rows = async (query: string) =>
    (await clickhouse.query({ query, format: 'JSONEachRow' })).json<Record<string, unknown>>();

  /** A value that says the panel has something to show: a non-zero number, a non-empty string or list. */
  const meaningful = (v: unknown) =>
    typeof v === 'number' ? v !== 0 : typeof v === 'string' ? v !== '' && v !== '0' : Array.isArray(v) && v.length > 0;

  for (const [name, build] of Object.entries(dashboards)) {
    it(`dashboard ${name} - its variables, annotations and panels answer rows`, async () => {
      const queries = dashboardQueries(renderDashboard(build));
      const scope: GrafanaScope = { from: Date.now() - 30 * DAY, to: Date.now(), intervalSec: 3600, variables: {} };
      // Variables first, in their order: later ones (the VM) read earlier ones (the connections).
      for (const { where, rawSql } of queries.filter((q) => q.where.startsWith('variable '))) {
        const options = await rows(expandMacros(rawSql, scope));
        expect(options.length, where).toBeGreaterThan(0);
        expect(Object.keys(options[0]!).sort(), where).toEqual(['__text', '__value']);
        scope.variables[where.slice('variable '.length)] = options.map((o) => String(o.__value));
      }
      // The VM dashboard shows one VM: one with findings, so that its annotations have something to show.
      if (scope.variables.vm) {
        const [withFinding] = await rows(
          `SELECT entity_id FROM findings_latest WHERE entity_type = 'vm' AND status = 'raised' ORDER BY entity_id LIMIT 1`,
        );
        expect(scope.variables.vm).toContain(withFinding!.entity_id);
        scope.variables.vm = [String(withFinding!.entity_id)];
      }
      for (const { where, rawSql } of queries.filter((q) => !q.where.startsWith('variable '))) {
        const answer = await rows(expandMacros(rawSql, scope));
        expect(answer.length, `${name}: ${where}`).toBeGreaterThan(0);
        if (!MAY_BE_ZERO.has(where))
          expect(
            answer.some((row) => Object.values(row).some(meaningful)),
            `${name}: ${where} shows only zeros`,
          ).toBe(true);
      }
    });
  }
});
