import { BaseConfigSchema } from '@justfit/service-kit';
import { DEFAULT_RETENTION_DAYS } from '@justfit/storage';
import { z } from 'zod';

export const EtlConfigSchema = BaseConfigSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(8082),
  /** Samples stamped further than this into the future are refused. */
  ETL_MAX_CLOCK_SKEW_MS: z.coerce
    .number()
    .int()
    .nonnegative()
    .default(5 * 60_000),
  /** A write to ClickHouse holds at most this many samples… */
  ETL_BATCH_MAX_SAMPLES: z.coerce.number().int().min(1).max(1_000_000).default(60_000),
  /** …and at most this many bus messages, held unacknowledged until the write is done… */
  ETL_BATCH_MAX_MESSAGES: z.coerce.number().int().min(1).max(1000).default(16),
  /** …and is made at most this long after its first message arrived. */
  ETL_BATCH_MAX_DELAY_MS: z.coerce.number().int().min(1000).max(60_000).default(2000),
  /** A delivered event not acknowledged within this long (its ETL died) is delivered again. */
  ETL_ACK_WAIT_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  /** Deliveries of an event that fails on its own before it is dead-lettered. */
  ETL_MAX_DELIVER: z.coerce.number().int().min(1).max(100).default(5),
  /** How long raw samples are kept (the TTL of metric_samples; the rollups are kept). */
  METRICS_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(DEFAULT_RETENTION_DAYS),
});
export type EtlConfig = z.infer<typeof EtlConfigSchema>;
