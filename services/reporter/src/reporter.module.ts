import { Module } from '@nestjs/common';
import { type EventBus, JetStreamEventStore } from '@justfit/events';
import { BUS, CLICKHOUSE, CONFIG } from '@justfit/service-kit';
import type { ClickHouseClient } from '@justfit/storage';
import type { ReporterConfig } from './config';
import { findChromium } from './render/pdf-printer';
import { ReportGenerator } from './reports/report-generator';
import { ReportObjects } from './reports/report-objects';
import { ReportsController } from './reports/reports.controller';
import { REPORT_GENERATOR, REPORT_STORE } from './tokens';

@Module({
  controllers: [ReportsController],
  providers: [
    { provide: REPORT_STORE, inject: [BUS], useFactory: (bus: EventBus) => new JetStreamEventStore(bus) },
    {
      provide: REPORT_GENERATOR,
      inject: [BUS, CLICKHOUSE, CONFIG],
      useFactory: (bus: EventBus, clickhouse: ClickHouseClient, config: ReporterConfig) =>
        new ReportGenerator(clickhouse, new ReportObjects(bus, config.NATS_STREAM_REPLICAS), {
          path: findChromium(config.CHROMIUM_PATH),
          sandbox: config.CHROMIUM_SANDBOX,
        }),
    },
  ],
})
export class ReporterModule {}
