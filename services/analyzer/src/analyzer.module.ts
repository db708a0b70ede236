import { Module } from '@nestjs/common';
import { type EventBus, JetStreamEventStore } from '@justfit/events';
import { BUS } from '@justfit/service-kit';
import { AlertsController } from './alerts/alerts.controller';
import { PoliciesController } from './policy-store/policies.controller';
import { PolicyReadModel } from './policy-store/policy-read-model';
import { PolicyRepository } from './policy-store/policy-repository';
import { AnalysisController } from './runs/analysis.controller';
import { AnalysisRunner } from './runs/analysis-runner';
import { EVENT_STORE, POLICIES, POLICY_READ_MODEL } from './tokens';

@Module({
  controllers: [AnalysisController, AlertsController, PoliciesController],
  providers: [
    { provide: EVENT_STORE, inject: [BUS], useFactory: (bus: EventBus) => new JetStreamEventStore(bus) },
    {
      provide: POLICIES,
      inject: [EVENT_STORE],
      useFactory: (store: JetStreamEventStore) => new PolicyRepository(store),
    },
    { provide: POLICY_READ_MODEL, inject: [BUS], useFactory: (bus: EventBus) => new PolicyReadModel(bus) },
    AnalysisRunner,
  ],
})
export class AnalyzerModule {}
