import { encodeMessage, type EventBus, Messages } from '@justfit/events';
import { type ClickHouseClient, insertRejectedRecords, type RejectedRecordRow } from '@justfit/storage';
import type { Counter } from 'prom-client';
import type { RejectedFromSource } from './batch-plan';

const DLQ_CHUNK = 500;
export const REJECTED_RECORDS_SUBJECT = Messages.RecordsRejected.subject;

/**
 * Records the ETL cannot fix go to the dead-letter stream (in chunks, each record with its code and reason) and to
 * the rejected_records table, where they can be read back per task or import. Message ids and table keys are
 * deterministic, so a redelivered batch does not store its rejections twice.
 */
export class RejectedRecords {
  constructor(
    private readonly bus: EventBus,
    private readonly clickhouse: ClickHouseClient,
    private readonly counter: Counter<'reason'>,
  ) {}

  async store(sources: readonly RejectedFromSource[], now: number): Promise<void> {
    const rows: RejectedRecordRow[] = [];
    for (const { event, records } of sources) {
      const data = event.data as { connectionId: string; taskId: string };
      for (const r of records) {
        rows.push({
          taskId: data.taskId,
          sourceEventId: event.id,
          seq: r.seq,
          connectionId: data.connectionId,
          stage: 'etl',
          code: r.code,
          reason: r.reason,
          line: null,
          record: JSON.stringify(r.record),
          rejectedAt: now,
        });
      }
    }
    await insertRejectedRecords(this.clickhouse, rows);
    const publishes: Array<Promise<unknown>> = [];
    for (const { event, records } of sources) {
      for (let i = 0; i < records.length; i += DLQ_CHUNK) {
        const body = encodeMessage('RecordsRejected', {
          originalSubject: event.subject,
          sourceEventId: event.id,
          sourceType: event.type,
          consumer: 'etl',
          reason: 'records failed validation',
          records: records.slice(i, i + DLQ_CHUNK),
          deadAt: new Date(now).toISOString(),
        });
        publishes.push(this.bus.js.publish(REJECTED_RECORDS_SUBJECT, body, { msgID: `rejected-${event.id}-${i}` }));
      }
    }
    await Promise.all(publishes);
  }

  /** Counted once the batch is written, so a retried write does not count its rejections again. */
  count(sources: readonly RejectedFromSource[]): void {
    for (const { records } of sources) for (const r of records) this.counter.inc({ reason: r.code });
  }

  countDeadLetter(reason: 'invalid_event' | 'load_failed'): void {
    this.counter.inc({ reason });
  }
}
