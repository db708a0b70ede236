import { type EventBus, Events, filterSubjectsFor, runConsumer } from '@justfit/events';
import type { ServiceMetrics } from '@justfit/service-kit';
import type { ClickHouseClient } from '@justfit/storage';
import type { Projection } from './projection';

/** A projection's events wait this long for their handler before they are delivered again. */
const PROJECTION_ACK_WAIT_MS = 30_000;
/**
 * Another replica is pinned once the pinned one has not pulled for this long. Longer than the ack wait, so that every
 * event the old one held is due for redelivery by then and comes first: the new writer folds in stream order.
 */
const PINNED_TTL_MS = PROJECTION_ACK_WAIT_MS + 2000;

/**
 * Runs every projection on its own durable consumer, shared by all query-api replicas: the server pins one replica
 * per consumer (a priority group), so each read model has one writer, folding in stream order, and another replica
 * takes over when it dies. Rows are versioned by stream sequence, so events handled again leave the same rows.
 *
 * A projection's cache holds rows as this replica wrote them; when the consumer's delivery sequence skips, another
 * replica has written in between (it was pinned meanwhile), so the cache is dropped before the next event.
 */
export class ProjectionRunner {
  private running: Array<{ stop(): Promise<void> }> = [];

  constructor(
    private readonly bus: EventBus,
    private readonly clickhouse: ClickHouseClient,
    private readonly projections: Projection[],
    private readonly metrics?: ServiceMetrics,
  ) {}

  async start(): Promise<void> {
    for (const projection of this.projections) {
      const types = new Set<string>(projection.canHandle.map((name) => Events[name].type));
      let lastDelivery: number | undefined;
      this.running.push(
        await runConsumer(
          this.bus,
          {
            stream: projection.stream,
            durable: `query-api-${projection.name}`,
            // The server sends only the event types the projection handles (and the subjects from before types).
            filterSubjects: filterSubjectsFor(projection.canHandle).filterSubjects,
            batch: 100,
            ackWaitMs: PROJECTION_ACK_WAIT_MS,
            pinned: { group: 'query-api', ttlMs: PINNED_TTL_MS },
          },
          async (event, ctx) => {
            const delivery = ctx.msg.info.deliverySequence;
            if (lastDelivery !== undefined && delivery !== lastDelivery + 1) projection.forget?.();
            lastDelivery = delivery;
            if (!types.has(event.type)) return;
            await projection.project(event, { streamSeq: ctx.streamSeq, clickhouse: this.clickhouse });
            // Counted where it was projected: /metrics tells which replica writes which read model.
            this.metrics?.eventsHandled.inc({ type: event.type, outcome: 'ok' });
          },
        ),
      );
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.running.map((r) => r.stop()));
    this.running = [];
  }
}
