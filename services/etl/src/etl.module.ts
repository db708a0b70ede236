import { type BeforeApplicationShutdown, Inject, Module, type OnApplicationBootstrap } from '@nestjs/common';
import type { EventBus } from '@justfit/events';
import {
  BUS,
  CLICKHOUSE,
  CONFIG,
  LOGGER,
  METRICS,
  READINESS,
  type Readiness,
  type ServiceMetrics,
} from '@justfit/service-kit';
import type { ClickHouseClient } from '@justfit/storage';
import type { Logger } from 'pino';
import type { EtlConfig } from './config';
import { RawIngest } from './ingest/raw-ingest';
import { SettingsRetention } from './retention/settings-retention';
import { RAW_INGEST, SETTINGS_RETENTION } from './tokens';

/**
 * The ETL runs its own batch consumer rather than per-event `@EventPattern` handlers: a write to ClickHouse spans
 * many bus messages, which are acknowledged together once it is done.
 */
@Module({
  providers: [
    {
      provide: RAW_INGEST,
      inject: [BUS, CLICKHOUSE, CONFIG, LOGGER, METRICS, READINESS, SETTINGS_RETENTION],
      useFactory: (
        bus: EventBus,
        clickhouse: ClickHouseClient,
        config: EtlConfig,
        logger: Logger,
        metrics: ServiceMetrics,
        readiness: Readiness,
        retention: SettingsRetention,
      ) =>
        new RawIngest({ bus, clickhouse, config, logger, metrics, readiness, retentionDays: () => retention.days() }),
    },
    {
      provide: SETTINGS_RETENTION,
      inject: [BUS, CLICKHOUSE, LOGGER, CONFIG],
      useFactory: (bus: EventBus, clickhouse: ClickHouseClient, logger: Logger, config: EtlConfig) =>
        new SettingsRetention(bus, clickhouse, logger, config.METRICS_RETENTION_DAYS),
    },
  ],
})
export class EtlModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(RAW_INGEST) private readonly ingest: RawIngest,
    @Inject(SETTINGS_RETENTION) private readonly retention: SettingsRetention,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.retention.start();
    await this.ingest.start();
  }

  /** Drains: writes and acknowledges the batch in hand before the bus closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.ingest.stop();
    await this.retention.stop();
  }
}
