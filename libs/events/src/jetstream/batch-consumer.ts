import type { JsMsg } from '@nats-io/jetstream';
import { setTimeout as sleep } from 'node:timers/promises';
import { decodeEvent, type JustFitEvent } from '../envelope';
import { type BatchPuller, openBatchPuller } from './batch-puller';
import type { EventBus } from './bus';
import { ensureDurable } from './pull-loop';
import {
  defaultBackoffMs,
  errorMessage,
  failDelivery,
  invalidEventReason,
  redeliveryDelayMs,
  terminate,
} from './redelivery';

export interface BatchConsumerSpec {
  stream: string;
  durable: string;
  filterSubjects?: string[];
  /** Deliveries before a message that fails on its own is dead-lettered. Default 5. */
  maxDeliver?: number;
  /** Held messages are kept alive with `working()` while their batch waits, is written or is retried. Default 30 s. */
  ackWaitMs?: number;
  /** Most messages held unacknowledged in one batch (this also bounds its memory). Default 100. */
  maxMessages?: number;
  /** Most weight (e.g. samples, as `weigh` counts them) in one batch. Default unbounded. */
  maxWeight?: number;
  weigh?: (event: JustFitEvent) => number;
  /** A batch is handed over at most about this long after its first message arrived. Default 1000 ms. */
  maxDelayMs?: number;
  /**
   * Whether a failure belongs to the infrastructure (the batch is retried in place, held and kept alive, for as long
   * as it takes) rather than to the messages (each is then retried alone, and nak'ed or dead-lettered). Default: never.
   */
  isTransient?: (error: unknown) => boolean;
  /** In-place retry delays after transient failures; the last repeats. Default 250 ms, 1 s, 2 s, 5 s, 10 s. */
  retryBackoffMs?: number[];
  /** Redelivery delays after a message failed on its own; the last repeats. Default 250 ms, 1 s, 5 s, 15 s. */
  backoffMs?: number[];
  onDeadLetter?: (reason: string, msg: JsMsg) => void;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

export interface BatchDelivery {
  event: JustFitEvent;
  deliveryCount: number;
  streamSeq: number;
  subject: string;
  /** When this consumer received the message (epoch ms); it stays the same while the message is deferred. */
  heldSince: number;
}

export interface BatchOutcome {
  /**
   * Messages that cannot take effect yet (they wait for others, e.g. redeliveries): they stay held, unacknowledged
   * and kept alive, and come back at the head of the next batch. Nothing is redelivered, so nothing counts as a failure.
   */
  defer?: readonly BatchDelivery[];
}

/**
 * Writes one batch; resolves once its effects are durable. The messages are acknowledged after it resolves, except
 * the ones it defers.
 */
export type BatchWriter<P = void> = (batch: readonly BatchDelivery[], prepared: P) => Promise<BatchOutcome | void>;

/**
 * A handler in two steps: `prepare` (validation, conversion: work that needs no storage) runs while the batch before
 * is still being written, then `write`. A failure in either is handled like a failed write.
 */
export interface PipelinedBatchHandler<P> {
  prepare(batch: readonly BatchDelivery[]): Promise<P>;
  write: BatchWriter<P>;
}

export type BatchHandler<P = void> = BatchWriter<void> | PipelinedBatchHandler<P>;

export interface BatchConsumerStats {
  batches: number;
  processed: number;
  /** Handler failures of single messages, each delivery counted. */
  failed: number;
  deadLettered: number;
  /** In-place retries after transient failures. */
  retries: number;
}

export interface BatchConsumerHealth {
  /** Set while a batch fails with a transient error and is being retried. */
  failingSince?: number;
  lastError?: string;
}

export interface RunningBatchConsumer {
  /** Stops pulling, writes what it holds (one attempt), acknowledges it, and returns. */
  stop(): Promise<void>;
  readonly stats: BatchConsumerStats;
  health(): BatchConsumerHealth;
}

/**
 * A held message's delivery. Once a pipelined batch is prepared its decoded event is let go, so a batch being written
 * does not keep every sample object alive; it is decoded again from the message if a retry needs it.
 */
class HeldDelivery implements BatchDelivery {
  private decoded: JustFitEvent | undefined;

