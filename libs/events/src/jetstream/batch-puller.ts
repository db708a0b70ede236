import type { ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import type { EventBus } from './bus';

export interface PullLimits {
  maxMessages: number;
  maxWeight: number;
  maxDelayMs: number;
}

/**
 * Takes a pulled message into the batch (undefined: it is not part of it). `ends`: the item closes a unit of work
 * (e.g. the end marker of a collection), so once nothing else is pending the batch is handed over without waiting for
 * its deadline.
 */
export type Accept<T> = (msg: JsMsg) => { item: T; weight: number; ends?: boolean } | undefined;

export interface NextBatchOptions {
  /** Messages carried over from the last batch: they count towards the batch and start its clock at once. */
  alreadyHeld?: number;
  /** While the batch is empty, asked between pulls whether to return it empty (there is something else to do). */
  stopIdling?: () => boolean;
  /**
   * Awaited once, when the batch first holds a pulled message and before more is asked for (e.g. to take a share of
   * a limit on the batches held across consumers); until it resolves, the batch holds that one message only, and
   * its clock starts again once it does. Idle waits for a first message hold nothing.
   */
  beforeFilling?: () => Promise<void>;
}

export interface BatchPuller {
  /** Pulls until the batch is full by count or weight, or its first message is `maxDelayMs` old. */
  next<T>(accept: Accept<T>, options?: NextBatchOptions): Promise<T[]>;
  /** Ends the pull in progress; the batch so far is returned, and every later `next` returns at once. */
  interrupt(): void;
}

/** The client refuses pull requests that expire sooner than this. */
const MIN_EXPIRES_MS = 1000;
/** How long an empty batch waits in one pull; carried-over messages are picked up at least this often. */
const IDLE_EXPIRES_MS = 3000;

/**
 * Fetch-based pulling: each request asks for no more than the batch still has room for, so nothing waits in the
 * client while a batch is written. A pull request cannot be shortened once sent, so while a batch is empty one
 * message is asked for (the request returns as soon as it arrives), and after that requests expire by the batch's
 * deadline; a batch whose deadline is under a second away is handed over early. A request asks for no more than the
 * server says is pending, and a batch whose last message ends a unit of work is handed over at once when nothing else
 * is pending: the end of a collection is loaded without waiting for a deadline. With `beforeFilling`, one message is
 * asked for at a time until the batch may fill, so a batch waiting for its turn holds a single message.
 */
export async function openBatchPuller(
  bus: EventBus,
  stream: string,
  durable: string,
  limits: PullLimits,
): Promise<BatchPuller> {
  const consumer = await bus.js.consumers.get(stream, durable);
  let interrupted = false;
  let current: ConsumerMessages | undefined;

  return {
    async next<T>(accept: Accept<T>, options: NextBatchOptions = {}): Promise<T[]> {
      const { alreadyHeld = 0, stopIdling, beforeFilling } = options;
      const items: T[] = [];
      let weight = 0;
      let filling = beforeFilling === undefined;
      let deadline = alreadyHeld > 0 ? Date.now() + limits.maxDelayMs : undefined;
      /** Messages the server held for this consumer after the last one pulled (undefined: not known yet). */
      let pending: number | undefined;
      let ended = false;
      while (!interrupted && alreadyHeld + items.length < limits.maxMessages && weight < limits.maxWeight) {
        if (ended && pending === 0) break;
        if (!filling && items.length > 0) {
          await beforeFilling?.();
          filling = true;
          deadline = Date.now() + limits.maxDelayMs;
          continue;
        }
        const remainingMs = deadline === undefined ? IDLE_EXPIRES_MS : deadline - Date.now();
        if (remainingMs < MIN_EXPIRES_MS || (deadline === undefined && stopIdling?.())) break;
        // Asking for no more than is pending makes the pull return as soon as they arrive, not at its expiry.
        const want =
          deadline === undefined || !filling
            ? 1
            : Math.min(room(limits, alreadyHeld + items.length, weight), pending || Number.POSITIVE_INFINITY);
        current = await consumer.fetch({ max_messages: want, expires: remainingMs });
        try {
          for await (const msg of current) {
            pending = msg.info.pending;
            const accepted = accept(msg);
            if (!accepted) continue;
            items.push(accepted.item);
            weight += accepted.weight;
            ended = accepted.ends === true;
            deadline ??= Date.now() + limits.maxDelayMs;
          }
        } catch (e) {
          // A pull that fails (e.g. heartbeats missed while the process was busy) must not drop what was accepted
          // before it: those messages are held (and kept alive) by the caller, so they go out as a batch now.
          if (items.length === 0) throw e;
          return items;
        } finally {
          current = undefined;
        }
      }
      return items;
    },
    interrupt() {
      interrupted = true;
      current?.stop();
    },
  };
}

/** Messages still to ask for: the count left, narrowed by the weight left at the batch's average weight so far. */
function room(limits: PullLimits, count: number, weight: number): number {
  const byCount = limits.maxMessages - count;
  if (!Number.isFinite(limits.maxWeight) || weight === 0) return byCount;
  const byWeight = Math.ceil((limits.maxWeight - weight) / (weight / count));
  return Math.max(1, Math.min(byCount, byWeight));
}
