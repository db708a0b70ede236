import { COLLECTOR_EVENTS, declaredConsumer } from '@justfit/events';
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
    // batch 1: a task runs for minutes, and messages buffered behind it would sit here, unheartbeated, past their ack wait.
    {
      ...declaredConsumer(COLLECTOR_EVENTS, 'collector-tasks'),
      ackWaitMs: config.COLLECT_ACK_WAIT_MS,
      maxDeliver: COLLECT_MAX_DELIVERIES,
      batch: 1,
    },
  ],
  // Running tasks are interrupted, not ended: their requests are redelivered and they resume.
  beforeDrain: (app) => app.get(CollectTaskRunner).interruptAll(),
});
