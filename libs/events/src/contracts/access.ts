import { z } from 'zod';
import { defineEvent } from '../define-event';
import { EpochMs, Id } from './common';

/**
 * Who may do what: `viewer` reads; `operator` collects, analyses, imports and reports; `approver` approves actions;
 * `admin` manages connections, policies, settings and tokens.
 */
export const Role = z.enum(['viewer', 'operator', 'approver', 'admin']);
export type Role = z.infer<typeof Role>;

/** The SHA-256 of a token's secret, hex: the secret itself is shown once, at creation, and never stored. */
const SecretHash = z.string().regex(/^[0-9a-f]{64}$/);

/** An API token for a script, a dashboard or an agent; one aggregate (`tok-…`) per token in the ACCESS context. */
export const ApiTokenCreated = defineEvent({
  name: 'ApiTokenCreated',
  version: 1,
  stream: 'ACCESS',
  schema: z
    .object({
      tokenId: Id,
      name: z.string().min(1).max(100),
      secretHash: SecretHash,
      roles: z.array(Role).min(1),
      /** When set, the token reaches this connection's data only. */
      connectionId: Id.optional(),
      expiresAt: EpochMs,
      /** The token id or OIDC subject that created it, or `bootstrap` for the token of JUSTFIT_ADMIN_TOKEN_FILE. */
      createdBy: z.string().min(1).max(300),
      createdAt: EpochMs,
    })
    .strict(),
});
export const ApiTokenRevoked = defineEvent({
  name: 'ApiTokenRevoked',
  version: 1,
  stream: 'ACCESS',
  schema: z.object({ tokenId: Id, revokedBy: z.string().min(1).max(300), revokedAt: EpochMs }).strict(),
});

/** One change made through the API: who, what, when, from where, and how it ended. Stored per day (`audit-<date>`). */
export const ChangeAudited = defineEvent({
  name: 'ChangeAudited',
  version: 1,
  stream: 'AUDIT',
  schema: z
    .object({
      auditId: Id,
      actor: z.object({ kind: z.enum(['token', 'oidc']), id: z.string().min(1).max(300), name: z.string().max(300) }),
      operation: z.string().min(1).max(100),
      /** The operation's arguments with every secret replaced by "[redacted]" and long values cut. */
      arguments: z.record(z.string(), z.unknown()),
      outcome: z.enum(['ok', 'refused', 'failed']),
      /** The error code when it did not end ok (403, 404, 409, …). */
      code: z.number().int().optional(),
      clientAddress: z.string().max(100),
      traceId: z.string().min(1),
      at: EpochMs,
    })
    .strict(),
});
