import { BaseConfigSchema } from '@justfit/service-kit';
import { z } from 'zod';

export const SchedulerConfigSchema = BaseConfigSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(8085),
  /** A due time noticed later than this counts as missed, and the job's missedRuns decides (skip or runOnce). */
  SCHEDULER_MISSED_AFTER_MS: z.coerce.number().int().min(1000).default(60_000),
});
export type SchedulerConfig = z.infer<typeof SchedulerConfigSchema>;
