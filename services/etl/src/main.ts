import { runService } from '@justfit/service-kit';
import { EtlConfigSchema } from './config';
import { EtlModule } from './etl.module';

await runService({
  name: 'etl',
  configSchema: EtlConfigSchema,
  module: EtlModule,
  usesClickHouse: true,
  consumers: () => [{ stream: 'RAW', durable: 'etl-raw', filterSubjects: ['justfit.raw.>'] }],
});
