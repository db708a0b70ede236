import { Module } from '@nestjs/common';
import type { EventBus } from '@justfit/events';
import { BUS, CLICKHOUSE, METRICS, type ServiceMetrics } from '@justfit/service-kit';
import type { ClickHouseClient } from '@justfit/storage';
import { Counter } from 'prom-client';
import { KnownEntities } from './handlers/known-entities';
import { RawEventsController } from './handlers/raw-events.controller';
import { RejectedRecords } from './handlers/rejected-records';
import { KNOWN_ENTITIES, REJECTIONS } from './tokens';

@Module({
  controllers: [RawEventsController],
  providers: [
    { provide: KNOWN_ENTITIES, inject: [CLICKHOUSE], useFactory: (ch: ClickHouseClient) => new KnownEntities(ch) },
    {
      provide: REJECTIONS,
      inject: [BUS, METRICS],
      useFactory: (bus: EventBus, metrics: ServiceMetrics) =>
        new RejectedRecords(bus, new Counter({
          name: 'justfit_etl_rejected_records_total',
          help: 'Raw records the ETL refused, by reason.',
          labelNames: ['reason'] as const,
          registers: [metrics.registry],
        })),
    },
  ],
})
export class EtlModule {}
