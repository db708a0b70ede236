import { runService } from '@justfit/service-kit';
import { SchedulerConfigSchema } from './config';
import { SchedulerModule } from './scheduler.module';

await runService({
  name: 'scheduler',
  configSchema: SchedulerConfigSchema,
  module: SchedulerModule,
  beforeDrain: (app) => app.get(SchedulerModule).stop(),
});
