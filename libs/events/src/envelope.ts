import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { definitionForType, type EventDataOf, type EventName, Events } from './catalogue';

/**
 * CloudEvents 1.0 structured envelope, plus the `traceid` extension that follows a user request through every
 * event it causes.
 */
export const EnvelopeSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1),
  source: z.string().min(1),
  type: z.string().regex(/^io\.justfit\.[A-Za-z]+\.v\d+$/),
  subject: z.string().min(1),
  time: z.iso.datetime({ offset: true }),
  datacontenttype: z.literal('application/json'),
  traceid: z.string().min(1),
  data: z.unknown(),
});
export type Envelope = z.infer<typeof EnvelopeSchema>;

/** A validated event of one catalogue type (Emmett's `Event<Type, Data>` on CloudEvents names). */
export type JustFitEvent<N extends EventName = EventName> = {
  [K in N]: Omit<Envelope, 'type' | 'data'> & { type: (typeof Events)[K]['type']; data: EventDataOf<K> };
}[N];

export interface NewEventOptions {
  /** The aggregate or entity the event is about; also the last token of its NATS subject. */
  subject: string;
  source: string;
  traceId: string;
  id?: string;
  time?: Date;
}

export function newEvent<N extends EventName>(name: N, data: EventDataOf<N>, opts: NewEventOptions): JustFitEvent<N> {
  const def = Events[name];
  const parsed = def.schema.safeParse(data);
  if (!parsed.success) throw new InvalidEventError(`bad ${def.name} data: ${z.prettifyError(parsed.error)}`);
  return {
    specversion: '1.0',
    id: opts.id ?? randomUUID(),
    source: opts.source,
    type: def.type,
    subject: opts.subject,
    time: (opts.time ?? new Date()).toISOString(),
    datacontenttype: 'application/json',
    traceid: opts.traceId,
    data: parsed.data,
  } as JustFitEvent<N>;
}

export class InvalidEventError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'InvalidEventError';
  }
}

const utf8 = new TextDecoder();

/** Parses bytes from the bus into a catalogue event; throws InvalidEventError with a reason a person can read. */
export function decodeEvent(bytes: Uint8Array | string): JustFitEvent {
  let raw: unknown;
  try {
    raw = JSON.parse(typeof bytes === 'string' ? bytes : utf8.decode(bytes));
  } catch (e) {
    throw new InvalidEventError(`payload is not JSON: ${(e as Error).message}`);
  }
  return parseEvent(raw);
}

/** Validates an already parsed value as a catalogue event; throws InvalidEventError with the reason. */
export function parseEvent(raw: unknown): JustFitEvent {
  const envelope = EnvelopeSchema.safeParse(raw);
  if (!envelope.success) throw new InvalidEventError(`bad envelope: ${z.prettifyError(envelope.error)}`);
  const def = definitionForType(envelope.data.type);
  if (!def) throw new InvalidEventError(`unknown event type ${envelope.data.type}`);
  if (def.checkInPlace?.(envelope.data.data)) return envelope.data as JustFitEvent;
  const data = def.schema.safeParse(envelope.data.data);
  if (!data.success) throw new InvalidEventError(`bad ${def.name} data: ${z.prettifyError(data.error)}`);
  return { ...envelope.data, data: data.data } as JustFitEvent;
}

/** Narrows an event to one catalogue type: `if (isEvent(e, 'FindingRaised')) e.data.findingId`. */
export function isEvent<N extends EventName>(event: { type: string }, name: N): event is JustFitEvent<N> {
  return event.type === Events[name].type;
}
