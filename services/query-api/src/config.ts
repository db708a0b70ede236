import { BaseConfigSchema } from '@justfit/service-kit';
import { z } from 'zod';

export const QueryApiConfigSchema = BaseConfigSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
});
export type QueryApiConfig = z.infer<typeof QueryApiConfigSchema>;
