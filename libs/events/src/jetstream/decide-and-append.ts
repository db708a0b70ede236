import type { StreamName } from '../define-event';
import type { JustFitEvent } from '../envelope';
import { ConcurrencyError, type EventStore } from './event-store';

/**
 * The command-handling loop every aggregate shares: read its events, decide, append what was decided under
 * optimistic concurrency, and decide again on fresh state when another writer got there first. Throws the last
 * ConcurrencyError after `attempts` tries.
 */
export async function decideAndAppend<R>(
  store: EventStore,
  aggregateId: string,
  context: StreamName,
  decide: (history: JustFitEvent[]) => { events: JustFitEvent[]; result: R },
  attempts = 3,
): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    const { events, revision } = await store.read(aggregateId, context);
    const { events: decided, result } = decide(events.map((e) => e.event));
    if (decided.length === 0) return result;
    try {
      await store.append(aggregateId, decided, { expectedRevision: revision === 0 ? 'no_stream' : revision });
      return result;
    } catch (e) {
      if (!(e instanceof ConcurrencyError) || attempt >= attempts) throw e;
    }
  }
}
