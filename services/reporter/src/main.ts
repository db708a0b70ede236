import { runService } from '@justfit/service-kit';
import { ReporterConfigSchema } from './config';
import { ReporterModule } from './reporter.module';

await runService({
  name: 'reporter',
  configSchema: ReporterConfigSchema,
  module: ReporterModule,
  usesClickHouse: true,
});
