import { runService } from '@justfit/service-kit';
import { CollectorModule } from './collector.module';
import { COLLECT_MAX_DELIVERIES } from './tasks/collect-task';
import { CollectTaskRunner } from './tasks/collect-task.runner';
import { CollectorConfigSchema } from './config';

await runService({
  name: 'collector',
  configSchema: CollectorConfigSchema,
  module: CollectorModule,
  consumers: (config) => [
    // Collect tasks run one at a time per instance; more replicas collect more estates at once.
    { stream: 'TASKS', durable: 'collector-tasks', filterSubjects: ['justfit.tasks.>'], ackWaitMs: config.COLLECT_ACK_WAIT_MS, maxDeliver: COLLECT_MAX_DELIVERIES },
  ],
  // Running tasks are interrupted, not ended: their requests are redelivered and they resume.
  beforeDrain: (app) => app.get(CollectTaskRunner).interruptAll(),
});
