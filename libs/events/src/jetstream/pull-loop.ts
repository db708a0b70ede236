import { AckPolicy, JetStreamApiError, type JsMsg } from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import type { EventBus } from './bus';

export interface DurableSpec {
  stream: string;
  durable: string;
  filterSubjects?: string[];
  maxDeliver: number;
  ackWaitMs: number;
  maxAckPending: number;
  /** Messages pulled at once; each waits its turn while its ack wait runs, so keep it small for slow handlers. */
  batch: number;
  /**
   * One client at a time: the server delivers to the client it pinned in this priority group and pins another once
   * that one has not pulled for `ttlMs` (each replica of a service pulls, one of them handles).
   */
  pinned?: PinnedGroup;
}

export interface PinnedGroup {
  group: string;
  ttlMs: number;
}

export interface PullLoop {
  /** Stops pulling, waits for the message being handled, and hands buffered ones back to the server. */
  stop(): Promise<void>;
}

/**
 * Creates (or updates) a durable pull consumer with explicit acks and feeds its messages, one at a time and in
 * order, to `onMessage`, which must settle each message itself (ack, nak or term) and must not throw.
 *
 * The consumer's server-side `backoff` is deliberately not used: it replaces `ack_wait` with its first value, so a
 * handler slower than the first backoff step would be redelivered while still running. Failed handlers nak with a
 * delay instead, which gives the same bounded, spaced redelivery.
 */
export async function runPullLoop(
  bus: EventBus,
  spec: DurableSpec,
  onMessage: (msg: JsMsg) => Promise<void>,
): Promise<PullLoop> {
  await ensureDurable(bus, spec);
  const consumer = await bus.js.consumers.get(spec.stream, spec.durable);
  const messages = await consumer.consume({
    max_messages: spec.batch,
    ...(spec.pinned ? { group: spec.pinned.group } : {}),
  });

  let stopping = false;
  const loop = (async () => {
    try {
      for await (const msg of messages) {
        if (stopping) msg.nak();
        else await onMessage(msg);
      }
    } catch (e) {
      bus.logError(`consumer ${spec.stream}/${spec.durable} stopped`, e);
    }
  })();

  return {
    async stop() {
      stopping = true;
      await messages.close();
      await loop;
    },
  };
}

/** Status code of "consumer already exists" (with a different configuration). */
const consumerExists = 10148;

/** Creates the durable pull consumer with explicit acks, or updates the settings that can change. */
export async function ensureDurable(bus: EventBus, spec: Omit<DurableSpec, 'batch'>): Promise<void> {
  const changeable = {
    ack_wait: nanos(spec.ackWaitMs),
    max_deliver: spec.maxDeliver,
    max_ack_pending: spec.maxAckPending,
    // An empty list clears a filter the consumer had before.
    filter_subjects: spec.filterSubjects ?? [],
    ...(spec.pinned
      ? {
          priority_policy: 'pinned_client' as const,
          priority_groups: [spec.pinned.group],
          priority_timeout: nanos(spec.pinned.ttlMs),
        }
      : {}),
  };
  try {
    await bus.jsm.consumers.add(spec.stream, {
      durable_name: spec.durable,
      ack_policy: AckPolicy.Explicit,
      ...changeable,
    });
  } catch (e) {
    if (!(e instanceof JetStreamApiError && e.code === consumerExists)) throw e;
    await bus.jsm.consumers.update(spec.stream, spec.durable, changeable);
  }
}
