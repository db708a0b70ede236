import { type EventStore, type JustFitEvent, newEvent, type EventDataOf } from '@justfit/events';
import { traceIdOrNew } from '@justfit/service-kit';
import { type ConnectionState, evolveConnection, initialConnectionState } from './connection';

export const COLLECTOR_SOURCE = '/justfit/collector';

/** Loads connection aggregates from the event store and appends their new events under optimistic concurrency. */
export class ConnectionRepository {
  constructor(private readonly store: EventStore) {}

  async load(connectionId: string): Promise<{ state: ConnectionState; revision: bigint | number | 'no_stream' }> {
    const { events, revision } = await this.store.read(connectionId, 'CONNECTIONS');
    const state = events.reduce((s, e) => evolveConnection(s, e.event), initialConnectionState);
    return { state, revision: events.length === 0 ? 'no_stream' : revision };
  }

  async append<
    N extends
      | 'ConnectionRegistered'
      | 'ConnectionUpdated'
      | 'ConnectionDeleted'
      | 'ConnectionTested'
      | 'ConnectionStatusChanged',
  >(
    connectionId: string,
    name: N,
    data: EventDataOf<N>,
    expectedRevision: bigint | number | 'no_stream' | 'any',
  ): Promise<void> {
    const event = newEvent(name, data, { subject: connectionId, source: COLLECTOR_SOURCE, traceId: traceIdOrNew() });
    await this.store.append(connectionId, [event as JustFitEvent], { expectedRevision });
  }

  /** Live connections by name, from a replay of the connections stream (small: one entry per connection). */
  async namesInUse(): Promise<Map<string, string>> {
    const states = new Map<string, ConnectionState>();
    await this.store.replay('CONNECTIONS', (stored) => {
      const id = stored.event.subject;
      states.set(id, evolveConnection(states.get(id) ?? initialConnectionState, stored.event));
    });
    const names = new Map<string, string>();
    for (const [id, state] of states) if (state.kind === 'active') names.set(state.settings.name, id);
    return names;
  }
}
