import { BaseConfigSchema } from '@justfit/service-kit';
import { z } from 'zod';
import { parseCidrList } from './adapters/endpoint-policy';

const cidrList = z
  .string()
  .default('')
  .transform((text, ctx) => {
    try {
      return parseCidrList(text);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message });
      return z.NEVER;
    }
  });

export const CollectorConfigSchema = BaseConfigSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(8081),
  /** 32-byte AES-256 key, base64 or hex. Either this or JUSTFIT_MASTER_KEY_FILE is required. */
  JUSTFIT_MASTER_KEY: z.string().optional(),
  JUSTFIT_MASTER_KEY_FILE: z.string().optional(),
  /** A collector silent this long is presumed dead and its task resumes elsewhere (it heartbeats at a third of it). */
  COLLECT_ACK_WAIT_MS: z.coerce.number().int().min(1000).default(60_000),
  /**
   * CIDR ranges connection endpoints may use although a denied range covers them (comma-separated), e.g.
   * `127.0.0.1/32` for a lab's simulator on loopback. Empty by default.
   */
  COLLECTOR_ALLOWED_ENDPOINT_CIDRS: cidrList,
  /** CIDR ranges denied on top of the built-in ones (loopback, link-local, cloud metadata, unspecified, multicast). */
  COLLECTOR_DENIED_ENDPOINT_CIDRS: cidrList,
}).refine((c) => c.JUSTFIT_MASTER_KEY || c.JUSTFIT_MASTER_KEY_FILE, {
  message: 'JUSTFIT_MASTER_KEY or JUSTFIT_MASTER_KEY_FILE must be set: credentials are sealed with it',
  path: ['JUSTFIT_MASTER_KEY'],
});
export type CollectorConfig = z.infer<typeof CollectorConfigSchema>;
