import type { ClickHouseClient } from '@clickhouse/client';
import { chunkForUrl } from './param-chunks';

/** What the ETL did with one source event. */
export interface EtlLoad {
  taskId: string;
  eventId: string;
  connectionId: string;
  kind: 'inventory' | 'metrics' | 'completed';
  streamSeq: number;
  /** The batch number the task gave the source event (0 for the end marker). */
  batch: number;
  /** Records that passed validation: the same on every delivery of the event. */
  accepted: number;
  rejected: number;
  loadedAt: number;
}

export async function recordEtlLoads(client: ClickHouseClient, loads: readonly EtlLoad[]): Promise<void> {
  if (loads.length === 0) return;
  await client.insert({
    table: 'etl_loads',
    values: loads.map((l) => ({
      task_id: l.taskId,
      event_id: l.eventId,
      connection_id: l.connectionId,
      kind: l.kind,
      stream_seq: l.streamSeq,
      batch: l.batch,
      accepted: l.accepted,
      rejected: l.rejected,
      loaded_at: l.loadedAt,
    })),
    format: 'JSONEachRow',
  });
}

export interface TaskLoadSummary {
  /** Source events loaded (inventory and metric batches). */
  events: number;
  /** Samples that passed validation. */
  samples: number;
  /** Records refused: samples and inventory entities. */
  rejected: number;
  /** The task's end marker has been processed: everything it published is loaded. */
  completed: boolean;
  lastLoadedAt: number | null;
}

const LOAD_SUMMARY = `countIf(kind != 'completed') AS events, sumIf(accepted, kind = 'metrics') AS samples, sum(rejected) AS rejected,
  countIf(kind = 'completed') > 0 AS completed, toUnixTimestamp64Milli(max(loaded_at)) AS last`;

type LoadSummaryRow = Record<string, string | number | boolean>;

function toLoadSummary(row: LoadSummaryRow | undefined): TaskLoadSummary {
  const events = Number(row?.events ?? 0);
  return {
    events,
    samples: Number(row?.samples ?? 0),
    rejected: Number(row?.rejected ?? 0),
    completed: row?.completed === true || Number(row?.completed) === 1,
    lastLoadedAt: events > 0 || Number(row?.completed) ? Number(row?.last) : null,
  };
}

export async function taskLoadSummary(client: ClickHouseClient, taskId: string): Promise<TaskLoadSummary> {
  const result = await client.query({
    query: `SELECT ${LOAD_SUMMARY} FROM etl_loads FINAL WHERE task_id = {t:String}`,
    query_params: { t: taskId },
    format: 'JSONEachRow',
  });
  const [row] = await result.json<LoadSummaryRow>();
  return toLoadSummary(row);
}

/** `taskLoadSummary` of several tasks, keyed by task id; a task nothing is loaded of has the empty summary. */
export async function taskLoadSummaries(
  client: ClickHouseClient,
  taskIds: readonly string[],
): Promise<Map<string, TaskLoadSummary>> {
  const summaries = new Map<string, TaskLoadSummary>();
  for (const ids of chunkForUrl([...new Set(taskIds)])) {
    const result = await client.query({
      query: `SELECT task_id, ${LOAD_SUMMARY} FROM etl_loads FINAL WHERE task_id IN {ids:Array(String)} GROUP BY task_id`,
      query_params: { ids },
      format: 'JSONEachRow',
    });
    for (const row of await result.json<LoadSummaryRow>()) summaries.set(String(row.task_id), toLoadSummary(row));
  }
  for (const id of taskIds) if (!summaries.has(id)) summaries.set(id, toLoadSummary(undefined));
  return summaries;
}

/**
 * How many distinct inventory and metric batches of a task are loaded, to check a task's end marker against the
 * counts it announces (after a crash, batches may come back after the marker).
 */
export async function loadedBatchCounts(
  client: ClickHouseClient,
  taskId: string,
): Promise<{ inventory: number; metrics: number }> {
  const result = await client.query({
    query: `SELECT uniqExactIf(batch, kind = 'inventory') AS inventory, uniqExactIf(batch, kind = 'metrics') AS metrics
      FROM etl_loads WHERE task_id = {t:String}`,
    query_params: { t: taskId },
    format: 'JSONEachRow',
  });
  const [row] = await result.json<{ inventory: string; metrics: string }>();
  return { inventory: Number(row?.inventory ?? 0), metrics: Number(row?.metrics ?? 0) };
}
