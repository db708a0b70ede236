import { type EventBus, Events, filterSubjectsFor, runConsumer } from '@justfit/events';
import type { ClickHouseClient } from '@justfit/storage';
import type { Projection } from './projection';

export class ProjectionRunner {
  private running: Array<{ stop(): Promise<void> }> = [];

  constructor(
    private readonly bus: EventBus,
    private readonly clickhouse: ClickHouseClient,
    private readonly projections: Projection[],
  ) {}

  async start(): Promise<void> {
    for (const projection of this.projections) {
      const types = new Set<string>(projection.canHandle.map((name) => Events[name].type));
      this.running.push(
        await runConsumer(
          this.bus,
          {
            stream: projection.stream,
            durable: `query-api-${projection.name}`,
            // The server sends only the event types the projection handles (and the subjects from before types).
            filterSubjects: filterSubjectsFor(projection.canHandle).filterSubjects,
            batch: 100,
          },
          async (event, ctx) => {
            if (types.has(event.type))
              await projection.project(event, { streamSeq: ctx.streamSeq, clickhouse: this.clickhouse });
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
