import { Module } from '@nestjs/common';
import { type EventBus, JetStreamEventStore } from '@justfit/events';
import { BUS } from '@justfit/service-kit';
import { AlertsController } from './alerts/alerts.controller';
import { AnalysisController } from './runs/analysis.controller';
import { AnalysisRunner } from './runs/analysis-runner';
import { EVENT_STORE } from './tokens';

@Module({
  controllers: [AnalysisController, AlertsController],
  providers: [
    { provide: EVENT_STORE, inject: [BUS], useFactory: (bus: EventBus) => new JetStreamEventStore(bus) },
    AnalysisRunner,
  ],
})
export class AnalyzerModule {}
