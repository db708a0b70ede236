import type { JetStreamManager } from '@nats-io/jetstream';
import { streamSpecs } from '@justfit/events';

export interface ConsumerState {
  stream: string;
  consumer: string;
  /** Messages of the stream not delivered to the consumer yet: its lag. */
  pending: number;
  /** Delivered and not acknowledged yet. */
  ackPending: number;
  redelivered: number;
  deliveredSeq: number;
  ackFloorSeq: number;
  /** When the consumer last received a message (epoch ms), if ever. */
  lastActiveAt: number | null;
}

export interface StreamState {
  stream: string;
  messages: number;
  bytes: number;
  firstSeq: number;
  lastSeq: number;
  /** The stream's durable consumers (ordered consumers come and go with the processes that read). */
  consumers: ConsumerState[];
}

/** What JetStream says about every JustFit stream and its durable consumers, read through the service's own user. */
export async function readPipelineStates(jsm: JetStreamManager): Promise<StreamState[]> {
  return Promise.all(
    streamSpecs.map(async ({ name }) => {
      const info = await jsm.streams.info(name);
      const consumers: ConsumerState[] = [];
      for await (const c of jsm.consumers.list(name)) {
        if (!c.config.durable_name) continue;
        consumers.push({
          stream: name,
          consumer: c.name,
          pending: c.num_pending,
          ackPending: c.num_ack_pending,
          redelivered: c.num_redelivered,
          deliveredSeq: c.delivered.stream_seq,
          ackFloorSeq: c.ack_floor.stream_seq,
          lastActiveAt: lastActive(c.delivered.last_active),
        });
      }
      consumers.sort((a, b) => a.consumer.localeCompare(b.consumer));
      return {
        stream: name,
        messages: info.state.messages,
        bytes: info.state.bytes,
        firstSeq: info.state.first_seq,
        lastSeq: info.state.last_seq,
        consumers,
      };
    }),
  );
}

/** The server sends `last_active` as an RFC 3339 time (the client types it as nanoseconds). */
function lastActive(value: unknown): number | null {
  const at = typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isFinite(at) ? at : null;
}
