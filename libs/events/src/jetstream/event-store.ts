/**
 * The event store every service's aggregates are loaded from and appended to. Services depend on the `EventStore`
 * interface only; `JetStreamEventStore` keeps each aggregate as one subject of its context's stream and uses the
 * subject's last sequence as the aggregate's revision. A KurrentDB (EventStoreDB) adapter can implement the same
 * interface (aggregate id → stream name, `expectedRevision` → its `expectedRevision`, `replay` → a `$ce-<context>`
 * category read) without touching the services.
 */
import { JetStreamApiError } from '@nats-io/jetstream';
import type { StreamName } from '../define-event';
import { decodeEvent, InvalidEventError, type JustFitEvent } from '../envelope';
import type { EventBus } from './bus';
import { readStream } from './read-stream';
import { aggregateSubject, contextSubjectPrefix, streamOf } from './streams';

/** `no_stream`: the aggregate must not exist yet. `any`: no check. A number: the revision last read. */
export type ExpectedRevision = 'no_stream' | 'any' | bigint | number;

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
  /** An aggregate's events in order; revision 0 means it has none. */
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

export class ConcurrencyError extends Error {
  constructor(
    readonly aggregateId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number,
  ) {
    super(`aggregate ${aggregateId} is at revision ${actual}, expected ${String(expected)}`);
    this.name = 'ConcurrencyError';
  }
}

/** JetStream's "wrong last sequence": the expected-last-subject-sequence check failed. */
const wrongLastSequence = 10071;

/**
 * Appends with `Nats-Expected-Last-Subject-Sequence`; each further event of one append expects the sequence of the
 * one before it, so no other writer can interleave. Such a multi-event append is not atomic: a crash (or lost
 * connection) part-way leaves the first events stored. Servers from 2.12 offer atomic batch publishing
 * (`allow_atomic` streams), which this store does not use yet; appending one event per decision avoids the issue.
 */
export class JetStreamEventStore implements EventStore {
  constructor(private readonly bus: EventBus) {}

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

    let expected = toExpectedSequence(opts.expectedRevision);
    let revision = 0;
    for (const event of events) {
      try {
        ({ seq: revision } = await this.bus.publish(event, { expectLastSubjectSequence: expected }));
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
      expected = revision;
    }
    return { revision };
  }

  async read(aggregateId: string, context: StreamName): Promise<{ events: StoredEvent[]; revision: number }> {
    const events: StoredEvent[] = [];
    await readStream(this.bus, context, { filterSubjects: [aggregateSubject(context, aggregateId)] }, (msg) => {
      events.push(toStoredEvent(msg.data, msg.seq, msg.subject, msg.time));
    });
    return { events, revision: events.at(-1)?.streamSeq ?? 0 };
  }

  async aggregateIds(context: StreamName): Promise<Set<string>> {
    const prefix = `${contextSubjectPrefix(context)}.`;
    // One stream-info request listing the subjects that hold messages (the client follows the server's paging).
    const info = await this.bus.jsm.streams.info(context, { subjects_filter: `${prefix}>` });
    return new Set(Object.keys(info.state.subjects ?? {}).map((subject) => subject.slice(prefix.length)));
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
    const last = await this.bus.jsm.streams.getMessage(context, {
      last_by_subj: aggregateSubject(context, aggregateId),
    });
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
