import { BaseConfigSchema } from '@justfit/service-kit';
import { z } from 'zod';

export const EtlConfigSchema = BaseConfigSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(8082),
  /** Samples stamped further than this into the future are refused. */
  ETL_MAX_CLOCK_SKEW_MS: z.coerce.number().int().nonnegative().default(5 * 60_000),
});
export type EtlConfig = z.infer<typeof EtlConfigSchema>;
