import { BaseConfigSchema } from '@justfit/service-kit';
import { z } from 'zod';

export const CollectorConfigSchema = BaseConfigSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(8081),
  /** 32-byte AES-256 key, base64 or hex. Either this or JUSTFIT_MASTER_KEY_FILE is required. */
  JUSTFIT_MASTER_KEY: z.string().optional(),
  JUSTFIT_MASTER_KEY_FILE: z.string().optional(),
  /** A collector silent this long is presumed dead and its task resumes elsewhere (it heartbeats at a third of it). */
  COLLECT_ACK_WAIT_MS: z.coerce.number().int().min(1000).default(60_000),
}).refine((c) => c.JUSTFIT_MASTER_KEY || c.JUSTFIT_MASTER_KEY_FILE, {
  message: 'JUSTFIT_MASTER_KEY or JUSTFIT_MASTER_KEY_FILE must be set: credentials are sealed with it',
  path: ['JUSTFIT_MASTER_KEY'],
});
export type CollectorConfig = z.infer<typeof CollectorConfigSchema>;
