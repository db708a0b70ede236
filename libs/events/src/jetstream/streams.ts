import {
  JetStreamApiError,
  type JetStreamManager,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import { definitionForType, type EventName, Events } from '../catalogue';
import type { StreamName } from '../define-event';
import { DEFAULT_RAW_PARTITIONS, rawStreamSubjects, rawSubject, rawSubjectTransform } from './raw-partitions';

export const DLQ_STREAM = 'DLQ';
export const ADVISORIES_STREAM = 'ADVISORIES';

export interface StreamSpec {
  name: string;
  subjects: string[];
  /** Messages older than this are removed; absent means kept until deleted. */
  maxAgeMs?: number;
  /** The stream stores its events in partitions (raw-partitions.ts). */
  partitioned?: boolean;
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
  { name: 'RAW', subjects: rawStreamSubjects, maxAgeMs: 7 * dayMs, partitioned: true },
  contextStream('LOADS'),
  contextStream('POLICIES'),
  contextStream('FINDINGS'),
  contextStream('REPORTS'),
  contextStream('JOBS'),
  contextStream('ACCESS'),
  contextStream('AUDIT'),
  contextStream('SETTINGS'),
  contextStream('FLEET'),
  contextStream('WORK'),
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
  /** Partitions of the RAW stream (each loaded by one ETL replica at a time). Default 4. */
  rawPartitions?: number;
}

export function streamConfig(
  spec: StreamSpec,
  replicas: number,
  rawPartitions = DEFAULT_RAW_PARTITIONS,
): Partial<StreamConfig> & { name: string } {
  return {
    ...(spec.partitioned ? { subject_transform: rawSubjectTransform(rawPartitions) } : {}),
    name: spec.name,
    subjects: spec.subjects,
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    num_replicas: replicas,
    duplicate_window: nanos(duplicateWindowMs),
    // Always sent (0 = unlimited) so that an update also clears an age limit removed from the spec.
    max_age: nanos(spec.maxAgeMs ?? 0),
    // A decision of several events (a finding and its alert) is stored all together or not at all.
    allow_atomic: true,
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
      const config = streamConfig(spec, replicas, opts.rawPartitions);
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
  return definitionOf(type).stream;
}

function definitionOf(type: string) {
  const def = definitionForType(type);
  if (!def) throw new Error(`unknown event type ${type}: it is not in the catalogue`);
  return def;
}

/**
 * The subject an event is stored on: `justfit.<context>.<EventName>.<aggregate id>`, so a consumer asks the server
 * for the event types it handles (`filter_subjects`) instead of reading the whole stream. A raw event's subject
 * carries its connection instead, by which the RAW stream partitions it (raw-partitions.ts, `rawSubject`).
 */
export function subjectFor(event: { type: string; subject: string; data?: unknown }): string {
  const def = definitionOf(event.type);
  if (def.stream === 'RAW') {
    const connectionId = (event.data as { connectionId?: unknown } | undefined)?.connectionId;
    if (typeof connectionId !== 'string') throw new Error(`raw event ${event.type} names no connectionId`);
    return rawSubject(assertSubjectToken(connectionId, 'connection id'), aggregateToken(event.subject));
  }
  if (def.stream === 'WORK') {
    const site = (event.data as { site?: unknown } | undefined)?.site;
    if (typeof site !== 'string') throw new Error(`work item ${event.type} names no site`);
    return workSubject(site, aggregateToken(event.subject));
  }
  return `${contextSubjectPrefix(def.stream)}.${def.name}.${aggregateToken(event.subject)}`;
}

const aggregateToken = (aggregateId: string) => assertSubjectToken(aggregateId, 'aggregate id (event subject)');

/**
 * Every subject of one aggregate, whatever its event types: the aggregate's revision is the last sequence stored on
 * it (the `Nats-Expected-Last-Subject-Sequence-Subject` of an append).
 */
export function aggregateSubject(context: StreamName, aggregateId: string): string {
  return `${contextSubjectPrefix(context)}.*.${aggregateToken(aggregateId)}`;
}

/**
 * Before subjects carried the event type, an aggregate's events were stored on `justfit.<context>.<aggregate id>`.
 * Those stay readable where they are: an aggregate is read from both layouts, and consumers that read a context
 * take the old layout's subjects too (`justfit.<context>.*` matches only three-token subjects, none of the new).
 */
export function legacyAggregateSubject(context: StreamName, aggregateId: string): string {
  return `${contextSubjectPrefix(context)}.${aggregateToken(aggregateId)}`;
}

/** Whether `subject` is in the layout from before subjects carried the event type. */
export function isLegacySubject(subject: string): boolean {
  return subject.startsWith('justfit.') && subject.split('.').length === 3 && !subject.startsWith('justfit.raw.');
}

/** The aggregate id a stored subject is about (its last token), in either layout. */
export const aggregateIdOfSubject = (subject: string) => subject.slice(subject.lastIndexOf('.') + 1);

/**
 * The server-side filter for a consumer of `names`, all from one stream: one subject per event type, and the
 * stream's subjects from before subjects carried the type (their events reach the handler, which skips what it does
 * not handle). RAW's events are read with the stream's own subjects.
 */
export function filterSubjectsFor(names: readonly EventName[]): { stream: StreamName; filterSubjects: string[] } {
  const streams = new Set(names.map((n) => Events[n].stream));
  if (streams.size !== 1)
    throw new Error(`a consumer reads one stream; ${names.join(', ')} span ${[...streams].join(', ')}`);
  const [stream] = [...streams] as [StreamName];
  const prefix = contextSubjectPrefix(stream);
  if (stream === 'RAW' || stream === 'WORK') return { stream, filterSubjects: [`${prefix}.>`] };
  return { stream, filterSubjects: [...[...new Set(names)].map((n) => `${prefix}.${n}.*`), `${prefix}.*`] };
}

/**
 * Where a task waits for an agent: `justfit.work.<site>.<taskId>`. The agents of a site pull from one durable
 * consumer of `workSubjectsOfSite(site)` (`collector-work-<site>`), so work reaches only its site.
 */
export function workSubject(site: string, taskId: string): string {
  return `${contextSubjectPrefix('WORK')}.${assertSubjectToken(site, 'site')}.${taskId}`;
}
export const workSubjectsOfSite = (site: string) =>
  `${contextSubjectPrefix('WORK')}.${assertSubjectToken(site, 'site')}.*`;
export const workConsumerOfSite = (site: string) => `collector-work-${assertSubjectToken(site, 'site')}`;
