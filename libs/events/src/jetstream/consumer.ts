import { DeliverPolicy, type JsMsg } from '@nats-io/jetstream';
import type { EventName } from '../catalogue';
import { decodeEvent, type JustFitEvent } from '../envelope';
import type { EventBus } from './bus';
import { runPullLoop } from './pull-loop';
import { defaultBackoffMs, failDelivery, invalidEventReason, terminate } from './redelivery';

export { redeliveryDelayMs } from './redelivery';

export interface ConsumerSpec {
  stream: string;
  durable: string;
  filterSubjects?: string[];
  /** Deliveries before a failing event is dead-lettered. Default 5. */
  maxDeliver?: number;
  /** Delay before redelivery after the n-th failed delivery (the last value repeats). Default 250 ms, 1 s, 5 s, 15 s. */
  backoffMs?: number[];
  /** A handler still running after this long is assumed dead and the event redelivered. Default 30 s. */
  ackWaitMs?: number;
  /** Default 1000 (the server's default). */
  maxAckPending?: number;
  /** Messages pulled at once. Default 10. Buffered messages' ack wait is already running, so keep it small. */
  batch?: number;
  /** The event types the consumer is declared to handle (topology/); a service checks it has a handler for each. */
  events?: readonly EventName[];
}

export interface DeliveryContext {
  deliveryCount: number;
  streamSeq: number;
  subject: string;
  msg: JsMsg;
}

export type EventHandler = (event: JustFitEvent, ctx: DeliveryContext) => Promise<void>;

export interface ConsumerStats {
  processed: number;
  /** Handler failures, each delivery counted. */
  failed: number;
  /** Events given up on: malformed ones and those that failed on every allowed delivery. */
  deadLettered: number;
}

export interface RunningConsumer {
  /** Stops pulling, waits for the handler in flight, then returns. */
  stop(): Promise<void>;
  readonly stats: ConsumerStats;
}

/**
 * Runs `handler` for every event on a durable pull consumer, in stream order. A handler that throws gets the event
 * again after a backoff; on the last allowed delivery the event is terminated with the error as the reason, and a
 * malformed message is terminated at once. Terminated messages reach the DLQ stream through the dead-letter
 * forwarder.
 */
export async function runConsumer(bus: EventBus, spec: ConsumerSpec, handler: EventHandler): Promise<RunningConsumer> {
  const maxDeliver = spec.maxDeliver ?? 5;
  const backoffMs = spec.backoffMs ?? defaultBackoffMs;
  const stats: ConsumerStats = { processed: 0, failed: 0, deadLettered: 0 };
  const deadLetter = (msg: JsMsg, reason: string) => {
    terminate(msg, reason);
    stats.deadLettered++;
  };

  const onMessage = async (msg: JsMsg) => {
    let event: JustFitEvent;
    try {
      event = decodeEvent(msg.data);
    } catch (e) {
      deadLetter(msg, invalidEventReason(e));
      return;
    }
    const { deliveryCount, streamSequence } = msg.info;
    try {
      await handler(event, { deliveryCount, streamSeq: streamSequence, subject: msg.subject, msg });
      // Wait for the server to confirm: once stop() returns, nothing handled is still pending redelivery.
      await msg.ackAck().catch(() => false);
      stats.processed++;
    } catch (e) {
      stats.failed++;
      failDelivery(msg, e, deliveryCount, { maxDeliver, backoffMs }, deadLetter);
    }
  };

  const loop = await runPullLoop(
    bus,
    {
      stream: spec.stream,
      durable: spec.durable,
      filterSubjects: spec.filterSubjects,
      maxDeliver,
      ackWaitMs: spec.ackWaitMs ?? 30_000,
      maxAckPending: spec.maxAckPending ?? 1000,
      batch: spec.batch ?? 10,
    },
    onMessage,
  );
  return { stop: () => loop.stop(), stats };
}

export interface EphemeralConsumerSpec {
  stream: string;
  filterSubjects: string[];
  /** Only events stored after the subscription starts; false replays the stream first. */
  deliverNew: boolean;
}

export interface RunningSubscription {
  stop(): Promise<void>;
}

/**
 * Live, unacknowledged view of a stream (an ordered consumer), e.g. for GraphQL subscriptions. Malformed messages and
 * handler errors are logged and skipped: nothing is redelivered.
 */
export async function runEphemeralConsumer(
  bus: EventBus,
  spec: EphemeralConsumerSpec,
  handler: (event: JustFitEvent, ctx: { streamSeq: number; subject: string }) => Promise<void> | void,
): Promise<RunningSubscription> {
  const consumer = await bus.js.consumers.get(spec.stream, {
    filter_subjects: spec.filterSubjects,
    deliver_policy: spec.deliverNew ? DeliverPolicy.New : DeliverPolicy.All,
  });
  const messages = await consumer.consume();
  const loop = (async () => {
    for await (const msg of messages) {
      try {
        await handler(decodeEvent(msg.data), { streamSeq: msg.seq, subject: msg.subject });
      } catch (e) {
        bus.logError(`live subscription on ${spec.stream} skipped message ${msg.seq}`, e);
      }
    }
  })().catch((e) => bus.logError(`live subscription on ${spec.stream} stopped`, e));
  return {
    async stop() {
      await messages.close();
      await loop;
      await consumer.delete().catch(() => undefined);
    },
  };
}
