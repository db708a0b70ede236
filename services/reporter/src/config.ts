import { BaseConfigSchema } from '@justfit/service-kit';
import { z } from 'zod';

export const ReporterConfigSchema = BaseConfigSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(8084),
});
export type ReporterConfig = z.infer<typeof ReporterConfigSchema>;
