import { ANALYZER_EVENTS, declaredConsumer } from '@justfit/events';
import { BaseConfigSchema, runService } from '@justfit/service-kit';
import { z } from 'zod';
import { AnalyzerModule } from './analyzer.module';

await runService({
  name: 'analyzer',
  configSchema: BaseConfigSchema.extend({ PORT: z.coerce.number().int().min(0).max(65535).default(8083) }),
  module: AnalyzerModule,
  usesClickHouse: true,
  consumers: () => [{ ...declaredConsumer(ANALYZER_EVENTS, 'analyzer-loads'), ackWaitMs: 120_000 }],
});
