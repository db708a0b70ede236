import { BaseConfigSchema } from '@justfit/service-kit';
import { z } from 'zod';

export const ReporterConfigSchema = BaseConfigSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(8084),
  /** The Chromium that prints PDF reports; by default `chromium` (or Chrome) on PATH. */
  CHROMIUM_PATH: z.string().min(1).optional(),
});
export type ReporterConfig = z.infer<typeof ReporterConfigSchema>;
