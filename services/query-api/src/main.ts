import type { EventStore } from '@justfit/events';
import { runService } from '@justfit/service-kit';
import type { AuditTrail } from './auth/audit-trail';
import type { Authenticator } from './auth/authenticator';
import { QueryApiConfigSchema } from './config';
import type { AccessControl } from './graphql/context';
import { graphQLOptions, publicUrlOf } from './graphql/options';
import { createGraphQL } from './graphql/server';
import type { LiveFeed } from './live/live-feed';
import { QueryApiModule } from './query-api.module';
import { ACCESS, AUDIT, AUTHENTICATOR, EVENT_STORE, LIVE_FEED } from './tokens';

await runService({
  name: 'query-api',
  configSchema: QueryApiConfigSchema,
  module: QueryApiModule,
  usesClickHouse: true,
  // graphql-yoga reads request bodies itself (JSON and multipart uploads).
  bodyParser: false,
  configureHttp: (app, { config, clickhouse, bus, logger, readiness }) => {
    const { yoga, attachWebSocket } = createGraphQL(
      {
        clickhouse: clickhouse!,
        bus,
        store: app.get<EventStore>(EVENT_STORE),
        live: app.get<LiveFeed>(LIVE_FEED),
        access: app.get<AccessControl>(ACCESS),
        audit: app.get<AuditTrail>(AUDIT),
        publicUrl: publicUrlOf(config),
      },
      graphQLOptions(config, app.get<Authenticator>(AUTHENTICATOR)),
      logger,
    );
    app.use('/graphql', yoga);
    const ws = attachWebSocket(app.getHttpServer());
    readiness.register('graphql', () => undefined);
    app.getHttpServer().on('close', () => void ws.close());
  },
});
