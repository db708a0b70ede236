import { runService } from '@justfit/service-kit';
import { ReporterConfigSchema } from './config';
import { ReporterModule } from './reporter.module';

await runService({
  name: 'reporter',
  configSchema: ReporterConfigSchema,
  module: ReporterModule,
  usesClickHouse: true,
  // A PDF can take a while on a busy machine: progress events keep the delivery alive, the ack wait bounds a silence.
  consumers: () => [
    { stream: 'REPORTS', durable: 'reporter-requests', filterSubjects: ['justfit.reports.>'], ackWaitMs: 120_000 },
  ],
});
