import type { EventName, MessageName } from '../catalogue';
import type { StreamName } from '../define-event';
import { filterSubjectsFor } from '../jetstream/streams';

/** One way a service reads events: a durable consumer (acknowledged, resumed after a restart) or a live view. */
export interface EventConsumerDeclaration {
  /** The durable consumer's name; for a live view (an ordered consumer), what it feeds. */
  readonly name: string;
  readonly durable: boolean;
  /** Every event type it handles, all from one stream; the server filters on them. */
  readonly events: readonly EventName[];
}

/**
 * What one service does with events, declared in one place: what it appends, what it consumes, which aggregates it
 * reads to decide, and the catalogue messages it sends and receives. Its consumers are built from this, its NATS
 * permissions are derived from it, and the event table in docs/architecture.md is generated from it.
 */
export interface ServiceEvents {
  readonly produces: readonly EventName[];
  readonly consumes: readonly EventConsumerDeclaration[];
  /** Streams whose aggregates it reads (read → decide → append), beyond those it consumes. */
  readonly readsAggregates: readonly StreamName[];
  readonly sends?: readonly MessageName[];
  readonly receives?: readonly MessageName[];
}

export function defineServiceEvents<const S extends ServiceEvents>(declaration: S): S {
  for (const consumer of declaration.consumes) filterSubjectsFor(consumer.events); // one stream each, or it throws
  return declaration;
}

/** The stream, durable name and server-side filter of one declared durable consumer. */
export function declaredConsumer(
  declaration: ServiceEvents,
  name: string,
): { stream: StreamName; durable: string; filterSubjects: string[]; events: readonly EventName[] } {
  const consumer = declaration.consumes.find((c) => c.name === name);
  if (!consumer) throw new Error(`no consumer ${name} is declared`);
  return { durable: consumer.name, ...filterSubjectsFor(consumer.events), events: consumer.events };
}
