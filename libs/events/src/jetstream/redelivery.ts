/**
 * What the durable consumers (`runConsumer`, `runBatchConsumer`) do with a message they cannot take: terminate it
 * (it then reaches the DLQ through the dead-letter forwarder) or nak it for redelivery after a backoff.
 */
import type { JsMsg } from '@nats-io/jetstream';
import { InvalidEventError } from '../envelope';

/** Redelivery delays after a failed delivery; the last repeats. */
export const defaultBackoffMs: readonly number[] = [250, 1000, 5000, 15_000];
/** Term reasons travel in advisories; a stack-sized message would bloat every copy of them. */
const maxReasonLength = 1000;

/** Delay before redelivering an event whose `deliveryCount`-th delivery failed. */
export function redeliveryDelayMs(backoffMs: readonly number[], deliveryCount: number): number {
  if (backoffMs.length === 0) return 0;
  return backoffMs[Math.min(deliveryCount, backoffMs.length) - 1] ?? 0;
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The term reason of a message that could not be decoded as an event. */
export function invalidEventReason(e: unknown): string {
  return `invalid event: ${e instanceof InvalidEventError ? e.reason : errorMessage(e)}`;
}

/** Terminates `msg` with `reason` cut to `maxReasonLength`; returns the reason as sent. */
export function terminate(msg: JsMsg, reason: string): string {
  const text = reason.length <= maxReasonLength ? reason : `${reason.slice(0, maxReasonLength - 1)}…`;
  msg.term(text);
  return text;
}

/**
 * After a handler failed on `msg`: on its last allowed delivery hands it to `deadLetter` with the error as the
 * reason, otherwise naks it with the backoff delay for this delivery.
 */
export function failDelivery(
  msg: JsMsg,
  error: unknown,
  deliveryCount: number,
  policy: { maxDeliver: number; backoffMs: readonly number[] },
  deadLetter: (msg: JsMsg, reason: string) => void,
): void {
  if (deliveryCount >= policy.maxDeliver) {
    deadLetter(msg, `handler failed after ${deliveryCount} deliveries: ${errorMessage(error)}`);
  } else {
    msg.nak(redeliveryDelayMs(policy.backoffMs, deliveryCount));
  }
}
