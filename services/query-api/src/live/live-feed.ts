import {
  type EventBus,
  type EventName,
  type EventStore,
  Events,
  filterSubjectsFor,
  isEvent,
  QUERY_API_EVENTS,
  decodeMessage,
  importProgressedSubjects,
  runEphemeralConsumer,
} from '@justfit/events';
import { createPubSub, filter, pipe, Repeater } from 'graphql-yoga';
import { alertFromRaised, type AlertRow } from '../read-models/alerts';
import {
  isFinal,
  type TaskEvent,
  taskTypeOf,
  toAnalysisTaskEvent,
  toReportTaskEvent,
  toTaskEvent,
  NOT_STORED,
} from './task-events';

type Topics = { taskEvents: [TaskEvent]; alertCreated: [AlertRow] };

function declaredEvents(consumer: string): readonly EventName[] {
  const declared = QUERY_API_EVENTS.consumes.find((c) => c.name === consumer);
  if (!declared) throw new Error(`query-api declares no consumer ${consumer}`);
  return declared.events;
}

/** Where each type of task keeps its story, and how its events read as task events. */
const HISTORY = {
  collect: { stream: 'TASKS', toTaskEvent, restartsAt: 'CollectTaskRequested' },
  import: { stream: 'LOADS', toTaskEvent, restartsAt: undefined },
  analyze: { stream: 'FINDINGS', toTaskEvent: toAnalysisTaskEvent, restartsAt: undefined },
  report: { stream: 'REPORTS', toTaskEvent: toReportTaskEvent, restartsAt: undefined },
} as const;

/**
 * Pushes task (collections, imports, analyses and reports) and alert events to GraphQL subscribers. Each API instance follows the streams itself (an ordered,
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
      await runEphemeralConsumer(this.bus, live('taskProgress subscriptions (analyses)'), async (event, ctx) => {
        const taskEvent = toAnalysisTaskEvent(event, ctx.streamSeq);
        if (taskEvent) this.pubSub.publish('taskEvents', taskEvent);
      }),
      this.followImports(),
      await runEphemeralConsumer(this.bus, live('alertCreated subscriptions'), async (event) => {
        if (isEvent(event, 'AlertRaised')) this.pubSub.publish('alertCreated', alertFromRaised(event.data));
      }),
    );
  }

  /** Imports tell their progress on core NATS while a replica publishes them; their end comes from the ETL. */
  private followImports(): { stop(): Promise<void> } {
    const subscription = this.bus.nc.subscribe(importProgressedSubjects, {
      callback: (err, msg) => {
        if (err) return;
        try {
          const d = decodeMessage('ImportProgressed', msg.string());
          this.pubSub.publish('taskEvents', {
            taskId: d.importId,
            taskType: 'import',
            kind: d.kind,
            progress: d.progress,
            message: d.message,
            at: d.at,
            seq: NOT_STORED,
          });
        } catch {
          // Not an import's progress: nothing to tell.
        }
      },
    });
    return { stop: async () => subscription.unsubscribe() };
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
    const type = taskTypeOf(taskId);
    return new Repeater<TaskEvent>(async (push, stop) => {
      const iterator = mine[Symbol.asyncIterator]();
      stop.then(() => iterator.return?.());
      const firstLive = iterator.next(); // subscribes now, before history is read, so nothing falls in between
      let lastSeq = 0;
      if (!type) return stop(); // no task has such an id
      const history = HISTORY[type];
      const { events } = await store.read(taskId, history.stream);
      // A retried task starts its story again: replay from its latest request on.
      const latestRequest = history.restartsAt
        ? events.findLastIndex((stored) => stored.event.type === Events[history.restartsAt].type)
        : 0;
      const story = events.slice(Math.max(0, latestRequest));
      for (const stored of story) {
        const e = history.toTaskEvent(stored.event, stored.streamSeq);
        if (!e) continue;
        lastSeq = e.seq;
        await push(e);
        if (isFinal(e)) return stop();
      }
      if (type === 'collect') {
        // Data loaded is in LOADS, where sequences are not comparable with TASKS': it ends the story once.
        const loaded = (await store.read(taskId, 'LOADS')).events.find((s) =>
          isEvent(s.event, 'CollectTaskDataLoaded'),
        );
        const loadedEvent = loaded && toTaskEvent(loaded.event, loaded.streamSeq);
        if (loadedEvent && story.some((s) => isEvent(s.event, 'CollectTaskSucceeded'))) {
          await push(loadedEvent);
          return stop();
        }
      }
      for (let next = await firstLive; !next.done; next = await iterator.next()) {
        if (next.value.kind !== 'loaded' && next.value.seq !== NOT_STORED && next.value.seq <= lastSeq) continue;
        await push(next.value);
        if (isFinal(next.value)) break;
      }
      stop();
    });
  }
}
