/**
 * The GraphQL API under load, as processes (the quick start's estate on a simulated, collected and analysed estate):
 * p50/p95/p99 latency and errors of a cheap query (the connections list) and an expensive one (500 findings with
 * their evidence, the summary and 200 VMs with their hosts' and clusters' names) at 1, 10 and 50 concurrent clients,
 * each sending its next request when the last is answered; then 200 subscriptions held over 200 WebSockets while the
 * cheap query runs, and the time until all 200 receive a task's completion. The baseline, measured in the same run, is
 * the cheap query's own SQL sent straight to the same ClickHouse by one client: `ratio` is the API's p50 for the
 * cheap query at one client over it (what authentication, limits, GraphQL and HTTP add). Every client has its own
 * viewer token; the per-token rate limit is raised for the run, since one client here sends far more than a person.
 * The last line is one JSON object with every figure.
 *
 *   npm run bench:api                       # 8 s per measurement
 *   BENCH_SECONDS=3 npm run bench:api       # a quick run
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLocalMasterKey, GraphQLClient, startEstate } from '@justfit/launcher';
import { createClickHouse } from '@justfit/storage';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { listConnections } from '../src/read-models/connections';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CLIENT_COUNTS = [1, 10, 50];
const SUBSCRIPTIONS = 200;
const CHEAP = '{ connections { id name status } }';
const EXPENSIVE = `{
  findings(limit: 500) { id entityName conclusion confidence evidence savings { amount cpuCores } policy { version } }
  analysisSummary { findings byRisk { low medium high } savings { amount } }
  vms(pageSize: 200) { total items { name powerState hostName clusterName } }
}`;
const say = (line: string) => process.stdout.write(`${line}\n`);

interface Figures {
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  requests: number;
  rps: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function figures(latencies: number[], errors: number, seconds: number): Figures {
  const sorted = [...latencies].sort((a, b) => a - b);
  const ms = (v: number) => Math.round(v * 100) / 100;
  return {
    p50: ms(percentile(sorted, 50)),
    p95: ms(percentile(sorted, 95)),
    p99: ms(percentile(sorted, 99)),
    errors,
    requests: latencies.length + errors,
    rps: Math.round((latencies.length + errors) / seconds),
  };
}

/** `clients` loops, each sending `send` again as soon as it is answered, for `seconds`. */
async function load(clients: Array<() => Promise<boolean>>, seconds: number): Promise<Figures> {
  const latencies: number[] = [];
  let errors = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    clients.map(async (send) => {
      while (performance.now() < until) {
        const started = performance.now();
        const ok = await send().catch(() => false);
        if (ok) latencies.push(performance.now() - started);
        else errors++;
      }
    }),
  );
  return figures(latencies, errors, seconds);
}

