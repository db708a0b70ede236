import { Module } from '@nestjs/common';
import { type EventBus, JetStreamEventStore } from '@justfit/events';
import { BUS } from '@justfit/service-kit';
import { ReportsController } from './reports/reports.controller';
import { EVENT_STORE } from './tokens';

@Module({
  controllers: [ReportsController],
  providers: [{ provide: EVENT_STORE, inject: [BUS], useFactory: (bus: EventBus) => new JetStreamEventStore(bus) }],
})
export class ReporterModule {}
