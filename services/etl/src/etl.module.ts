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
import { type ClickHouseClient, setRetentionDays } from '@justfit/storage';
import type { Logger } from 'pino';
import type { EtlConfig } from './config';
import { RawIngest } from './ingest/raw-ingest';
import { RAW_INGEST } from './tokens';

/**
 * The ETL runs its own batch consumer rather than per-event `@EventPattern` handlers: a write to ClickHouse spans
 * many bus messages, which are acknowledged together once it is done.
 */
@Module({
  providers: [
    {
      provide: RAW_INGEST,
      inject: [BUS, CLICKHOUSE, CONFIG, LOGGER, METRICS, READINESS],
      useFactory: (
        bus: EventBus,
        clickhouse: ClickHouseClient,
        config: EtlConfig,
        logger: Logger,
        metrics: ServiceMetrics,
        readiness: Readiness,
      ) => new RawIngest({ bus, clickhouse, config, logger, metrics, readiness }),
    },
  ],
})
export class EtlModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(RAW_INGEST) private readonly ingest: RawIngest,
    @Inject(CLICKHOUSE) private readonly clickhouse: ClickHouseClient,
    @Inject(CONFIG) private readonly config: EtlConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await setRetentionDays(this.clickhouse, this.config.METRICS_RETENTION_DAYS);
    await this.ingest.start();
  }

  /** Drains: writes and acknowledges the batch in hand before the bus closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.ingest.stop();
  }
}
