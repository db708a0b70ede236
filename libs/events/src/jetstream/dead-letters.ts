import { JetStreamApiCodes, JetStreamApiError, type JsMsg, type StoredMsg } from '@nats-io/jetstream';
import type { MsgHdrs } from '@nats-io/nats-core';
import { z } from 'zod';
import type { EventBus } from './bus';
import { redeliveryDelayMs } from './consumer';
import { runPullLoop } from './pull-loop';
import { readStream } from './read-stream';
import { ADVISORIES_STREAM, assertSubjectToken, DLQ_STREAM } from './streams';

/** What the DLQ stream holds for every message a consumer gave up on. */
export interface DeadLetter {
  /** Null when the original had already left its stream. */
  originalSubject: string | null;
  stream: string;
  streamSeq: number;
  consumer: string;
  reason: string;
  deliveries: number;
  /** The original bytes: UTF-8 text, or base64 when `payloadEncoding` says so; null when the original is gone. */
  payload: string | null;
  payloadEncoding?: 'base64';
  headers: Record<string, string[]>;
  /** When the server gave up on the message (the advisory's time). */
  deadAt: string;
}

/** The part of the MAX_DELIVERIES and MSG_TERMINATED advisories the forwarder uses. */
const ConsumerAdvisory = z.object({
  type: z.enum(['io.nats.jetstream.advisory.v1.max_deliver', 'io.nats.jetstream.advisory.v1.terminated']),
  timestamp: z.string(),
  stream: z.string(),
  consumer: z.string(),
  stream_seq: z.number().int().positive(),
  deliveries: z.number().int().nonnegative(),
  reason: z.string().optional(),
});
type ConsumerAdvisory = z.infer<typeof ConsumerAdvisory>;

export interface DeadLetterForwarderOptions {
  durable: string;
}

export interface RunningForwarder {
  stop(): Promise<void>;
}

const forwarderMaxDeliver = 10;
const forwarderBackoffMs = [500, 2000, 10_000];

/**
 * Copies every message a consumer gave up on into the DLQ stream, on `justfit.dlq.<stream>.<consumer>`, with the
 * reason. The advisories are read from the ADVISORIES stream, so several services may each run a forwarder: the
 * message id `dlq-<stream>-<seq>-<consumer>` makes the copies of one dead letter collapse into one.
 */
export async function runDeadLetterForwarder(
  bus: EventBus,
  opts: DeadLetterForwarderOptions,
): Promise<RunningForwarder> {
  const forward = async (msg: JsMsg) => {
    let advisory: ConsumerAdvisory;
    try {
      advisory = ConsumerAdvisory.parse(msg.json());
    } catch (e) {
      bus.logError(`not a consumer advisory: ADVISORIES seq ${msg.seq}`, e);
      msg.term('not a consumer advisory');
      return;
    }
    try {
      const letter = await deadLetterFor(bus, advisory);
      await bus.js.publish(dlqSubject(letter.stream, letter.consumer), JSON.stringify(letter), {
        msgID: `dlq-${letter.stream}-${letter.streamSeq}-${letter.consumer}`,
      });
      msg.ack();
    } catch (e) {
      bus.logError(`dead letter for ${advisory.stream} seq ${advisory.stream_seq} not forwarded yet`, e);
      msg.nak(redeliveryDelayMs(forwarderBackoffMs, msg.info.deliveryCount));
    }
  };
  return runPullLoop(
    bus,
    {
      stream: ADVISORIES_STREAM,
      durable: opts.durable,
      maxDeliver: forwarderMaxDeliver,
      ackWaitMs: 30_000,
      maxAckPending: 1000,
      batch: 10,
    },
    forward,
  );
}

async function deadLetterFor(bus: EventBus, advisory: ConsumerAdvisory): Promise<DeadLetter> {
  const reason = advisory.reason || `max deliveries reached (${advisory.deliveries})`;
  const original = await originalMessage(bus, advisory);
  const common = {
    stream: advisory.stream,
    streamSeq: advisory.stream_seq,
    consumer: advisory.consumer,
    deliveries: advisory.deliveries,
    deadAt: advisory.timestamp,
  };
  if (!original) {
    return {
      ...common,
      originalSubject: null,
      reason: `${reason}; the original message is no longer in ${advisory.stream}`,
      payload: null,
      headers: {},
    };
  }
  return {
    ...common,
    originalSubject: original.subject,
    reason,
    ...payloadOf(original),
    headers: headersOf(original.header),
  };
}

async function originalMessage(bus: EventBus, advisory: ConsumerAdvisory): Promise<StoredMsg | null> {
  try {
    return await bus.jsm.streams.getMessage(advisory.stream, { seq: advisory.stream_seq });
  } catch (e) {
    if (e instanceof JetStreamApiError && e.code === JetStreamApiCodes.StreamNotFound) return null;
    throw e;
  }
}

function payloadOf(msg: StoredMsg): Pick<DeadLetter, 'payload' | 'payloadEncoding'> {
  try {
    return { payload: new TextDecoder('utf-8', { fatal: true }).decode(msg.data) };
  } catch {
    return { payload: Buffer.from(msg.data).toString('base64'), payloadEncoding: 'base64' };
  }
}

function headersOf(h: MsgHdrs | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (h) for (const key of h.keys()) out[key] = h.values(key);
  return out;
}

export function dlqSubject(stream: string, consumer: string): string {
  return `justfit.dlq.${assertSubjectToken(stream, 'stream name')}.${assertSubjectToken(consumer, 'consumer name')}`;
}

export interface ReadDeadLettersOptions {
  stream?: string;
  consumer?: string;
  /** At most this many, oldest first. */
  limit: number;
}

/** Dead letters in the order they died, optionally of one stream and/or one consumer. */
export async function readDeadLetters(bus: EventBus, opts: ReadDeadLettersOptions): Promise<DeadLetter[]> {
  const filter = `justfit.dlq.${opts.stream ? assertSubjectToken(opts.stream, 'stream name') : '*'}.${
    opts.consumer ? assertSubjectToken(opts.consumer, 'consumer name') : '*'
  }`;
  const letters: DeadLetter[] = [];
  await readStream(bus, DLQ_STREAM, { filterSubjects: [filter], limit: opts.limit }, (msg) => {
    letters.push(msg.json<DeadLetter>());
  });
  return letters;
}
