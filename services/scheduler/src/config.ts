import { BaseConfigSchema } from '@justfit/service-kit';
import { z } from 'zod';

export const SchedulerConfigSchema = BaseConfigSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(8085),
  /** A due time noticed later than this counts as missed, and the job's missedRuns decides (skip or runOnce). */
  SCHEDULER_MISSED_AFTER_MS: z.coerce.number().int().min(1000).default(60_000),
  /**
   * A run still pending this long after it fired is recorded failed (its scheduler stopped before recording it).
   * At least the longest command time limit (5 minutes, an analysis), so a replica still waiting is never overtaken.
   */
  SCHEDULER_ABANDONED_AFTER_MS: z.coerce.number().int().min(300_000).default(600_000),
});
export type SchedulerConfig = z.infer<typeof SchedulerConfigSchema>;
