import { isEvent } from '@justfit/events';
import { type ClickHouseClient, Filters, limitAndOffset, type Page, type PageQuery } from '@justfit/storage';
import type { Projection } from '../projections/projection';

export interface AuditEntry {
  id: string;
  at: number;
  actorKind: string;
  actorId: string;
  actorName: string;
  operation: string;
  arguments: unknown;
  outcome: string;
  code: number | null;
  clientAddress: string;
  traceId: string;
}

/** The audit log read model: one row per ChangeAudited event. */
export const auditLogProjection: Projection = {
  name: 'audit-log',
  stream: 'AUDIT',
  canHandle: ['ChangeAudited'],
  async project(event, { clickhouse }) {
    if (!isEvent(event, 'ChangeAudited')) return;
    const d = event.data;
    await clickhouse.insert({
      table: 'audit_log',
      values: [
        {
          at: d.at,
          audit_id: d.auditId,
          actor_kind: d.actor.kind,
          actor_id: d.actor.id,
          actor_name: d.actor.name,
          operation: d.operation,
          arguments: JSON.stringify(d.arguments),
          outcome: d.outcome,
          code: d.code ?? null,
          client_address: d.clientAddress,
          trace_id: d.traceId,
        },
      ],
      format: 'JSONEachRow',
    });
  },
};

export async function listAuditLog(
  clickhouse: ClickHouseClient,
  q: PageQuery & { actorId?: string; operation?: string },
): Promise<Page<AuditEntry>> {
  const filters = new Filters()
    .optional('actor_id = {actorId:String}', 'actorId', q.actorId)
    .optional('operation = {operation:String}', 'operation', q.operation);
  const { limit, offset } = limitAndOffset(q);
  const [page, count] = await Promise.all([
    clickhouse.query({
      query: `SELECT audit_id, toUnixTimestamp64Milli(at) AS at_ms, actor_kind, actor_id, actor_name, operation,
          arguments, outcome, code, client_address, trace_id
        FROM audit_log FINAL ${filters.where()}
        ORDER BY at DESC, audit_id LIMIT {limit:UInt32} OFFSET {offset:UInt32}`,
      query_params: { ...filters.params, limit, offset },
      format: 'JSONEachRow',
    }),
    clickhouse.query({
      query: `SELECT count() AS n FROM audit_log FINAL ${filters.where()}`,
      query_params: filters.params,
      format: 'JSONEachRow',
    }),
  ]);
  const rows = await page.json<Record<string, unknown>>();
  const total = Number((await count.json<{ n: string }>())[0]?.n ?? 0);
  return {
    total,
    items: rows.map((r) => ({
      id: String(r.audit_id),
      at: Number(r.at_ms),
      actorKind: String(r.actor_kind),
      actorId: String(r.actor_id),
      actorName: String(r.actor_name),
      operation: String(r.operation),
      arguments: JSON.parse(String(r.arguments)),
      outcome: String(r.outcome),
      code: r.code === null ? null : Number(r.code),
      clientAddress: String(r.client_address),
      traceId: String(r.trace_id),
    })),
  };
}
