// Ad-hoc: time to insert 200k metric samples (storage's insertSamples, full schema with rollup views) into chDB
// in-process vs through the embedded HTTP server in another process. Run: npx tsx libs/storage/bench/insert-samples.bench.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ClickHouseClient, createClickHouse, insertSamples, type MetricSample, migrate } from '@justfit/storage';
import { startEmbeddedServer } from '@justfit/testing/clickhouse';

const ROWS = 200_000;
const RUNS = 7;

function samples(run: number): MetricSample[] {
  const start = Date.UTC(2026, 0, 1) + run * 86_400_000;
  return Array.from({ length: ROWS }, (_, i) => ({
    // 500 VMs x 2 metrics per timestamp, 200 timestamps: every row distinct.
    connectionId: 'bench',
    entityType: 'vm',
    entityId: `vm-${i % 500}`,
    metric: Math.floor(i / 500) % 2 ? 'cpu.usage.average' : 'mem.usage.average',
    ts: start + Math.floor(i / 1000) * 20_000,
    value: (i * 7919) % 100,
  }));
}

async function insertRun(client: ClickHouseClient, run: number): Promise<number> {
  const rows = samples(run);
  const started = performance.now();
  await insertSamples(client, rows);
  return performance.now() - started;
}

async function storedRows(client: ClickHouseClient): Promise<string> {
  const result = await client.query({ query: 'SELECT count() AS n FROM metric_samples FINAL', format: 'JSONEachRow' });
  return (await result.json<{ n: string }>())[0]!.n;
}

// Both engines stay up and runs alternate, so background load on the machine hits both alike.
const inProcessDir = mkdtempSync(join(tmpdir(), 'bench-chdb-'));
const inProcess = await createClickHouse({ dataDir: inProcessDir });
const serverDir = mkdtempSync(join(tmpdir(), 'bench-http-'));
const server = await startEmbeddedServer({ dataDir: serverDir });
const overHttp = await createClickHouse({ url: server.url, dataDir: serverDir });
await migrate(inProcess);
await migrate(overHttp);
const local: number[] = [];
const http: number[] = [];
for (let run = 0; run < RUNS; run++) {
  local.push(await insertRun(inProcess, run));
  http.push(await insertRun(overHttp, run));
}
console.log(
  `chDB in-process:      ${local.map((d) => `${d.toFixed(0)} ms`).join(', ')} (rows stored: ${await storedRows(inProcess)})`,
);
console.log(
  `embedded HTTP server: ${http.map((d) => `${d.toFixed(0)} ms`).join(', ')} (rows stored: ${await storedRows(overHttp)})`,
);
await inProcess.close();
await overHttp.close();
await server.stop();

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
console.log(
  `median: in-process ${median(local).toFixed(0)} ms, HTTP ${median(http).toFixed(0)} ms, ratio HTTP/in-process ${(median(http) / median(local)).toFixed(2)}`,
);
rmSync(inProcessDir, { recursive: true, force: true });
rmSync(serverDir, { recursive: true, force: true });
