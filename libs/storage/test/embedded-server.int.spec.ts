import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClickHouseClient, ClickHouseError, ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { createClickHouse, insertInventory, listVms, migrate } from '@justfit/storage';
import { type RunningEmbeddedServer, startEmbeddedServer } from '@justfit/testing/clickhouse';
import { repoRoot } from '@justfit/testing/tools';
import { vmObservation } from './fixtures/inventory';

const run = promisify(execFile);
const childScript = join(repoRoot, 'libs/storage/test/fixtures/http-client-child.ts');
// The failures provoked here are expected; keep the client from logging them.
const quiet = { log: { level: ClickHouseLogLevel.OFF } };

describe('embedded server', () => {
  let dataDir: string;
  let server: RunningEmbeddedServer;
  let client: ClickHouseClient;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'justfit-embedded-'));
    server = await startEmbeddedServer({ dataDir });
    const admin = createClient({ url: server.url });
    await admin.command({ query: 'CREATE DATABASE IF NOT EXISTS t' });
    await admin.close();
    client = createClient({ url: server.url, database: 't', ...quiet });
    await client.command({
      query:
        'CREATE TABLE events (id UInt32, source LowCardinality(String), payload String) ENGINE = MergeTree ORDER BY id',
    });
  });
  afterAll(async () => {
    await client?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('embedded server - binds 127.0.0.1 and answers /ping and ping()', async () => {
    expect(new URL(server.url).hostname).toBe('127.0.0.1');
    expect(await (await fetch(`${server.url}/ping`)).text()).toBe('Ok.\n');
    expect(await client.ping()).toEqual({ success: true });
    expect(await client.ping({ select: true })).toEqual({ success: true });
  });

  it('embedded server - @clickhouse/client inserts 10k rows as JSONEachRow and queries with parameters', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => ({
      id: i,
      source: i % 2 ? 'odd' : 'even',
      payload: `it's "row"\t${i}\\`,
    }));
    const inserted = await client.insert({ table: 'events', values: rows, format: 'JSONEachRow' });
    expect(inserted.summary?.written_rows).toBe('10000');
    const result = await client.query({
      query: `SELECT count() AS n, max(id) AS top, any(payload) AS sample FROM events
        WHERE source = {source:String} AND id < {below:UInt32} AND id IN {ids:Array(UInt32)} AND payload LIKE {like:String}`,
      query_params: { source: 'odd', below: 5000, ids: [1, 3, 4999, 5001], like: 'it\'s "row"\t%' },
      format: 'JSONEachRow',
    });
    const [row] = await result.json<{ n: string; top: number; sample: string }>();
    expect({ n: Number(row!.n), top: row!.top }).toEqual({ n: 3, top: 4999 });
    expect(row!.sample).toMatch(/^it's "row"\t\d+\\$/);
  });

  it('embedded server - a SQL error rejects with the ClickHouse code and message', async () => {
    const failure = await client.query({ query: 'SELECT * FROM no_such_table' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ClickHouseError);
    expect(failure).toMatchObject({ code: '60', type: 'UNKNOWN_TABLE' });
    expect((failure as Error).message).toMatch(/no_such_table/);
    await expect(client.command({ query: 'SELEC 1' })).rejects.toMatchObject({ code: '62', type: 'SYNTAX_ERROR' });
    await expect(
      client.insert({ table: 'events', values: [{ id: 'not a number' }], format: 'JSONEachRow' }),
    ).rejects.toBeInstanceOf(ClickHouseError);
    expect(await client.ping()).toEqual({ success: true });
  });

  it('embedded server - exec streams a raw result and settings apply to one request only', async () => {
    const exec = await client.exec({ query: 'SELECT number FROM numbers(3) FORMAT TSV' });
    let text = '';
    for await (const chunk of exec.stream) text += String(chunk);
    expect(text).toBe('0\n1\n2\n');
    const threads = async (settings?: Record<string, number>) => {
      const rs = await client.query({
        query: "SELECT getSetting('max_threads') AS t",
        format: 'JSONEachRow',
        clickhouse_settings: settings,
      });
      return Number((await rs.json<{ t: string }>())[0]!.t);
    };
    const normal = await threads();
    expect(await threads({ max_threads: 1, some_future_setting: 1 } as Record<string, number>)).toBe(1);
    expect(await threads()).toBe(normal);
  });

  it('embedded server - accepts gzip-compressed inserts and returns gzip responses', async () => {
    const gzip = createClient({ url: server.url, database: 't', compression: { request: true, response: true } });
    await gzip.insert({
      table: 'events',
      values: [{ id: 900_000, source: 'gzip', payload: 'x' }],
      format: 'JSONEachRow',
    });
    const rs = await gzip.query({
      query: "SELECT count() AS n FROM events WHERE source = 'gzip'",
      format: 'JSONEachRow',
    });
    expect(Number((await rs.json<{ n: string }>())[0]!.n)).toBe(1);
    await gzip.close();
  });

  it('embedded server - a second process uses it at the same time', async () => {
    const child = run(process.execPath, ['--import', 'tsx', childScript, server.url, 't', '5000'], { cwd: repoRoot });
    const mine = client.insert({
      table: 'events',
      values: Array.from({ length: 5000 }, (_, i) => ({ id: 2_000_000 + i, source: 'parent', payload: '' })),
      format: 'JSONEachRow',
    });
    const [{ stdout }] = await Promise.all([child, mine]);
    const report = JSON.parse(stdout.trim()) as { pid: number; seen: number };
    expect(report.seen).toBe(5000);
    const rs = await client.query({
      query:
        'SELECT source, count() AS n FROM events WHERE source IN ({child:String}, {parent:String}) GROUP BY source ORDER BY source',
      query_params: { child: `child-${report.pid}`, parent: 'parent' },
      format: 'JSONEachRow',
    });
    expect((await rs.json<{ source: string; n: string }>()).map((r) => [r.source, Number(r.n)])).toEqual([
      [`child-${report.pid}`, 5000],
      ['parent', 5000],
    ]);
  });

  it('embedded server - the storage layer migrates and queries through it', async () => {
    const storage = await createClickHouse({ url: server.url, dataDir });
    await migrate(storage);
    await migrate(storage);
    await insertInventory(storage, 'vm', [vmObservation({ id: 'vm-http' })]);
    expect((await listVms(storage, { page: 1, pageSize: 10 })).items.map((vm) => vm.id)).toEqual(['vm-http']);
    await storage.close();
  });

  it('embedded server - stops cleanly on SIGTERM and keeps its data across a restart', async () => {
    expect(await server.stop()).toBe(0);
    server = await startEmbeddedServer({ dataDir });
    await client.close();
    client = createClient({ url: server.url, database: 't', ...quiet });
    const rs = await client.query({ query: 'SELECT count() AS n FROM events', format: 'JSONEachRow' });
    expect(Number((await rs.json<{ n: string }>())[0]!.n)).toBe(20_001);
  });
});
