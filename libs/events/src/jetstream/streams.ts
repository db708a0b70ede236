import {
  JetStreamApiError,
  type JetStreamManager,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import { definitionForType } from '../catalogue';
import type { StreamName } from '../define-event';

export const DLQ_STREAM = 'DLQ';
export const ADVISORIES_STREAM = 'ADVISORIES';

export interface StreamSpec {
  name: string;
  subjects: string[];
  /** Messages older than this are removed; absent means kept until deleted. */
  maxAgeMs?: number;
}

const dayMs = 24 * 60 * 60 * 1000;
const duplicateWindowMs = 2 * 60 * 1000;

/** `justfit.tasks` for TASKS: the subject prefix of a context's stream. */
export function contextSubjectPrefix(context: StreamName): string {
  return `justfit.${context.toLowerCase()}`;
}

const contextStream = (name: StreamName, maxAgeMs?: number): StreamSpec => ({
  name,
  subjects: [`${contextSubjectPrefix(name)}.>`],
  ...(maxAgeMs ? { maxAgeMs } : {}),
});

export const streamSpecs: readonly StreamSpec[] = [
  contextStream('CONNECTIONS'),
  contextStream('TASKS'),
  contextStream('RAW', 7 * dayMs),
  contextStream('LOADS'),
  contextStream('POLICIES'),
  contextStream('FINDINGS'),
  contextStream('REPORTS'),
  contextStream('ACCESS'),
  contextStream('AUDIT'),
  contextStream('SETTINGS'),
  { name: DLQ_STREAM, subjects: ['justfit.dlq.>'] },
  {
    // The server publishes these advisories to core NATS only; capturing them means a message that dies while no
    // dead-letter forwarder runs is still forwarded later.
    name: ADVISORIES_STREAM,
    subjects: ['$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.>', '$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.>'],
    maxAgeMs: 7 * dayMs,
  },
];

export interface EnsureStreamsOptions {
  /** Stream replicas; 1 for a single server, 3 for a production cluster. */
  replicas?: number;
}

export function streamConfig(spec: StreamSpec, replicas: number): Partial<StreamConfig> & { name: string } {
  return {
    name: spec.name,
    subjects: spec.subjects,
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    num_replicas: replicas,
    duplicate_window: nanos(duplicateWindowMs),
    // Always sent (0 = unlimited) so that an update also clears an age limit removed from the spec.
    max_age: nanos(spec.maxAgeMs ?? 0),
  };
}

/** Status code of "stream name already in use with a different configuration". */
const streamNameInUse = 10058;

/**
 * Creates every stream, or updates one whose configuration differs from the code. Safe to call from every service
 * at start: adding a stream with an identical configuration is a no-op on the server.
 */
export async function ensureStreams(jsm: JetStreamManager, opts: EnsureStreamsOptions = {}): Promise<void> {
  const replicas = opts.replicas ?? 1;
  // The streams are independent: one round trip for all of them instead of one per stream.
  await Promise.all(
    streamSpecs.map(async (spec) => {
      const config = streamConfig(spec, replicas);
      try {
        await jsm.streams.add(config);
      } catch (e) {
        if (!(e instanceof JetStreamApiError && e.code === streamNameInUse)) throw e;
        await jsm.streams.update(spec.name, config);
      }
    }),
  );
}

/** Status code of "stream not found". */
const streamNotFound = 10059;

/**
 * Waits until every stream exists (created by the stream manager, see permissions.ts), checking each second; throws
 * naming the missing ones once `timeoutMs` (default 2 minutes) has passed.
 */
export async function awaitStreams(jsm: JetStreamManager, opts: { timeoutMs?: number } = {}): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  let missing = streamSpecs.map((s) => s.name);
  for (;;) {
    const stillMissing: string[] = [];
    for (const name of missing) {
      try {
        await jsm.streams.info(name);
      } catch (e) {
        if (!(e instanceof JetStreamApiError && e.code === streamNotFound)) throw e;
        stillMissing.push(name);
      }
    }
    missing = stillMissing;
    if (missing.length === 0) return;
    if (Date.now() >= deadline) {
      throw new Error(
        `streams ${missing.join(', ')} do not exist: the stream manager (the etl service, NATS_MANAGE_STREAMS=true) ` +
          'creates them; start it, or give this service NATS_MANAGE_STREAMS=true with a user allowed to',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/**
 * Characters a NATS subject token cannot hold: the separator, the wildcards and whitespace. Control characters are
 * refused too, as they would make the subject unreadable in tools and logs.
 */
// eslint-disable-next-line no-control-regex
const invalidTokenCharacters = /[.*>\s\u0000-\u001f\u007f]/;

/** Throws unless `token` can be one token of a NATS subject (an aggregate id, a service or command name). */
export function assertSubjectToken(token: string, what: string): string {
  if (token.length === 0) throw new Error(`${what} must not be empty: it becomes a NATS subject token`);
  const bad = invalidTokenCharacters.exec(token);
  if (bad) {
    throw new Error(
      `${what} ${JSON.stringify(token)} cannot be a NATS subject token: it contains ${JSON.stringify(bad[0])}` +
        ` (no '.', '*', '>', whitespace or control characters)`,
    );
  }
  return token;
}

/** The context (stream) events of `type` are stored in; throws for a type that is not in the catalogue. */
export function streamOf(type: string): StreamName {
  const def = definitionForType(type);
  if (!def) throw new Error(`unknown event type ${type}: it is not in the catalogue`);
  return def.stream;
}

/** The subject an event is stored on: `justfit.<context>.<aggregate id>`. */
export function subjectFor(event: { type: string; subject: string }): string {
  return aggregateSubject(streamOf(event.type), event.subject);
}

/** The subject of one aggregate in its context's stream. */
export function aggregateSubject(context: StreamName, aggregateId: string): string {
  return `${contextSubjectPrefix(context)}.${assertSubjectToken(aggregateId, 'aggregate id (event subject)')}`;
}
