import {
  type EventBus,
  type EventName,
  type EventStore,
  filterSubjectsFor,
  isEvent,
  QUERY_API_EVENTS,
  runEphemeralConsumer,
} from '@justfit/events';
import { createPubSub, filter, pipe, Repeater } from 'graphql-yoga';
import { alertFromRaised, type AlertRow } from '../read-models/alerts';
import { isFinal, isReportId, type TaskEvent, toReportTaskEvent, toTaskEvent } from './task-events';

type Topics = { taskEvents: [TaskEvent]; alertCreated: [AlertRow] };

function declaredEvents(consumer: string): readonly EventName[] {
  const declared = QUERY_API_EVENTS.consumes.find((c) => c.name === consumer);
  if (!declared) throw new Error(`query-api declares no consumer ${consumer}`);
  return declared.events;
}

/**
 * Pushes task (collect tasks and reports) and alert events to GraphQL subscribers. Each API instance follows the streams itself (an ordered,
 * ephemeral consumer), so subscriptions work across replicas without a shared in-memory pub/sub.
 */
export class LiveFeed {
  readonly pubSub = createPubSub<Topics>();
  private consumers: Array<{ stop(): Promise<void> }> = [];

  constructor(
    private readonly bus: EventBus,
    private readonly store: EventStore,
  ) {}

  async start(): Promise<void> {
    const live = (name: string) => ({ ...filterSubjectsFor(declaredEvents(name)), deliverNew: true });
    const publishTaskEvent = async (event: Parameters<typeof toTaskEvent>[0], ctx: { streamSeq: number }) => {
      const taskEvent = toTaskEvent(event, ctx.streamSeq);
      if (taskEvent) this.pubSub.publish('taskEvents', taskEvent);
    };
    this.consumers.push(
      await runEphemeralConsumer(this.bus, live('taskProgress subscriptions'), publishTaskEvent),
      await runEphemeralConsumer(this.bus, live('taskProgress subscriptions (data loaded)'), publishTaskEvent),
      await runEphemeralConsumer(this.bus, live('taskProgress subscriptions (reports)'), async (event, ctx) => {
        const taskEvent = toReportTaskEvent(event, ctx.streamSeq);
        if (taskEvent) this.pubSub.publish('taskEvents', taskEvent);
      }),
      await runEphemeralConsumer(this.bus, live('alertCreated subscriptions'), async (event) => {
        if (isEvent(event, 'AlertRaised')) this.pubSub.publish('alertCreated', alertFromRaised(event.data));
      }),
    );
  }

  async stop(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop()));
    this.consumers = [];
  }

  /**
   * One task's events: what already happened (read from the event store), then live ones, without gaps or
   * repeats, ending after the final event. Without a task id: every task's live events.
   */
  taskEvents(taskId?: string): AsyncIterable<TaskEvent> {
    const live = this.pubSub.subscribe('taskEvents');
    if (!taskId) return live;
    const mine = pipe(
      live,
      filter((e: TaskEvent) => e.taskId === taskId),
    );
    const store = this.store;
    return new Repeater<TaskEvent>(async (push, stop) => {
      const iterator = mine[Symbol.asyncIterator]();
      stop.then(() => iterator.return?.());
      const firstLive = iterator.next(); // subscribes now, before history is read, so nothing falls in between
      let lastSeq = 0;
      const report = isReportId(taskId);
      const { events } = await store.read(taskId, report ? 'REPORTS' : 'TASKS');
      // A retried task starts its story again: replay from its latest request on.
      const latestRequest = events.findLastIndex((stored) => isEvent(stored.event, 'CollectTaskRequested'));
      for (const stored of events.slice(Math.max(0, latestRequest))) {
        const e = report
          ? toReportTaskEvent(stored.event, stored.streamSeq)
          : toTaskEvent(stored.event, stored.streamSeq);
        if (!e) continue;
        lastSeq = e.seq;
        await push(e);
        if (isFinal(e)) return stop();
      }
      // Data loaded is in LOADS, where sequences are not comparable with TASKS': it ends the story once.
      const loaded = (await store.read(taskId, 'LOADS')).events.find((s) => isEvent(s.event, 'CollectTaskDataLoaded'));
      const loadedEvent = loaded && toTaskEvent(loaded.event, loaded.streamSeq);
      if (
        loadedEvent &&
        events.slice(Math.max(0, latestRequest)).some((s) => isEvent(s.event, 'CollectTaskSucceeded'))
      ) {
        await push(loadedEvent);
        return stop();
      }
      for (let next = await firstLive; !next.done; next = await iterator.next()) {
        if (next.value.kind !== 'loaded' && next.value.seq <= lastSeq) continue;
        await push(next.value);
        if (isFinal(next.value)) break;
      }
      stop();
    });
  }
}
