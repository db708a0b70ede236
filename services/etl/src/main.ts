import { runService } from '@justfit/service-kit';
import { EtlConfigSchema } from './config';
import { EtlModule } from './etl.module';

// RAW is consumed by the module's own batch consumer (see EtlModule); the kit's transport still runs the
// dead-letter forwarder that moves terminated raw events into the DLQ stream.
await runService({
  name: 'etl',
  configSchema: EtlConfigSchema,
  module: EtlModule,
  usesClickHouse: true,
});
