import { Inject, Module, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ANALYZER_EVENTS, declaredConsumer, type EventBus, JetStreamEventStore, SettingsView } from '@justfit/events';
import { BUS } from '@justfit/service-kit';
import { AlertsController } from './alerts/alerts.controller';
import { PoliciesController } from './policy-store/policies.controller';
import { PolicyReadModel } from './policy-store/policy-read-model';
import { PolicyRepository } from './policy-store/policy-repository';
import { AnalysisController } from './runs/analysis.controller';
import { AnalysisRunner } from './runs/analysis-runner';
import { EVENT_STORE, POLICIES, POLICY_READ_MODEL, SETTINGS } from './tokens';

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
    {
      provide: SETTINGS,
      inject: [BUS],
      useFactory: (bus: EventBus) => new SettingsView(bus, declaredConsumer(ANALYZER_EVENTS, 'settings')),
    },
    AnalysisRunner,
  ],
})
export class AnalyzerModule implements OnModuleInit, OnModuleDestroy {
  constructor(@Inject(SETTINGS) private readonly settings: SettingsView) {}

  async onModuleInit(): Promise<void> {
    await this.settings.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.settings.stop();
  }
}
