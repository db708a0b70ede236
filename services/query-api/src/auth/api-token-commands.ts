import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import {
  assertNever,
  commandHandler,
  ConcurrencyError,
  defineAggregate,
  type EventStore,
  Events,
  type JustFitEvent,
  newEvent,
} from '@justfit/events';
import type { ApiTokenRegistry, ApiTokenView } from './api-token-registry';
import type { Principal } from './principal';
import type { Role } from './roles';
import { hashTokenSecret, looksLikeApiToken, newTokenSecret } from './token-secret';

const DAY_MS = 86_400_000;
export const MAX_TOKEN_DAYS = 366;
/** The token of JUSTFIT_ADMIN_TOKEN_FILE lives a year; a new file (a new token) is registered at the next start. */
const BOOTSTRAP_TOKEN_DAYS = 365;
const SOURCE = 'query-api';

export class TokenCommandError extends Error {
  constructor(
    readonly code: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
    this.name = 'TokenCommandError';
  }
}

export type ApiTokenEvent = JustFitEvent<'ApiTokenCreated' | 'ApiTokenRevoked'>;
export type ApiTokenState = 'none' | 'active' | 'revoked';

export function evolveApiToken(state: ApiTokenState, event: ApiTokenEvent): ApiTokenState {
  switch (event.type) {
    case Events.ApiTokenCreated.type:
      return state === 'revoked' ? state : 'active';
    case Events.ApiTokenRevoked.type:
      return 'revoked';
    default:
      return assertNever(event);
  }
}

const apiTokens = commandHandler(
  defineAggregate({
    context: 'ACCESS',
    events: ['ApiTokenCreated', 'ApiTokenRevoked'],
    initialState: (): ApiTokenState => 'none',
    evolve: evolveApiToken,
  }),
);

export interface CreateTokenInput {
  name: string;
  roles: Role[];
  connectionId?: string;
  expiresInDays: number;
}

/** Creates and revokes API tokens: each one an aggregate of the ACCESS context, written with optimistic concurrency. */
export class ApiTokenCommands {
  constructor(
    private readonly store: EventStore,
    private readonly registry: ApiTokenRegistry,
  ) {}

  /** The new token and its secret; the secret is returned this once and kept nowhere. */
  async create(
    input: CreateTokenInput,
    actor: Principal,
    traceId: string,
  ): Promise<{ token: ApiTokenView; secret: string }> {
    const name = input.name.trim();
    if (name.length < 1 || name.length > 100) throw new TokenCommandError(400, 'name must be 1-100 characters');
    if (input.roles.length === 0) throw new TokenCommandError(400, 'a token needs at least one role');
    if (!Number.isInteger(input.expiresInDays) || input.expiresInDays < 1 || input.expiresInDays > MAX_TOKEN_DAYS)
      throw new TokenCommandError(400, `expiresInDays must be a whole number from 1 to ${MAX_TOKEN_DAYS}`);
    const secret = newTokenSecret();
    const tokenId = `tok-${randomUUID()}`;
    const now = Date.now();
    const event = newEvent(
      'ApiTokenCreated',
      {
        tokenId,
        name,
        secretHash: hashTokenSecret(secret),
        roles: [...new Set(input.roles)],
        ...(input.connectionId ? { connectionId: input.connectionId } : {}),
        expiresAt: now + input.expiresInDays * DAY_MS,
        createdBy: actor.id,
        createdAt: now,
      },
      { subject: tokenId, source: SOURCE, traceId },
    );
    await apiTokens.handle(this.store, tokenId, (state) => {
      if (state !== 'none') throw new TokenCommandError(409, `token ${tokenId} already exists`);
      return [event];
    });
    this.registry.apply(event);
    return { token: this.registry.get(tokenId)!, secret };
  }

  async revoke(tokenId: string, actor: Principal, traceId: string): Promise<ApiTokenView> {
    if (!/^tok-[A-Za-z0-9-]{1,100}$/.test(tokenId)) throw new TokenCommandError(404, `token ${tokenId} not found`);
    const { newEvents } = await apiTokens.handle(this.store, tokenId, (state) => {
      if (state === 'none') throw new TokenCommandError(404, `token ${tokenId} not found`);
      if (state === 'revoked') throw new TokenCommandError(409, `token ${tokenId} is already revoked`);
      const data = { tokenId, revokedBy: actor.id, revokedAt: Date.now() };
      return [newEvent('ApiTokenRevoked', data, { subject: tokenId, source: SOURCE, traceId })];
    });
    for (const event of newEvents) this.registry.apply(event);
    return this.registry.get(tokenId)!;
  }

  /**
   * Registers the admin token of JUSTFIT_ADMIN_TOKEN(_FILE) (its hash, under an id derived from the hash) unless it is
   * known already. A revoked one stays revoked: a new token in its place is how it is rotated.
   */
  async registerBootstrapToken(secret: string, traceId: string): Promise<'registered' | 'known' | 'revoked'> {
    if (!looksLikeApiToken(secret))
      throw new Error(
        'the admin token is not an API token (jft_ and 43 base64url characters): make one with `openssl rand -base64 32 | tr "+/" "-_" | tr -d "=" | sed "s/^/jft_/"`',
      );
    const secretHash = hashTokenSecret(secret);
    const tokenId = `tok-admin-${secretHash.slice(0, 16)}`;
    const now = Date.now();
    try {
      let outcome: 'registered' | 'known' | 'revoked' = 'registered';
      const { newEvents } = await apiTokens.handle(this.store, tokenId, (state) => {
        if (state !== 'none') {
          outcome = state === 'revoked' ? 'revoked' : 'known';
          return [];
        }
        const created = newEvent(
          'ApiTokenCreated',
          {
            tokenId,
            name: 'admin (JUSTFIT_ADMIN_TOKEN_FILE)',
            secretHash,
            roles: ['admin'],
            expiresAt: now + BOOTSTRAP_TOKEN_DAYS * DAY_MS,
            createdBy: 'bootstrap',
            createdAt: now,
          },
          { subject: tokenId, source: SOURCE, traceId },
        );
        return [created];
      });
      for (const event of newEvents) this.registry.apply(event);
      return outcome;
    } catch (e) {
      // Another replica registered it at the same moment.
      if (e instanceof ConcurrencyError) return 'known';
      throw e;
    }
  }
}

/** The admin token of the configuration: JUSTFIT_ADMIN_TOKEN, or the content of JUSTFIT_ADMIN_TOKEN_FILE. */
export function configuredAdminToken(config: {
  JUSTFIT_ADMIN_TOKEN?: string;
  JUSTFIT_ADMIN_TOKEN_FILE?: string;
}): string | undefined {
  if (config.JUSTFIT_ADMIN_TOKEN) return config.JUSTFIT_ADMIN_TOKEN.trim();
  const path = config.JUSTFIT_ADMIN_TOKEN_FILE;
  if (!path) return undefined;
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (e) {
    throw new Error(`JUSTFIT_ADMIN_TOKEN_FILE ${path} cannot be read: ${(e as NodeJS.ErrnoException).code ?? e}`);
  }
}
