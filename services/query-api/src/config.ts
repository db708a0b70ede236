import { BaseConfigSchema, parseCidrList } from '@justfit/service-kit';
import { z } from 'zod';

const commaList = z
  .string()
  .default('')
  .transform((s) =>
    s
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
  );
const flag = z
  .enum(['true', 'false', '1', '0'])
  .default('false')
  .transform((v) => v === 'true' || v === '1');
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const QueryApiConfigSchema = BaseConfigSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  /** An agent without a heartbeat for this long is offline (agents heartbeat every AGENT_HEARTBEAT_MS, 5 s). */
  AGENT_OFFLINE_AFTER_MS: z.coerce.number().int().min(1000).max(600_000).default(15_000),
  /** Where clients reach the API (report links are built from it); default http://HOST:PORT. */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  OIDC_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
  /** The audience (`aud`) an OIDC token must carry; required with OIDC_ISSUER. */
  OIDC_AUDIENCE: z.string().min(1).optional(),
  /** Default: the `jwks_uri` of the issuer's /.well-known/openid-configuration. */
  OIDC_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Dot path of the claim that lists a person's roles (viewer, operator, approver, admin), e.g. realm_access.roles. */
  OIDC_ROLES_CLAIM: z.string().min(1).default('roles'),
  /** Dot path of a claim naming the one connection a person may reach; a token without it reaches all of them. */
  OIDC_CONNECTION_CLAIM: z.string().min(1).optional(),
  /** How far the token's clocks may be off ours (exp, nbf, iat), in seconds; at most 5 minutes. */
  OIDC_CLOCK_SKEW_SEC: z.coerce.number().int().min(0).max(300).default(30),
  /**
   * A file holding an admin API token: at start the API registers it (its hash only) unless it was revoked, so a
   * deployment without OIDC has a first admin who can create the other tokens. `npm start` writes one.
   */
  JUSTFIT_ADMIN_TOKEN_FILE: z.string().min(1).optional(),
  /** The same token as a value (e.g. from a Kubernetes Secret through valueFrom), instead of a file. */
  JUSTFIT_ADMIN_TOKEN: z.string().min(1).optional(),
  /** Origins allowed to call the API from a browser (exact, comma-separated); none by default. */
  CORS_ORIGINS: commaList,
  /** Serve GraphiQL (bundled, no CDN) on GET /graphql. */
  GRAPHIQL: flag,
  /** A request's time limit; mutations that wait for long work (analysis, reports) have their own, longer one. */
  REQUEST_TIMEOUT_MS: positiveInt(30_000),
  /** Requests per minute per token or person; over it, 429 until the minute has passed. */
  RATE_LIMIT_PER_MINUTE: positiveInt(600),
  MAX_QUERY_DEPTH: positiveInt(10),
  MAX_QUERY_ALIASES: positiveInt(30),
  MAX_QUERY_TOKENS: positiveInt(2000),
  MAX_QUERY_COST: positiveInt(20_000),
  /** The longest string an argument or variable may hold, in characters. */
  MAX_STRING_LENGTH: positiveInt(10_000),
  /** The largest metrics file importMetrics takes (spooled under JUSTFIT_DATA_DIR/uploads while it is imported). */
  IMPORT_MAX_FILE_MB: z.coerce.number().int().min(1).max(16_384).default(256),
  /** Entities (VMs, hosts, …) one imported file may name. */
  IMPORT_MAX_ENTITIES: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  /** The release feed checkUpdate asks (a JSON document `{"version", "url", "notes"}`); none: not configured. */
  UPDATE_FEED_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** The whole update check's time limit. */
  UPDATE_CHECK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  /** Outbound requests (the update check): CIDR ranges allowed although denied by default (loopback, link-local…). */
  OUTBOUND_ALLOWED_CIDRS: z.string().default(''),
  /** Outbound requests: CIDR ranges denied besides loopback, link-local (cloud metadata), unspecified and multicast. */
  OUTBOUND_DENIED_CIDRS: z.string().default(''),
  /** How often the API samples every stream's consumers (lag gauges, the consumer_states table), in seconds. */
  PIPELINE_SAMPLE_INTERVAL_SEC: z.coerce.number().int().min(1).max(3600).default(30),
})
  .superRefine((c, ctx) => {
    for (const key of ['OUTBOUND_ALLOWED_CIDRS', 'OUTBOUND_DENIED_CIDRS'] as const) {
      try {
        parseCidrList(c[key]);
      } catch (e) {
        ctx.addIssue({ code: 'custom', path: [key], message: (e as Error).message });
      }
    }
  })
  .refine((c) => !c.OIDC_ISSUER || c.OIDC_AUDIENCE, {
    path: ['OIDC_AUDIENCE'],
    message: 'OIDC_AUDIENCE must be set with OIDC_ISSUER (the audience tokens are checked against)',
  })
  .refine((c) => c.OIDC_ISSUER || c.JUSTFIT_ADMIN_TOKEN_FILE || c.JUSTFIT_ADMIN_TOKEN, {
    path: ['OIDC_ISSUER'],
    message:
      'no identity is configured: set OIDC_ISSUER (with OIDC_AUDIENCE) for people, or JUSTFIT_ADMIN_TOKEN_FILE (or JUSTFIT_ADMIN_TOKEN) for a first admin API token; the API does not run open',
  });
export type QueryApiConfig = z.infer<typeof QueryApiConfigSchema>;
