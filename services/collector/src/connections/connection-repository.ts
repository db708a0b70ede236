import { commandHandler, type EventDataOf, type EventStore, Events, newEvent } from '@justfit/events';
import { traceIdOrNew } from '@justfit/service-kit';
import {
  connectionAggregate,
  type ConnectionEvent,
  type ConnectionEventName,
  type ConnectionState,
  evolveConnection,
  initialConnectionState,
} from './connection';

export const COLLECTOR_SOURCE = '/justfit/collector';

const connections = commandHandler(connectionAggregate);
const connectionTypes = new Set<string>(connectionAggregate.events.map((name) => Events[name].type));

/** Loads connection aggregates and changes them through the one command handler. */
export class ConnectionRepository {
  constructor(private readonly store: EventStore) {}

  async load(connectionId: string): Promise<{ state: ConnectionState }> {
    return connections.load(this.store, connectionId);
  }

  /**
   * Decides on the connection's current state and appends what was decided, expecting the revision read (a
   * concurrent change makes it decide again). `decide` refuses by throwing and returns undefined for nothing to do.
   */
  async change<N extends ConnectionEventName>(
    connectionId: string,
    name: N,
    decide: (state: ConnectionState) => EventDataOf<N> | undefined,
  ): Promise<ConnectionState> {
    const { newState } = await connections.handle(this.store, connectionId, (state) => {
      const data = decide(state);
      if (data === undefined) return [];
      const options = { subject: connectionId, source: COLLECTOR_SOURCE, traceId: traceIdOrNew() };
      return [newEvent(name, data, options) as ConnectionEvent];
    });
    return newState;
  }

  /** Live connections by name, from a replay of the connections stream (small: one entry per connection). */
  async namesInUse(): Promise<Map<string, string>> {
    const states = new Map<string, ConnectionState>();
    await this.store.replay('CONNECTIONS', (stored) => {
      if (!connectionTypes.has(stored.event.type)) return;
      const id = stored.event.subject;
      states.set(id, evolveConnection(states.get(id) ?? initialConnectionState, stored.event as ConnectionEvent));
    });
    const names = new Map<string, string>();
    for (const [id, state] of states) if (state.kind === 'active') names.set(state.settings.name, id);
    return names;
  }
}
