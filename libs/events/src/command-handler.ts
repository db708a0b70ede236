import { type EventName, Events } from './catalogue';
import type { StreamName } from './define-event';
import type { JustFitEvent } from './envelope';
import { ConcurrencyError, type EventStore } from './jetstream/event-store';
import { isLegacySubject, streamOf } from './jetstream/streams';

/**
 * One aggregate's pure model: the events it is made of (its own union, a subset of its context's), how they fold
 * into its state. The `evolve` of each aggregate switches on the event type with a `never` check, so adding an event
 * to the union does not compile until it is handled.
 */
export interface Aggregate<State, N extends EventName> {
  readonly context: StreamName;
  readonly events: readonly N[];
  readonly initialState: () => State;
  readonly evolve: (state: State, event: JustFitEvent<N>) => State;
}

export function defineAggregate<State, const N extends EventName>(aggregate: Aggregate<State, N>): Aggregate<State, N> {
  for (const name of aggregate.events) {
    if (Events[name].stream !== aggregate.context) {
      throw new Error(`${name} is stored in ${Events[name].stream}, not in the aggregate's ${aggregate.context}`);
    }
  }
  return aggregate;
}

/** The exhaustiveness check at the end of an `evolve` switch. */
export function assertNever(event: never): never {
  throw new Error(`event ${(event as { type?: string }).type ?? String(event)} is not handled`);
}

export interface HandleOptions<State> {
  /**
   * The state and revision the caller already holds (it wrote them last): the first decision is made on them without
   * a read, and a conflict reads the aggregate afresh.
   */
  known?: { state: State; revision: number };
  /** Decisions made before giving up on a conflict (another writer appended in between); default 3. */
  attempts?: number;
}

export interface HandleResult<State, N extends EventName> {
  newState: State;
  newEvents: JustFitEvent<N>[];
  /** The aggregate's revision after the append (or as read, when nothing was decided). */
  revision: number;
}

export type Decide<State, N extends EventName> = (state: State) => JustFitEvent<N>[];

/**
 * The one write path of every aggregate (emmett's CommandHandler): read its events, fold them into its state, decide,
 * and append what was decided expecting the revision read; when another writer appended in between, read and decide
 * again, up to `attempts` times, then throw the ConcurrencyError. Several decided events are appended atomically.
 * `decide` refuses a command by throwing; it returns [] when there is nothing to do.
 */
export function commandHandler<State, N extends EventName>(aggregate: Aggregate<State, N>) {
  const names = new Set<string>(aggregate.events.map((n) => Events[n].type));
  // A generic JustFitEvent<N> does not narrow from JustFitEvent: the type check below is what makes the cast true.
  const isOwn = (event: JustFitEvent) => names.has(event.type);

  const load = async (store: EventStore, aggregateId: string) => {
    const { events, revision } = await store.read(aggregateId, aggregate.context);
    let state = aggregate.initialState();
    for (const { event, streamSeq, subject } of events) {
      // The old layout kept events on the aggregate's subject that have since moved to another stream (a task's
      // "data loaded" now in LOADS): they are not the aggregate's.
      if (!isOwn(event) && isLegacySubject(subject) && streamOf(event.type) !== aggregate.context) continue;
      if (!isOwn(event)) {
        throw new Error(
          `aggregate ${aggregateId} holds ${event.type} (seq ${streamSeq}), which is not one of its events`,
        );
      }
      state = aggregate.evolve(state, event as JustFitEvent<N>);
    }
    return { state, revision };
  };

  return {
    /** The aggregate's current state and revision. */
    load,

    async handle(
      store: EventStore,
      aggregateId: string,
      decide: Decide<State, N>,
      opts: HandleOptions<State> = {},
    ): Promise<HandleResult<State, N>> {
      const attempts = opts.attempts ?? 3;
      let current = opts.known ?? (await load(store, aggregateId));
      for (let attempt = 1; ; attempt++) {
        const newEvents = decide(current.state);
        if (newEvents.length === 0) return { newState: current.state, newEvents, revision: current.revision };
        try {
          const { revision } = await store.append(aggregateId, newEvents as JustFitEvent[], {
            expectedRevision: current.revision,
          });
          return { newState: newEvents.reduce(aggregate.evolve, current.state), newEvents, revision };
        } catch (e) {
          if (!(e instanceof ConcurrencyError) || attempt >= attempts) throw e;
          current = await load(store, aggregateId);
        }
      }
    },
  };
}

export type AggregateCommandHandler<State, N extends EventName> = ReturnType<typeof commandHandler<State, N>>;
