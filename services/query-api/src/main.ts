import type { EventStore } from '@justfit/events';
import { recentLogs, runService } from '@justfit/service-kit';
import type { AgentRegistry } from './agents/agent-registry';
import type { TaskInstances } from './agents/task-instances';
import type { AuditTrail } from './auth/audit-trail';
import type { Authenticator } from './auth/authenticator';
import { QueryApiConfigSchema } from './config';
import type { AccessControl } from './graphql/context';
import { graphQLOptions, importLimitsOf, publicUrlOf } from './graphql/options';
import { createGraphQL } from './graphql/server';
import type { LiveFeed } from './live/live-feed';
import { Operations } from './ops/operations';
import { QueryApiModule } from './query-api.module';
import { SettingsService } from './settings/settings-service';
import type { ServiceDirectory } from './system/service-directory';
import { SystemView } from './system/system-view';
import {
  ACCESS,
  AGENTS,
  AUDIT,
  AUTHENTICATOR,
  EVENT_STORE,
  LIVE_FEED,
  SERVICE_DIRECTORY,
  TASK_INSTANCES,
} from './tokens';

/** Set once the WebSocket server is attached; a shutdown closes every socket first, so the HTTP server can close. */
let closeWebSocket: () => Promise<void> = async () => undefined;

await runService({
  name: 'query-api',
  configSchema: QueryApiConfigSchema,
  module: QueryApiModule,
  usesClickHouse: true,
  // graphql-yoga reads request bodies itself (JSON and multipart uploads).
  bodyParser: false,
  configureHttp: (app, { config, clickhouse, bus, logger, readiness, metrics }) => {
    const { yoga, attachWebSocket } = createGraphQL(
      {
        clickhouse: clickhouse!,
        bus,
        store: app.get<EventStore>(EVENT_STORE),
        live: app.get<LiveFeed>(LIVE_FEED),
        access: app.get<AccessControl>(ACCESS),
        audit: app.get<AuditTrail>(AUDIT),
        publicUrl: publicUrlOf(config),
        imports: importLimitsOf(config),
        settings: new SettingsService(app.get<EventStore>(EVENT_STORE)),
        agents: app.get<AgentRegistry>(AGENTS),
        taskInstances: app.get<TaskInstances>(TASK_INSTANCES),
        ops: new Operations({ readiness, logs: recentLogs(logger), bus, clickhouse: clickhouse! }, config),
        system: new SystemView(
          app.get<ServiceDirectory>(SERVICE_DIRECTORY),
          bus,
          clickhouse!,
          config.JUSTFIT_VERSION,
          app.get<AgentRegistry>(AGENTS),
        ),
      },
      { ...graphQLOptions(config, app.get<Authenticator>(AUTHENTICATOR)), metrics },
      logger,
    );
    app.use('/graphql', yoga);
    closeWebSocket = attachWebSocket(app.getHttpServer()).close;
    readiness.register('graphql', () => undefined);
  },
  beforeDrain: () => closeWebSocket(),
});
