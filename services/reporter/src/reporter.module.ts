import { Inject, Module, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { declaredConsumer, type EventBus, JetStreamEventStore, REPORTER_EVENTS, SettingsView } from '@justfit/events';
import { BUS, CLICKHOUSE, CONFIG } from '@justfit/service-kit';
import type { ClickHouseClient } from '@justfit/storage';
import type { ReporterConfig } from './config';
import { findChromium } from './render/pdf-printer';
import { ReportGenerator, reportDefaultsFrom } from './reports/report-generator';
import { ReportObjects } from './reports/report-objects';
import { ReportsController } from './reports/reports.controller';
import { REPORT_GENERATOR, REPORT_STORE, SETTINGS } from './tokens';

@Module({
  controllers: [ReportsController],
  providers: [
    { provide: REPORT_STORE, inject: [BUS], useFactory: (bus: EventBus) => new JetStreamEventStore(bus) },
    {
      provide: SETTINGS,
      inject: [BUS],
      useFactory: (bus: EventBus) => new SettingsView(bus, declaredConsumer(REPORTER_EVENTS, 'settings')),
    },
    {
      provide: REPORT_GENERATOR,
      inject: [BUS, CLICKHOUSE, CONFIG, SETTINGS],
      useFactory: (bus: EventBus, clickhouse: ClickHouseClient, config: ReporterConfig, settings: SettingsView) =>
        new ReportGenerator(
          clickhouse,
          new ReportObjects(bus, config.NATS_STREAM_REPLICAS),
          { path: findChromium(config.CHROMIUM_PATH), sandbox: config.CHROMIUM_SANDBOX },
          () => reportDefaultsFrom(settings),
        ),
    },
  ],
})
export class ReporterModule implements OnModuleInit, OnModuleDestroy {
  constructor(@Inject(SETTINGS) private readonly settings: SettingsView) {}

  async onModuleInit(): Promise<void> {
    await this.settings.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.settings.stop();
  }
}
