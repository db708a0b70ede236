import type { EventBus, JustFitEvent } from '@justfit/events';
import type { Counter } from 'prom-client';
import type { RejectedRecord } from '../normalise/normalise-samples';

const CHUNK = 500;

/**
 * Records the ETL cannot fix go to the dead-letter stream, each with its reason, so an operator can see exactly
 * what was refused. The deterministic message id keeps a redelivered batch from dead-lettering twice.
 */
export class RejectedRecords {
  constructor(private readonly bus: EventBus, private readonly counter: Counter<'reason'>) {}

  async record(source: JustFitEvent, rejected: RejectedRecord[]): Promise<void> {
    for (let i = 0; i < rejected.length; i += CHUNK) {
      const chunk = rejected.slice(i, i + CHUNK);
      const body = {
        originalSubject: source.subject, sourceEventId: source.id, sourceType: source.type, consumer: 'etl',
        reason: 'records failed validation', records: chunk, deadAt: new Date().toISOString(),
      };
      await this.bus.js.publish(`justfit.dlq.etl.records`, JSON.stringify(body), { msgID: `rejected-${source.id}-${i}` });
    }
    for (const r of rejected) this.counter.inc({ reason: r.reason.split(' ')[0] ?? 'other' });
  }
}
