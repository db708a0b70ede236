import type { ClickHouseClient } from '@clickhouse/client';
import { limitAndOffset, type Page, type PageQuery } from './paging';

export interface RejectedRecordRow {
  taskId: string;
  sourceEventId: string;
  /** Position in the source event or file; with the two ids above it identifies the record. */
  seq: number;
  connectionId: string;
  stage: 'etl' | 'import';
  /** Machine-readable reason, e.g. `unknown_entity`, `future_timestamp`, `bad_unit`. */
  code: string;
  reason: string;
  /** Line of an imported file. */
  line: number | null;
  /** The record as received (JSON text, or the line of the file). */
  record: string;
  rejectedAt: number;
}

export async function insertRejectedRecords(
  client: ClickHouseClient,
  rows: readonly RejectedRecordRow[],
): Promise<void> {
  if (rows.length === 0) return;
  await client.insert({
    table: 'rejected_records',
    values: rows.map((r) => ({
      task_id: r.taskId,
      source_event_id: r.sourceEventId,
      seq: r.seq,
      connection_id: r.connectionId,
      stage: r.stage,
      code: r.code,
      reason: r.reason,
      line: r.line,
      record: r.record,
      rejected_at: r.rejectedAt,
    })),
    format: 'JSONEachRow',
  });
}

export async function listRejectedRecords(
  client: ClickHouseClient,
  query: PageQuery & { taskId: string },
): Promise<Page<RejectedRecordRow>> {
  const { limit, offset } = limitAndOffset(query);
  const [rows, total] = await Promise.all([
    client
      .query({
        query: `SELECT task_id, source_event_id, seq, connection_id, stage, code, reason, line, record,
          toUnixTimestamp64Milli(rejected_at) AS rejected_at
        FROM rejected_records FINAL WHERE task_id = {t:String}
        ORDER BY stage DESC, line, source_event_id, seq LIMIT {limit:UInt32} OFFSET {offset:UInt32}`,
        query_params: { t: query.taskId, limit, offset },
        format: 'JSONEachRow',
      })
      .then((result) => result.json<Record<string, unknown>>()),
    countRejected(client, query.taskId),
  ]);
  const items = rows.map((r) => ({
    taskId: String(r.task_id),
    sourceEventId: String(r.source_event_id),
    seq: Number(r.seq),
    connectionId: String(r.connection_id),
    stage: r.stage as RejectedRecordRow['stage'],
    code: String(r.code),
    reason: String(r.reason),
    line: r.line === null ? null : Number(r.line),
    record: String(r.record),
    rejectedAt: Number(r.rejected_at),
  }));
  return { items, total };
}

export async function countRejected(client: ClickHouseClient, taskId: string): Promise<number> {
  const result = await client.query({
    query: 'SELECT count() AS n FROM rejected_records FINAL WHERE task_id = {t:String}',
    query_params: { t: taskId },
    format: 'JSONEachRow',
  });
  return Number((await result.json<{ n: string }>())[0]?.n ?? 0);
}
