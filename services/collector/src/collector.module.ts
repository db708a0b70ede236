import { Inject, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { type EventBus, JetStreamEventStore } from '@justfit/events';
import { BUS, CONFIG } from '@justfit/service-kit';
import { Agent } from './agent/agent';
import { EndpointPolicy } from './adapters/endpoint-policy';
import type { CollectorConfig } from './config';
import { ConnectionRepository } from './connections/connection-repository';
import { ConnectionsController } from './connections/connections.controller';
import { Sealer } from './secrets/sealer';
import { SecretStore } from './secrets/secret-store';
import { CollectTaskRunner } from './tasks/collect-task.runner';
import { TasksController } from './tasks/tasks.controller';
import { CONNECTIONS, ENDPOINT_POLICY, EVENT_STORE, SECRETS } from './tokens';

@Module({
  controllers: [ConnectionsController, TasksController],
  providers: [
    { provide: EVENT_STORE, inject: [BUS], useFactory: (bus: EventBus) => new JetStreamEventStore(bus) },
    {
      provide: CONNECTIONS,
      inject: [EVENT_STORE],
      useFactory: (store: JetStreamEventStore) => new ConnectionRepository(store),
    },
    {
      provide: SECRETS,
      inject: [BUS, CONFIG],
      useFactory: (bus: EventBus, config: CollectorConfig) =>
        SecretStore.open(bus, Sealer.fromConfig(config), config.NATS_STREAM_REPLICAS),
    },
    {
      provide: ENDPOINT_POLICY,
      inject: [CONFIG],
      useFactory: (config: CollectorConfig) =>
        new EndpointPolicy({
          allowed: config.COLLECTOR_ALLOWED_ENDPOINT_CIDRS,
          denied: config.COLLECTOR_DENIED_ENDPOINT_CIDRS,
        }),
    },
    CollectTaskRunner,
    Agent,
  ],
})
export class CollectorModule implements OnApplicationBootstrap {
  constructor(@Inject(Agent) private readonly agent: Agent) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.agent.start();
  }
}
