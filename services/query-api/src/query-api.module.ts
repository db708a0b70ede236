import { type BeforeApplicationShutdown, Inject, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { type EventBus, type EventStore, JetStreamEventStore } from '@justfit/events';
import { BUS, CLICKHOUSE } from '@justfit/service-kit';
import type { ClickHouseClient } from '@justfit/storage';
import { LiveFeed } from './live/live-feed';
import { ProjectionRunner } from './projections/projection-runner';
import { alertsProjection } from './read-models/alerts';
import { connectionsProjection } from './read-models/connections';
import { findingsProjection } from './read-models/findings';
import { reportsProjection } from './read-models/reports';
import { taskLogsProjection } from './read-models/task-logs';
import { tasksProjection } from './read-models/tasks';
import { ReportFilesController } from './reports/report-files.controller';
import { EVENT_STORE, LIVE_FEED, PROJECTIONS } from './tokens';

@Module({
  controllers: [ReportFilesController],
  providers: [
    { provide: EVENT_STORE, inject: [BUS], useFactory: (bus: EventBus) => new JetStreamEventStore(bus) },
    {
      provide: LIVE_FEED,
      inject: [BUS, EVENT_STORE],
      useFactory: (bus: EventBus, store: EventStore) => new LiveFeed(bus, store),
    },
    {
      provide: PROJECTIONS,
      inject: [BUS, CLICKHOUSE],
      useFactory: (bus: EventBus, clickhouse: ClickHouseClient) =>
        new ProjectionRunner(bus, clickhouse, [
          connectionsProjection,
          tasksProjection(),
          taskLogsProjection,
          findingsProjection,
          alertsProjection,
          reportsProjection,
        ]),
    },
  ],
})
export class QueryApiModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(LIVE_FEED) private readonly live: LiveFeed,
    @Inject(PROJECTIONS) private readonly projections: ProjectionRunner,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.live.start();
    await this.projections.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.projections.stop();
    await this.live.stop();
  }
}
