import { type BeforeApplicationShutdown, Inject, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { type EventBus, type EventStore, JetStreamEventStore } from '@justfit/events';
import { BUS, CLICKHOUSE, CONFIG, LOGGER, METRICS, newTraceId, type ServiceMetrics } from '@justfit/service-kit';
import type { ClickHouseClient } from '@justfit/storage';
import type { Logger } from 'pino';
import { AgentRegistry } from './agents/agent-registry';
import { TaskInstances } from './agents/task-instances';
import { accessProviders } from './auth/access.module-providers';
import { configuredAdminToken } from './auth/api-token-commands';
import type { QueryApiConfig } from './config';
import type { AccessControl } from './graphql/context';
import { LiveFeed } from './live/live-feed';
import { registerFindingGauges } from './metrics/finding-gauges';
import { PipelineSampler } from './pipeline/pipeline-sampler';
import { allProjections } from './projections/all-projections';
import { ProjectionRunner } from './projections/projection-runner';
import { ReportFilesController } from './reports/report-files.controller';
import { ReportObjectReader } from './reports/report-objects';
import { ServiceDirectory } from './system/service-directory';
import {
  ACCESS,
  AGENTS,
  EVENT_STORE,
  LIVE_FEED,
  PIPELINE,
  PROJECTIONS,
  REPORT_OBJECTS,
  SERVICE_DIRECTORY,
  TASK_INSTANCES,
} from './tokens';

@Module({
  controllers: [ReportFilesController],
  providers: [
    { provide: EVENT_STORE, inject: [BUS], useFactory: (bus: EventBus) => new JetStreamEventStore(bus) },
    { provide: REPORT_OBJECTS, inject: [BUS], useFactory: (bus: EventBus) => new ReportObjectReader(bus) },
    {
      provide: LIVE_FEED,
      inject: [BUS, EVENT_STORE],
      useFactory: (bus: EventBus, store: EventStore) => new LiveFeed(bus, store),
    },
    {
      provide: PROJECTIONS,
      inject: [BUS, CLICKHOUSE, METRICS],
      useFactory: (bus: EventBus, clickhouse: ClickHouseClient, metrics: ServiceMetrics) =>
        new ProjectionRunner(bus, clickhouse, allProjections(), metrics),
    },
    {
      provide: PIPELINE,
      inject: [BUS, CLICKHOUSE, METRICS, LOGGER, CONFIG],
      useFactory: (
        bus: EventBus,
        clickhouse: ClickHouseClient,
        metrics: ServiceMetrics,
        logger: Logger,
        config: QueryApiConfig,
      ) => {
        registerFindingGauges(metrics, clickhouse);
        return new PipelineSampler(bus, clickhouse, metrics, logger, config.PIPELINE_SAMPLE_INTERVAL_SEC * 1000);
      },
    },
    {
      provide: SERVICE_DIRECTORY,
      inject: [BUS, LOGGER],
      useFactory: (bus: EventBus, logger: Logger) => new ServiceDirectory(bus, logger),
    },
    {
      provide: AGENTS,
      inject: [BUS, EVENT_STORE, LOGGER, CONFIG],
      useFactory: (bus: EventBus, store: EventStore, logger: Logger, config: QueryApiConfig) =>
        new AgentRegistry(bus, store, logger, { offlineAfterMs: config.AGENT_OFFLINE_AFTER_MS }),
    },
    { provide: TASK_INSTANCES, inject: [BUS], useFactory: (bus: EventBus) => new TaskInstances(bus) },
    ...accessProviders,
  ],
})
export class QueryApiModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(LIVE_FEED) private readonly live: LiveFeed,
    @Inject(PROJECTIONS) private readonly projections: ProjectionRunner,
    @Inject(ACCESS) private readonly access: AccessControl,
    @Inject(CONFIG) private readonly config: QueryApiConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(PIPELINE) private readonly pipeline: PipelineSampler,
    @Inject(SERVICE_DIRECTORY) private readonly directory: ServiceDirectory,
    @Inject(AGENTS) private readonly agents: AgentRegistry,
    @Inject(TASK_INSTANCES) private readonly taskInstances: TaskInstances,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Tokens first: the API answers no request before it knows every token.
    await this.access.tokens.start();
    const adminToken = configuredAdminToken(this.config);
    if (adminToken) {
      const outcome = await this.access.commands.registerBootstrapToken(adminToken, newTraceId());
      if (outcome === 'revoked')
        this.logger.warn('the configured admin token (JUSTFIT_ADMIN_TOKEN[_FILE]) was revoked: configure another');
      else this.logger.info({ outcome }, 'admin token of JUSTFIT_ADMIN_TOKEN[_FILE]');
    }
    this.directory.start();
    await this.live.start();
    await this.agents.start();
    await this.taskInstances.start();
    await this.projections.start();
    this.pipeline.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.directory.stop();
    await this.pipeline.stop();
    await this.projections.stop();
    await this.live.stop();
    await this.agents.stop();
    await this.taskInstances.stop();
    await this.access.tokens.stop();
  }
}
