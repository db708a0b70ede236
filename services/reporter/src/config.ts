import { BaseConfigSchema } from '@justfit/service-kit';
import { z } from 'zod';

export const ReporterConfigSchema = BaseConfigSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(8084),
  /** The Chromium that prints PDF reports; by default `chromium` (or Chrome) on PATH. */
  CHROMIUM_PATH: z.string().min(1).optional(),
  /**
   * Chromium's own sandbox around the page it prints. Off where the container cannot give it one (no user namespaces);
   * always off for root, which Chromium refuses it to. The page has no script and may load nothing either way.
   */
  CHROMIUM_SANDBOX: z.stringbool().default(true),
});
export type ReporterConfig = z.infer<typeof ReporterConfigSchema>;