  constructor(
    private readonly msg: JsMsg,
    event: JustFitEvent,
    readonly deliveryCount: number,
    readonly streamSeq: number,
    readonly subject: string,
    readonly heldSince: number,
  ) {
    this.decoded = event;
  }

  get event(): JustFitEvent {
    return (this.decoded ??= decodeEvent(this.msg.data));
  }

  forget(): void {
    this.decoded = undefined;
  }
}

interface Held {
  msg: JsMsg;
  delivery: HeldDelivery;
}

const defaultRetryBackoffMs = [250, 1000, 2000, 5000, 10_000];

/**
 * A durable pull consumer that hands events over in batches bounded by count, weight and time, across many bus
 * messages, and acknowledges a batch only once its handler has resolved. While one batch is being written the next
 * is collected, so at most two batches are held. Nothing is pulled beyond what a batch may hold, so a stalled
 * handler does not let messages pile up in the client with their ack timers running.
 *
 * Failures: a transient one (the handler's storage is unreachable) keeps the batch held and retries it with backoff,
 * without redelivery; any other failure retries each message of the batch alone, and a message that still fails is
 * nak'ed with a delay, or terminated on its last allowed delivery. A malformed message is terminated at once.
 * Terminated messages reach the DLQ stream through the dead-letter forwarder.
 */
export async function runBatchConsumer<P = void>(
  bus: EventBus,
  spec: BatchConsumerSpec,
  handler: BatchHandler<P>,
): Promise<RunningBatchConsumer> {
  const pipelined = typeof handler === 'function' ? undefined : handler;
  const prepare = (batch: readonly Held[]): Promise<P> | undefined => {
    if (!pipelined) return undefined;
    const prepared = pipelined.prepare(batch.map((h) => h.delivery));
    prepared.then(
      () => batch.forEach((h) => h.delivery.forget()),
      () => undefined,
    ); // failures: awaited by settle
    return prepared;
  };
  const write = async (batch: readonly Held[], prepared: Promise<P> | undefined) => {
    const deliveries = batch.map((h) => h.delivery);
    if (!pipelined) return (handler as BatchWriter<void>)(deliveries, undefined);
    return pipelined.write(deliveries, await (prepared ?? pipelined.prepare(deliveries)));
  };
  const maxDeliver = spec.maxDeliver ?? 5;
  const ackWaitMs = spec.ackWaitMs ?? 30_000;
  const maxMessages = spec.maxMessages ?? 100;
  const maxDelayMs = spec.maxDelayMs ?? 1000;
  const isTransient = spec.isTransient ?? (() => false);
  const retryBackoffMs = spec.retryBackoffMs ?? defaultRetryBackoffMs;
  const backoffMs = spec.backoffMs ?? defaultBackoffMs;
  const stats: BatchConsumerStats = { batches: 0, processed: 0, failed: 0, deadLettered: 0, retries: 0 };
  const health: BatchConsumerHealth = {};
  const held = new Set<Held>();
  const stopped = new AbortController();

  await ensureDurable(bus, {
    stream: spec.stream,
    durable: spec.durable,
    filterSubjects: spec.filterSubjects,
    maxDeliver,
    ackWaitMs,
    // The server must let a full batch and the one being written be outstanding at once.
    maxAckPending: Math.max(1000, 2 * maxMessages),
  });
  const puller: BatchPuller = await openBatchPuller(bus, spec.stream, spec.durable, {
    maxMessages,
    maxWeight: spec.maxWeight ?? Number.POSITIVE_INFINITY,
    maxDelayMs,
  });
  const keepAlive = setInterval(
    () => {
      for (const h of held) h.msg.working();
    },
    Math.max(250, Math.floor(ackWaitMs / 3)),
  );

  const deadLetter = (msg: JsMsg, reason: string) => {
    const text = terminate(msg, reason);
    stats.deadLettered++;
    spec.onDeadLetter?.(text, msg);
  };

  const accept = (msg: JsMsg): Held | undefined => {
    let event: JustFitEvent;
    try {
      event = decodeEvent(msg.data);
    } catch (e) {
      deadLetter(msg, invalidEventReason(e));
      return undefined;
    }
    const { deliveryCount, streamSequence } = msg.info;
    const h: Held = {
      msg,
      delivery: new HeldDelivery(msg, event, deliveryCount, streamSequence, msg.subject, Date.now()),
    };
    held.add(h);
    return h;
  };

  const release = (batch: readonly Held[], outcome: 'ack' | 'nak') => {
    for (const h of batch) {
      if (outcome === 'ack') h.msg.ack();
      else h.msg.nak();
      held.delete(h);
    }
  };
  /** Deferred messages, waiting for the next batch; still in `held`, so kept alive. */
  let carried: Held[] = [];

  /** Runs the handler until the batch is written, or gives it back (stopping) or isolates its messages. */
  const settle = async (batch: readonly Held[], prepared?: Promise<P>): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      try {
        // A retry prepares again: what failed may have been the preparation.
        const outcome = await write(batch, attempt === 1 ? prepared : undefined);
        const deferred = new Set(outcome?.defer ?? []);
        const later = batch.filter((h) => deferred.has(h.delivery));
        if (stopped.signal.aborted) release(later, 'nak');
        else carried.push(...later);
        release(
          batch.filter((h) => !deferred.has(h.delivery)),
          'ack',
        );
        stats.batches++;
        stats.processed += batch.length - later.length;
        delete health.failingSince;
        delete health.lastError;
        return;
      } catch (e) {
        if (isTransient(e)) {
          health.failingSince ??= Date.now();
          health.lastError = errorMessage(e);
          if (stopped.signal.aborted) return release(batch, 'nak');
          const delay = redeliveryDelayMs(retryBackoffMs, attempt);
          stats.retries++;
          spec.onRetry?.(e, attempt, delay);
          await sleep(delay, undefined, { signal: stopped.signal }).catch(() => undefined);
          continue;
        }
        if (batch.length > 1) {
          for (const h of batch) await settle([h]);
          return;
        }
        const h = batch[0]!;
        stats.failed++;
        held.delete(h);
        failDelivery(h.msg, e, h.delivery.deliveryCount, { maxDeliver, backoffMs }, deadLetter);
        return;
      }
    }
  };

  const loop = (async () => {
    let writing: Promise<void> = Promise.resolve();
    while (!stopped.signal.aborted) {
      const head = carried;
      carried = [];
      let batch: Held[];
      try {
        const pulled = await puller.next(
          (msg) => {
            const h = accept(msg);
            return h && { item: h, weight: spec.weigh?.(h.delivery.event) ?? 1 };
          },
          head.length,
          () => carried.length > 0,
        );
        batch = [...head, ...pulled];
      } catch (e) {
        carried = [...head, ...carried];
        bus.logError(`batch consumer ${spec.stream}/${spec.durable} could not pull; retrying`, e);
        await sleep(1000, undefined, { signal: stopped.signal }).catch(() => undefined);
        continue;
      }
      const prepared = batch.length > 0 ? prepare(batch) : undefined;
      await writing;
      if (batch.length > 0) writing = settle(batch, prepared);
    }
    await writing;
    release(carried, 'nak');
  })();

  return {
    stats,
    health: () => ({ ...health }),
    async stop() {
      stopped.abort();
      puller.interrupt();
      await loop;
      clearInterval(keepAlive);
      await bus.nc.flush().catch(() => undefined);
    },
  };
}