const dataDir = await mkdtemp(join(tmpdir(), 'justfit-api-bench-'));
ensureLocalMasterKey(join(dataDir, 'master.key'));
const estate = await startEstate({ dataDir, env: { RATE_LIMIT_PER_MINUTE: '100000000', LOG_LEVEL: 'warn' } });
try {
  const admin = new GraphQLClient(estate.graphqlUrl, estate.graphqlWsUrl, { token: estate.adminToken });
  const { createConnection } = await admin.request<{ createConnection: { id: string } }>(
    'mutation { createConnection(input: { name: "bench-estate", type: simulated, endpoint: "bench.estate.local" }) { id } }',
  );
  const connectionId = createConnection.id;
  const collect = async (days: number) => {
    const { startCollectTask: taskId } = await admin.request<{ startCollectTask: string }>(
      'mutation($c: ID!, $s: Float) { startCollectTask(input: { connectionId: $c, startTime: $s }) }',
      { c: connectionId, s: Date.now() - days * 86_400_000 },
    );
    return taskId;
  };
  const taskId = await collect(7);
  for await (const { taskProgress } of admin.subscribe<{ taskProgress: { kind: string } }>(
    'subscription($t: ID) { taskProgress(taskId: $t) { kind } }',
    { t: taskId },
  ))
    if (['loaded', 'failed', 'cancelled'].includes(taskProgress.kind)) break;
  for (const type of ['zombie', 'rightsize', 'tidal', 'health'])
    await admin.request(
      'mutation($t: AnalysisType!, $c: ID) { runAnalysis(input: { analysisType: $t, connectionId: $c }) { runId } }',
      {
        t: type,
        c: connectionId,
      },
    );
  const { findings } = await admin.request<{ findings: unknown[] }>('{ findings(limit: 1000) { id } }');
  say(`estate: 24 VMs, 7 days of 5-minute samples, ${findings.length} open findings; ${SECONDS} s per measurement`);

  const tokens: string[] = [];
  for (let i = 0; i < Math.max(...CLIENT_COUNTS); i++) {
    const { createApiToken } = await admin.request<{ createApiToken: { secret: string } }>(
      'mutation($n: String!) { createApiToken(input: { name: $n, roles: [viewer], expiresInDays: 1 }) { secret } }',
      { n: `bench-client-${i}` },
    );
    tokens.push(createApiToken.secret);
  }
  const httpClient = (token: string, query: string) => async () => {
    const res = await fetch(estate.graphqlUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    const body = (await res.json()) as { errors?: unknown[] };
    return res.ok && !body.errors;
  };

  const direct = await createClickHouse({ url: estate.clickhouseUrl, dataDir });
  const baseline = await load([async () => (await listConnections(direct, {})).length > 0], SECONDS);
  await direct.close();
  say(`baseline  direct ClickHouse, the cheap query's SQL, 1 client: p50 ${baseline.p50} ms, p99 ${baseline.p99} ms`);

  const results: Record<string, Record<number, Figures>> = { cheap: {}, expensive: {} };
  for (const [name, query] of [
    ['cheap', CHEAP],
    ['expensive', EXPENSIVE],
  ] as const) {
    for (const clients of CLIENT_COUNTS) {
      const f = await load(
        tokens.slice(0, clients).map((t) => httpClient(t, query)),
        SECONDS,
      );
      results[name]![clients] = f;
      say(
        `${name.padEnd(9)} ${String(clients).padStart(2)} clients: p50 ${f.p50} ms, p95 ${f.p95} ms, p99 ${f.p99} ms, ${f.rps} req/s, ${f.errors} errors`,
      );
    }
  }

  // 200 subscriptions, each on its own WebSocket, held while the cheap query runs; then one task's completion.
  const completedAt: number[] = [];
  let subscriptionErrors = 0;
  let acknowledged = 0;
  const sockets = tokens.slice(0, 1).flatMap((token) =>
    Array.from({ length: SUBSCRIPTIONS }, () => {
      const client = createClient({
        url: estate.graphqlWsUrl,
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        connectionParams: { authorization: `Bearer ${token}` },
        on: { connected: () => acknowledged++ },
      });
      client.subscribe(
        { query: 'subscription { taskCompleted { taskId kind } }' },
        {
          next: () => completedAt.push(performance.now()),
          error: () => subscriptionErrors++,
          complete: () => undefined,
        },
      );
      return client;
    }),
  );
  const deadline = Date.now() + 30_000;
  while (acknowledged < SUBSCRIPTIONS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const whileHeld = await load(
    tokens.slice(0, 10).map((t) => httpClient(t, CHEAP)),
    SECONDS,
  );
  const taskStarted = performance.now();
  await collect(1);
  while (completedAt.length < SUBSCRIPTIONS && performance.now() - taskStarted < 60_000)
    await new Promise((r) => setTimeout(r, 50));
  const spread = Math.max(...completedAt) - Math.min(...completedAt);
  await Promise.all(sockets.map((c) => c.dispose()));
  const subscriptions = {
    held: acknowledged,
    delivered: completedAt.length,
    errors: subscriptionErrors,
    cheap_10_clients_p99_ms: whileHeld.p99,
    fanout_spread_ms: Math.round(spread),
  };
  say(
    `subscriptions: ${acknowledged} held, ${completedAt.length} received the task's completion (spread ${subscriptions.fanout_spread_ms} ms), ${subscriptionErrors} errors; cheap query at 10 clients meanwhile: p50 ${whileHeld.p50} ms, p99 ${whileHeld.p99} ms, ${whileHeld.errors} errors`,
  );

  const ratio = Math.round((results.cheap![1]!.p50 / baseline.p50) * 100) / 100;
  say(
    JSON.stringify({
      seconds: SECONDS,
      baseline_p50_ms: baseline.p50,
      cheap: results.cheap,
      expensive: results.expensive,
      subscriptions,
      ratio,
    }),
  );
} finally {
  await estate.stop();
  await rm(dataDir, { recursive: true, force: true });
}
