import type { JsMsg } from '@nats-io/jetstream';
import { setTimeout as sleep } from 'node:timers/promises';
import { decodeEvent, type JustFitEvent } from '../envelope';
import { type BatchPuller, openBatchPuller } from './batch-puller';
import type { BatchSlots } from './batch-slots';
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
   * Whether an event closes a unit of work (e.g. a collection's end marker): a batch ending with one is handed over
   * at once when nothing else is pending, instead of after maxDelayMs. Default: none does.
   */
  endsWork?: (event: JustFitEvent) => boolean;
  /**
   * Whether a failure belongs to the infrastructure (the batch is retried in place, held and kept alive, for as long
   * as it takes) rather than to the messages (each is then retried alone, and nak'ed or dead-lettered). Default: never.
   */
  isTransient?: (error: unknown) => boolean;
  /** In-place retry delays after transient failures; the last repeats. Default 250 ms, 1 s, 2 s, 5 s, 10 s. */
  retryBackoffMs?: number[];
  /** Redelivery delays after a message failed on its own; the last repeats. Default 250 ms, 1 s, 5 s, 15 s. */
  backoffMs?: number[];
  /**
   * Shared by consumers that run in one process, to bound their memory together: each batch takes a slot before it
   * is filled beyond its first message and gives it back once written, so across them no more batches are held
   * (filled, prepared or being written) than there are slots, plus one message per consumer waiting for its turn.
   * Default: none (each consumer holds up to two batches, the one being written and the next).
   */
  slots?: BatchSlots;
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
  /**
   * Stops pulling, writes what it holds (one attempt), acknowledges it, and returns. A batch still waiting for a slot
   * is given back (nak'ed) for redelivery instead.
   */
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

/** A collected batch and the slot it holds (`giveBack`), if it got one. */
interface Collected {
  held: Held[];
  giveBack?: () => void;
}

const defaultRetryBackoffMs = [250, 1000, 2000, 5000, 10_000];

/**
 * A durable pull consumer that hands events over in batches bounded by count, weight and time, across many bus
 * messages, and acknowledges a batch only once its handler has resolved. While one batch is being written the next
 * is collected, so at most two batches are held; consumers sharing `slots` hold no more batches together than it
 * has. Nothing is pulled beyond what a batch may hold, so a stalled handler does not let messages pile up in the
 * client with their ack timers running.
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
  const consumer = new BatchConsumer(bus, spec, handler);
  await consumer.start();
  return { stats: consumer.stats, health: () => consumer.health(), stop: () => consumer.stop() };
}

/** The steps of a batch consumer: start, collect a batch, prepare it, settle it (write, retry, isolate), stop. */
class BatchConsumer<P> {
  readonly stats: BatchConsumerStats = { batches: 0, processed: 0, failed: 0, deadLettered: 0, retries: 0 };
  private readonly failing: BatchConsumerHealth = {};
  private readonly held = new Set<Held>();
  private readonly stopped = new AbortController();
  private readonly pipelined: PipelinedBatchHandler<P> | undefined;
  private readonly maxDeliver: number;
  private readonly ackWaitMs: number;
  private readonly maxMessages: number;
  private readonly isTransient: (error: unknown) => boolean;
  private readonly retryBackoffMs: readonly number[];
  private readonly backoffMs: readonly number[];
  private puller!: BatchPuller;
  private keepAlive?: NodeJS.Timeout;
  private loop: Promise<void> = Promise.resolve();
  /** The preparation started last; the next one waits for it. */
  private preparing: Promise<unknown> = Promise.resolve();
  /** Deferred messages, waiting for the next batch; still in `held`, so kept alive. */
  private carried: Held[] = [];

  constructor(
    private readonly bus: EventBus,
    private readonly spec: BatchConsumerSpec,
    private readonly handler: BatchHandler<P>,
  ) {
    this.pipelined = typeof handler === 'function' ? undefined : handler;
    this.maxDeliver = spec.maxDeliver ?? 5;
    this.ackWaitMs = spec.ackWaitMs ?? 30_000;
    this.maxMessages = spec.maxMessages ?? 100;
    this.isTransient = spec.isTransient ?? (() => false);
    this.retryBackoffMs = spec.retryBackoffMs ?? defaultRetryBackoffMs;
    this.backoffMs = spec.backoffMs ?? defaultBackoffMs;
  }

  health(): BatchConsumerHealth {
    return { ...this.failing };
  }

  /** Makes sure the durable exists with this configuration, opens the puller, keeps held messages alive, loops. */
  async start(): Promise<void> {
    const { bus, spec } = this;
    await ensureDurable(bus, {
      stream: spec.stream,
      durable: spec.durable,
      filterSubjects: spec.filterSubjects,
      maxDeliver: this.maxDeliver,
      ackWaitMs: this.ackWaitMs,
      // The server must let a full batch and the one being written be outstanding at once.
      maxAckPending: Math.max(1000, 2 * this.maxMessages),
    });
    this.puller = await openBatchPuller(bus, spec.stream, spec.durable, {
      maxMessages: this.maxMessages,
      maxWeight: spec.maxWeight ?? Number.POSITIVE_INFINITY,
      maxDelayMs: spec.maxDelayMs ?? 1000,
    });
    this.keepAlive = setInterval(
      () => {
        for (const h of this.held) h.msg.working();
      },
      Math.max(250, Math.floor(this.ackWaitMs / 3)),
    );
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped.abort();
    this.puller.interrupt();
    await this.loop;
    clearInterval(this.keepAlive);
    await this.bus.nc.flush().catch(() => undefined);
  }

  /** Collects the next batch while the one before is written; at most two batches are held. */
  private async run(): Promise<void> {
    let writing: Promise<void> = Promise.resolve();
    while (!this.stopped.signal.aborted) {
      const batch = await this.collect();
      if (!batch || batch.held.length === 0) {
        batch?.giveBack?.();
        continue;
      }
      const { held } = batch;
      const giveBack = batch.giveBack ?? (await this.takeSlot());
      if (!giveBack) {
        this.release(held, 'nak'); // stopped while waiting for a slot
        continue;
      }
      const prepared = this.prepare(held);
      await writing;
      writing = this.settle(held, prepared).finally(giveBack);
    }
    await writing;
    this.release(this.carried, 'nak');
  }

  /** A share of the slots, or a no-op without them; undefined when the consumer stopped while waiting for one. */
  private async takeSlot(): Promise<(() => void) | undefined> {
    if (!this.spec.slots) return () => undefined;
    return this.spec.slots.take(this.stopped.signal).catch(() => undefined);
  }

  /**
   * The deferred messages first, then what the puller brings within the batch's bounds, having taken a slot before
   * it fills; undefined after a failure.
   */
  private async collect(): Promise<Collected | undefined> {
    const head = this.carried;
    this.carried = [];
    const batch: Collected = { held: head };
    try {
      const pulled = await this.puller.next(
        (msg) => {
          const h = this.accept(msg);
          if (!h) return undefined;
          const { event } = h.delivery;
          return { item: h, weight: this.spec.weigh?.(event) ?? 1, ends: this.spec.endsWork?.(event) };
        },
        {
          alreadyHeld: head.length,
          stopIdling: () => this.carried.length > 0,
          beforeFilling: this.spec.slots && (async () => void (batch.giveBack = await this.takeSlot())),
        },
      );
      batch.held = [...head, ...pulled];
      return batch;
    } catch (e) {
      batch.giveBack?.();
      this.carried = [...head, ...this.carried];
      this.bus.logError(`batch consumer ${this.spec.stream}/${this.spec.durable} could not pull; retrying`, e);
      await sleep(1000, undefined, { signal: this.stopped.signal }).catch(() => undefined);
      return undefined;
    }
  }

  /** A decoded message joins the held ones; a malformed one is dead-lettered at once. */
  private accept(msg: JsMsg): Held | undefined {
    let event: JustFitEvent;
    try {
      event = decodeEvent(msg.data);
    } catch (e) {
      this.deadLetter(msg, invalidEventReason(e));
      return undefined;
    }
    const { deliveryCount, streamSequence } = msg.info;
    const delivery = new HeldDelivery(msg, event, deliveryCount, streamSequence, msg.subject, Date.now());
    const h: Held = { msg, delivery };
    this.held.add(h);
    return h;
  }

  /**
   * Starts a pipelined handler's preparation while the batch before is still being written, once the preparation of
   * that batch has ended: preparations run one at a time, in stream order, because one may depend on what the one
   * before saw (the ETL learns a connection's inventory from the batch that carries it; run side by side, the next
   * batch's samples were refused as samples of unknown VMs).
   */
  private prepare(batch: readonly Held[]): Promise<P> | undefined {
    const handler = this.pipelined;
    if (!handler) return undefined;
    const prepared = this.preparing.then(() => handler.prepare(batch.map((h) => h.delivery)));
    this.preparing = prepared.catch(() => undefined);
    prepared.then(
      () => batch.forEach((h) => h.delivery.forget()),
      () => undefined,
    ); // failures: awaited by settle
    return prepared;
  }

  private async write(batch: readonly Held[], prepared: Promise<P> | undefined): Promise<BatchOutcome | void> {
    const deliveries = batch.map((h) => h.delivery);
    if (!this.pipelined) return (this.handler as BatchWriter<void>)(deliveries, undefined);
    return this.pipelined.write(deliveries, await (prepared ?? this.pipelined.prepare(deliveries)));
  }

  /** Runs the handler until the batch is written, or gives it back (stopping) or isolates its messages. */
  private async settle(batch: readonly Held[], prepared?: Promise<P>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        // A retry prepares again: what failed may have been the preparation.
        const outcome = await this.write(batch, attempt === 1 ? prepared : undefined);
        return this.written(batch, outcome);
      } catch (e) {
        if (!this.isTransient(e)) return this.isolate(batch, e);
        this.failing.failingSince ??= Date.now();
        this.failing.lastError = errorMessage(e);
        if (this.stopped.signal.aborted) return this.release(batch, 'nak');
        await this.retryLater(e, attempt);
      }
    }
  }

  /** Acknowledges what was written; deferred messages wait for the next batch (or go back, when stopping). */
  private written(batch: readonly Held[], outcome: BatchOutcome | void): void {
    const deferred = new Set(outcome?.defer ?? []);
    const later = batch.filter((h) => deferred.has(h.delivery));
    if (this.stopped.signal.aborted) this.release(later, 'nak');
    else this.carried.push(...later);
    this.release(
      batch.filter((h) => !deferred.has(h.delivery)),
      'ack',
    );
    this.stats.batches++;
    this.stats.processed += batch.length - later.length;
    delete this.failing.failingSince;
    delete this.failing.lastError;
  }

  /** A transient failure: the batch stays held and is written again after a backoff. */
  private async retryLater(e: unknown, attempt: number): Promise<void> {
    const delay = redeliveryDelayMs(this.retryBackoffMs, attempt);
    this.stats.retries++;
    this.spec.onRetry?.(e, attempt, delay);
    await sleep(delay, undefined, { signal: this.stopped.signal }).catch(() => undefined);
  }

  /** Any other failure: each message is written alone; one that still fails is redelivered or dead-lettered. */
  private async isolate(batch: readonly Held[], e: unknown): Promise<void> {
    if (batch.length > 1) {
      for (const h of batch) await this.settle([h]);
      return;
    }
    const h = batch[0]!;
    this.stats.failed++;
    this.held.delete(h);
    failDelivery(
      h.msg,
      e,
      h.delivery.deliveryCount,
      { maxDeliver: this.maxDeliver, backoffMs: this.backoffMs },
      (msg, reason) => this.deadLetter(msg, reason),
    );
  }

  private release(batch: readonly Held[], outcome: 'ack' | 'nak'): void {
    for (const h of batch) {
      if (outcome === 'ack') h.msg.ack();
      else h.msg.nak();
      this.held.delete(h);
    }
  }

  private deadLetter(msg: JsMsg, reason: string): void {
    const text = terminate(msg, reason);
    this.stats.deadLettered++;
    this.spec.onDeadLetter?.(text, msg);
  }
}
