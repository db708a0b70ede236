import type { EventStore } from '@justfit/events';
import { runService } from '@justfit/service-kit';
import { QueryApiConfigSchema } from './config';
import { createGraphQL } from './graphql/server';
import type { LiveFeed } from './live/live-feed';
import { QueryApiModule } from './query-api.module';
import { EVENT_STORE, LIVE_FEED } from './tokens';

await runService({
  name: 'query-api',
  configSchema: QueryApiConfigSchema,
  module: QueryApiModule,
  usesClickHouse: true,
  // graphql-yoga reads request bodies itself (JSON and multipart uploads).
  bodyParser: false,
  configureHttp: (app, deps) => {
    const live = app.get<LiveFeed>(LIVE_FEED);
    const store = app.get<EventStore>(EVENT_STORE);
    const { yoga, attachWebSocket } = createGraphQL(
      { clickhouse: deps.clickhouse!, bus: deps.bus, store, live },
      deps.logger,
    );
    app.use('/graphql', yoga);
    const ws = attachWebSocket(app.getHttpServer());
    deps.readiness.register('graphql', () => undefined);
    app.getHttpServer().on('close', () => void ws.close());
  },
});
