import { DeliverPolicy, type MsgRequest, type OrderedConsumerOptions } from '@nats-io/jetstream';
import type { EventBus } from './bus';

export interface ReadRange {
  /** Empty or absent: the whole stream. */
  filterSubjects?: string[];
  fromSeq?: number;
  limit?: number;
  /** Ordered consumers tried before the rest is read from the stream leader message by message; default 3. */
  consumerAttempts?: number;
}

/** A stored message as a read hands it over (from a consumer, or from the stream leader). */
export interface ReadMessage {
  seq: number;
  subject: string;
  data: Uint8Array;
  time: Date;
  json<T>(): T;
}

const maxBatch = 500;
/** A consumer that delivers nothing for this long is taken for one on a replica that will not catch up. */
const idleMs = 5000;

/**
 * Reads the stored messages matching `range` in stream order, and stops at what was stored when the read began (it
 * does not wait for new messages).
 *
 * "What was stored" is asked of the stream leader (a message get, which only the leader answers), not of the consumer
 * that reads. On a replicated stream the meta leader places an ordered (R1) consumer on any of the stream's replicas,
 * and a replica serves what it has applied: one that lags behind (a node that has just restarted) gives an old view,
 * missing events whose writers were told they are stored, and the messages it then catches up on do not reach a
 * consumer already there. JetStream has no read-after-write for consumers (this server refuses the `min_last_seq` of
 * the "JetStream Read-after-Write" design). So a read that ends short of the leader's last message goes on from where
 * it stopped with a new consumer (placed anew), and after a few such attempts reads the rest from the leader, one
 * message get per message. Requests that no leader answers (a cluster electing one) are sent again.
 */
export async function readStream(
  bus: EventBus,
  stream: string,
  range: ReadRange,
  onMessage: (msg: ReadMessage) => Promise<void> | void,
): Promise<void> {
  const filters = range.filterSubjects?.length ? range.filterSubjects : ['>'];
  const lastSeq = await lastStoredSeq(bus, stream, filters);
  const cursor = { next: range.fromSeq ?? 1, left: range.limit ?? Number.POSITIVE_INFINITY };
  const done = () => cursor.next > lastSeq || cursor.left <= 0;
  const take = async (msg: ReadMessage) => {
    await onMessage(msg);
    cursor.next = msg.seq + 1;
    cursor.left--;
  };
  for (let attempt = 1; attempt <= (range.consumerAttempts ?? 3) && !done(); attempt++) {
    await readWithConsumer(bus, stream, filters, cursor.next, take, done);
  }
  while (!done()) {
    const msg = await nextFromLeader(bus, stream, filters, cursor.next);
    if (!msg || msg.seq > lastSeq) return;
    await take(msg);
  }
}

/** Reads with one ordered consumer until `done`, or until its replica has nothing more to give. */
async function readWithConsumer(
  bus: EventBus,
  stream: string,
  filters: string[],
  fromSeq: number,
  take: (msg: ReadMessage) => Promise<void>,
  done: () => boolean,
): Promise<void> {
  const opts: Partial<OrderedConsumerOptions> = {
    deliver_policy: fromSeq > 1 ? DeliverPolicy.StartSequence : DeliverPolicy.All,
    ...(fromSeq > 1 ? { opt_start_seq: fromSeq } : {}),
    ...(filters[0] === '>' ? {} : { filter_subjects: filters }),
  };
  const consumer = await bus.whileUnanswered(() => bus.js.consumers.get(stream, opts));
  try {
    if ((await consumer.info(true)).num_pending === 0) return;
    const messages = await consumer.consume({ max_messages: maxBatch });
    let idle = setTimeout(() => void messages.close(), idleMs);
    try {
      for await (const msg of messages) {
        clearTimeout(idle);
        await take(msg);
        // Nothing more on this replica: either everything is read, or the replica is behind the leader.
        if (done() || msg.info.pending === 0) break;
        idle = setTimeout(() => void messages.close(), idleMs);
      }
    } finally {
      clearTimeout(idle);
      await messages.close();
    }
  } finally {
    await consumer.delete().catch(() => undefined);
  }
}

/** The first message at or after `seq` matching any of `filters`, from the stream leader; undefined if none. */
async function nextFromLeader(
  bus: EventBus,
  stream: string,
  filters: string[],
  seq: number,
): Promise<ReadMessage | undefined> {
  // The server's message get takes `next_by_subj` with `seq`; the client types it for direct gets only.
  const found = await Promise.all(
    filters.map((subject) => bus.getStoredMessage(stream, { seq, next_by_subj: subject } as unknown as MsgRequest)),
  );
  return found.reduce<ReadMessage | undefined>(
    (first, m) => (m && (!first || m.seq < first.seq) ? m : first),
    undefined,
  );
}

/** The sequence of the last message matching any of `filters`, as the stream leader has it (0: none). */
async function lastStoredSeq(bus: EventBus, stream: string, filters: string[]): Promise<number> {
  // A message get answers null when nothing matches.
  const lasts = await Promise.all(filters.map((subject) => bus.getStoredMessage(stream, { last_by_subj: subject })));
  return Math.max(0, ...lasts.map((m) => m?.seq ?? 0));
}
