/**
 * The event store every service's aggregates are loaded from and appended to. Services depend on the `EventStore`
 * interface only; `JetStreamEventStore` keeps an aggregate's events on `justfit.<context>.<EventName>.<id>` and uses
 * the last sequence stored on `justfit.<context>.*.<id>` as the aggregate's revision. A KurrentDB (EventStoreDB) adapter can implement the same
 * interface (aggregate id → stream name, `expectedRevision` → its `expectedRevision`, `replay` → a `$ce-<context>`
 * category read) without touching the services.
 */
import { JetStreamApiError } from '@nats-io/jetstream';
import type { StreamName } from '../define-event';
import { decodeEvent, InvalidEventError, type JustFitEvent } from '../envelope';
import type { BatchProgressHook, EventBus } from './bus';
import { readStream } from './read-stream';
import {
  aggregateIdOfSubject,
  aggregateSubject,
  contextSubjectPrefix,
  isLegacySubject,
  legacyAggregateSubject,
  streamOf,
} from './streams';

import { ConcurrencyError, type ExpectedRevision } from './concurrency-error';

export { ConcurrencyError, type ExpectedRevision } from './concurrency-error';

export interface StoredEvent {
  event: JustFitEvent;
  /** Position in the context's stream; after this event it is also the aggregate's revision. */
  streamSeq: number;
  subject: string;
  storedAt: Date;
}

export interface ReplayOptions {
  fromSeq?: number;
  /** Called for a stored message that is not a valid event, which is then skipped; without it, replay throws. */
  onInvalid?: (error: InvalidEventError, streamSeq: number) => void;
}

export interface EventStore {
  /** Appends events of one aggregate; throws ConcurrencyError if the aggregate moved past `expectedRevision`. */
  append(
    aggregateId: string,
    events: JustFitEvent[],
    opts: { expectedRevision: ExpectedRevision },
  ): Promise<{ revision: number }>;
  /**
   * An aggregate's events in order, and the revision an append expects: 0 when it has none (or only events stored
   * before subjects carried the event type).
   */
  read(aggregateId: string, context: StreamName): Promise<{ events: StoredEvent[]; revision: number }>;
  /**
   * Ids of the context's aggregates that have events. Lets a caller that decides over thousands of aggregates skip
   * reading the ones that do not exist (a read per aggregate is a round trip each).
   */
  aggregateIds(context: StreamName): Promise<Set<string>>;
  /** Every event of a context in order, up to what is stored when the replay begins. */
  replay(
    context: StreamName,
    handler: (stored: StoredEvent) => Promise<void> | void,
    opts?: ReplayOptions,
  ): Promise<{ lastSeq: number }>;
}

/** JetStream's "wrong last sequence": the expected-last-subject-sequence check failed. */
const wrongLastSequence = 10071;

export interface JetStreamEventStoreOptions {
  /** Called between the messages of a multi-event append (a test stops the writer there). */
  onBatchProgress?: BatchProgressHook;
}

/**
 * Appends with `Nats-Expected-Last-Subject-Sequence` checked on all of the aggregate's subjects
 * (`justfit.<context>.*.<id>`), so no other writer can append to the aggregate in between. A decision of several
 * events is one atomic batch: stored whole or not at all, whatever happens to the writer.
 */
export class JetStreamEventStore implements EventStore {
  constructor(
    private readonly bus: EventBus,
    private readonly opts: JetStreamEventStoreOptions = {},
  ) {}

  async append(
    aggregateId: string,
    events: JustFitEvent[],
    opts: { expectedRevision: ExpectedRevision },
  ): Promise<{ revision: number }> {
    const first = events[0];
    if (!first) throw new Error(`append to ${aggregateId} needs at least one event`);
    const context = streamOf(first.type);
    for (const e of events) {
      if (e.subject !== aggregateId)
        throw new Error(`event ${e.id} is about ${e.subject}, not aggregate ${aggregateId}`);
      if (streamOf(e.type) !== context)
        throw new Error(`one append must stay in one context: ${e.type} is not in ${context}`);
    }
    const expect = {
      expectLastSubjectSequence: toExpectedSequence(opts.expectedRevision),
      expectSubject: aggregateSubject(context, aggregateId),
    };
    try {
      const { seq } =
        events.length === 1
          ? await this.bus.publish(first, expect)
          : await this.bus.publishAtomically(events, { ...expect, onProgress: this.opts.onBatchProgress });
      return { revision: seq };
    } catch (e) {
      if (e instanceof JetStreamApiError && e.code === wrongLastSequence) {
        throw new ConcurrencyError(
          aggregateId,
          opts.expectedRevision,
          await this.currentRevision(context, aggregateId),
        );
      }
      throw e;
    }
  }

  async read(aggregateId: string, context: StreamName): Promise<{ events: StoredEvent[]; revision: number }> {
    const events: StoredEvent[] = [];
    let revision = 0;
    const filterSubjects = [aggregateSubject(context, aggregateId), legacyAggregateSubject(context, aggregateId)];
    await readStream(this.bus, context, { filterSubjects }, (msg) => {
      events.push(toStoredEvent(msg.data, msg.seq, msg.subject, msg.time));
      // Appends check the aggregate's typed subjects only: events of the old layout count for the state, not here.
      if (!isLegacySubject(msg.subject)) revision = msg.seq;
    });
    return { events, revision };
  }

  async aggregateIds(context: StreamName): Promise<Set<string>> {
    // One stream-info request listing the subjects that hold messages (the client follows the server's paging).
    const info = await this.bus.jsm.streams.info(context, { subjects_filter: `${contextSubjectPrefix(context)}.>` });
    return new Set(Object.keys(info.state.subjects ?? {}).map(aggregateIdOfSubject));
  }

  async replay(
    context: StreamName,
    handler: (stored: StoredEvent) => Promise<void> | void,
    opts: ReplayOptions = {},
  ): Promise<{ lastSeq: number }> {
    let lastSeq = 0;
    const range = { filterSubjects: [`${contextSubjectPrefix(context)}.>`], fromSeq: opts.fromSeq };
    await readStream(this.bus, context, range, async (msg) => {
      lastSeq = msg.seq;
      let stored: StoredEvent;
      try {
        stored = toStoredEvent(msg.data, msg.seq, msg.subject, msg.time);
      } catch (e) {
        if (opts.onInvalid && e instanceof InvalidEventError) return opts.onInvalid(e, msg.seq);
        throw e;
      }
      await handler(stored);
    });
    return { lastSeq };
  }

  private async currentRevision(context: StreamName, aggregateId: string): Promise<number> {
    const last = await this.bus
      .getStoredMessage(context, { last_by_subj: aggregateSubject(context, aggregateId) })
      .catch(() => null);
    return last?.seq ?? 0;
  }
}

function toExpectedSequence(revision: ExpectedRevision): number | undefined {
  if (revision === 'any') return undefined;
  if (revision === 'no_stream') return 0;
  const seq = Number(revision);
  if (!Number.isSafeInteger(seq) || seq < 0) throw new Error(`expectedRevision ${String(revision)} is not a revision`);
  return seq;
}

function toStoredEvent(data: Uint8Array, streamSeq: number, subject: string, storedAt: Date): StoredEvent {
  try {
    return { event: decodeEvent(data), streamSeq, subject, storedAt };
  } catch (e) {
    if (e instanceof InvalidEventError) throw new InvalidEventError(`${subject} seq ${streamSeq}: ${e.reason}`);
    throw e;
  }
}
