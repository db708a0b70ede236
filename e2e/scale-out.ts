import { randomBytes } from 'node:crypto';
import type { GraphQLClient } from '@justfit/launcher';
import type { ClickHouseClient } from '@justfit/storage';

const DAY = 86_400_000;

export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Registers a simulated estate and starts collecting 5.5 days of it; answers once the task is requested. */
export async function startCollecting(
  api: GraphQLClient,
  name: string,
): Promise<{ connectionId: string; taskId: string }> {
  const { createConnection } = await api.request<{ createConnection: { id: string } }>(
    'mutation($n: String!, $pw: String) { createConnection(input: { name: $n, type: simulated, endpoint: "scale.estate.local", username: "ops", password: $pw }) { id } }',
    // The simulated estate checks no password; a fresh one keeps literal credentials out of the code.
    { n: name, pw: randomBytes(12).toString('base64url') },
  );
  const now = Date.now();
  const { startCollectTask } = await api.request<{ startCollectTask: string }>(
    'mutation($c: ID!, $s: Float, $e: Float) { startCollectTask(input: { connectionId: $c, startTime: $s, endTime: $e }) }',
    { c: createConnection.id, s: now - 5.5 * DAY, e: now },
  );
  return { connectionId: createConnection.id, taskId: startCollectTask };
}

export async function waitLoaded(api: GraphQLClient, taskId: string, timeoutMs = 420_000): Promise<void> {
  await until(
    `task ${taskId} loaded`,
    async () => {
      const { task } = await api.request<{ task: { loadedAt: number | null } | null }>(
        'query($t: ID!) { task(id: $t) { loadedAt } }',
        { t: taskId },
      );
      return task?.loadedAt ? true : undefined;
    },
    timeoutMs,
  );
}

export async function scalar(clickhouse: ClickHouseClient, query: string, params: Record<string, unknown>) {
  const result = await clickhouse.query({ query, query_params: params, format: 'JSONCompactEachRow' });
  const [row] = await result.json<[string | number]>();
  return Number(row?.[0] ?? 0);
}

/** Raw rows, distinct sample keys and the rollups' counts of one connection: equal when each sample is stored once. */
export async function storedSamples(clickhouse: ClickHouseClient, connectionId: string) {
  const p = { c: connectionId };
  return {
    rows: await scalar(clickhouse, 'SELECT count() FROM metric_samples WHERE connection_id = {c:String}', p),
    keys: await scalar(
      clickhouse,
      'SELECT uniqExact(entity_id, metric, ts) FROM metric_samples WHERE connection_id = {c:String}',
      p,
    ),
    hourly: await scalar(
      clickhouse,
      'SELECT countMerge(count_state) FROM metric_hourly WHERE connection_id = {c:String}',
      p,
    ),
    daily: await scalar(
      clickhouse,
      'SELECT countMerge(count_state) FROM metric_daily WHERE connection_id = {c:String}',
      p,
    ),
  };
}
