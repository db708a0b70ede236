import { BaseConfigSchema } from '@justfit/service-kit';
import { hostname } from 'node:os';
import { AgentId, DEFAULT_SITE } from '@justfit/events';
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
  /** The agent this collector is: unique per process (two collectors on one host need their own). */
  AGENT_ID: AgentId.default(hostAgentId()),
  AGENT_NAME: z.string().min(1).max(100).optional(),
  /** The site it collects for: it runs only the tasks of connections of this site. */
  AGENT_SITE: AgentId.default(DEFAULT_SITE),
  /** Comma-separated labels, listed with the agent (e.g. `dmz,vlan-12`). */
  AGENT_LABELS: z
    .string()
    .default('')
    .transform((text) =>
      text
        .split(',')
        .map((l) => l.trim())
        .filter(Boolean),
    )
    .pipe(z.array(AgentId).max(32)),
  /** Tasks it runs at once; it takes no more while this many run. */
  AGENT_CAPACITY: z.coerce.number().int().min(1).max(64).default(1),
  /** How often it heartbeats to the registry (query-api marks it offline after AGENT_OFFLINE_AFTER_MS without one). */
  AGENT_HEARTBEAT_MS: z.coerce.number().int().min(200).max(60_000).default(5_000),
  /** `draining` or `maintenance` starts it taking no work (an operator's `resume` makes it take work). */
  AGENT_MODE: z.enum(['online', 'draining', 'maintenance']).default('online'),
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

/** The host's name as an agent id (its characters outside letters, digits, '-' and '_' replaced). */
function hostAgentId(): string {
  return (
    hostname()
      .replace(/[^A-Za-z0-9_-]/g, '-')
      .slice(0, 64) || 'collector'
  );
}
