import { declaredConsumer, REPORTER_EVENTS } from '@justfit/events';
import { runService } from '@justfit/service-kit';
import { ReporterConfigSchema } from './config';
import { ReporterModule } from './reporter.module';

await runService({
  name: 'reporter',
  configSchema: ReporterConfigSchema,
  module: ReporterModule,
  usesClickHouse: true,
  // A PDF can take a while on a busy machine: a heartbeat keeps the delivery alive, the ack wait bounds a silence.
  // One request at a time per replica: a buffered request's ack wait would run out behind a long PDF.
  consumers: () => [{ ...declaredConsumer(REPORTER_EVENTS, 'reporter-requests'), ackWaitMs: 120_000, batch: 1 }],
});
