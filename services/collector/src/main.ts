import { runService } from '@justfit/service-kit';
import { CollectorModule } from './collector.module';
import { CollectorConfigSchema } from './config';

await runService({
  name: 'collector',
  configSchema: CollectorConfigSchema,
  module: CollectorModule,
  consumers: () => [
    // Collect tasks run one at a time per instance; more replicas collect more estates at once.
    { stream: 'TASKS', durable: 'collector-tasks', filterSubjects: ['justfit.tasks.>'], ackWaitMs: 60_000, maxDeliver: 3 },
  ],
});
