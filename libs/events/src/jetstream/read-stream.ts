import { DeliverPolicy, type JsMsg, type OrderedConsumerOptions } from '@nats-io/jetstream';
import type { EventBus } from './bus';

export interface ReadRange {
  /** Empty or absent: the whole stream. */
  filterSubjects?: string[];
  fromSeq?: number;
  limit?: number;
}

const maxBatch = 500;

/**
 * Reads the stored messages matching `range` in stream order with a temporary ordered consumer, and stops at what was
 * stored when the read began (it does not wait for new messages).
 */
export async function readStream(
  bus: EventBus,
  stream: string,
  range: ReadRange,
  onMessage: (msg: JsMsg) => Promise<void> | void,
): Promise<void> {
  const opts: Partial<OrderedConsumerOptions> = range.fromSeq
    ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: range.fromSeq }
    : { deliver_policy: DeliverPolicy.All };
  if (range.filterSubjects?.length) opts.filter_subjects = range.filterSubjects;
  const consumer = await bus.js.consumers.get(stream, opts);
  try {
    const stored = (await consumer.info(true)).num_pending;
    const wanted = Math.min(stored, range.limit ?? stored);
    if (wanted === 0) return;
    const messages = await consumer.consume({ max_messages: Math.min(wanted, maxBatch) });
    let read = 0;
    try {
      for await (const msg of messages) {
        await onMessage(msg);
        read++;
        // pending reaches 0 early if messages expired while reading
        if (read >= wanted || msg.info.pending === 0) break;
      }
    } finally {
      await messages.close();
    }
  } finally {
    await consumer.delete().catch(() => undefined);
  }
}
