import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ClickHouseClient, createClickHouse } from '@justfit/storage';
import { type RunningEmbeddedServer, startEmbeddedServer } from '@justfit/testing/clickhouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestClickHouse } from '../src/graphql/request-clickhouse';

// A read that would run for minutes: a hash over 100 billion numbers.
const RUNAWAY = 'SELECT count() FROM numbers(100000000000) WHERE sipHash64(number) % 7 = 3';

describe('request deadline on ClickHouse', () => {
  let dataDir: string;
  let server: RunningEmbeddedServer;
  let clickhouse: ClickHouseClient;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'justfit-deadline-'));
    server = await startEmbeddedServer({ dataDir });
    clickhouse = await createClickHouse({ url: server.url, dataDir });
  });
  afterAll(async () => {
    await clickhouse?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('request deadline - a read past the time the request has left is stopped by the server, which then answers at once', async () => {
    const started = performance.now();
    const bound = requestClickHouse(clickhouse, new AbortController().signal, Date.now() + 1000);
    await expect(bound.query({ query: RUNAWAY, format: 'JSONEachRow' })).rejects.toMatchObject({
      type: 'TIMEOUT_EXCEEDED',
    });
    expect(performance.now() - started).toBeLessThan(5000);
    const next = performance.now();
    const reply = await clickhouse.query({ query: 'SELECT 1 AS one', format: 'JSONEachRow' });
    expect(await reply.json()).toEqual([{ one: 1 }]);
    expect(performance.now() - next).toBeLessThan(2000);
  });

  it('request deadline - an aborted request ends its read at once, and its own settings win over the defaults', async () => {
    const aborted = new AbortController();
    aborted.abort(new Error('the client went away'));
    const bound = requestClickHouse(clickhouse, aborted.signal, Date.now() + 60_000);
    await expect(bound.query({ query: 'SELECT 1', format: 'JSONEachRow' })).rejects.toThrow();
    const own = requestClickHouse(clickhouse, new AbortController().signal, Date.now() + 60_000);
    const reply = await own.query({
      query: "SELECT getSetting('max_execution_time') AS limit",
      format: 'JSONEachRow',
      clickhouse_settings: { max_execution_time: 7 },
    });
    expect(await reply.json()).toEqual([{ limit: 7 }]);
  });
});
