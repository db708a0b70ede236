import { COLLECTOR_EVENTS, declaredConsumer } from '@justfit/events';
import { runService } from '@justfit/service-kit';
import { Agent } from './agent/agent';
import { CollectorModule } from './collector.module';
import { CollectorConfigSchema } from './config';

await runService({
  name: 'collector',
  configSchema: CollectorConfigSchema,
  module: CollectorModule,
  // Requested attempts are queued for their connection's site here; the agent (agent/) runs its site's queue.
  consumers: () => [declaredConsumer(COLLECTOR_EVENTS, 'collector-tasks')],
  // Running tasks are interrupted, not ended: their work items are redelivered and they resume on another agent.
  beforeDrain: (app) => app.get(Agent).stop(),
});
