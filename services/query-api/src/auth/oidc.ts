import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { AuthenticationError } from './auth-error';
import type { Principal } from './principal';
import { ROLES, type Role } from './roles';

export interface OidcSettings {
  issuer: string;
  audience: string;
  /** Default: the `jwks_uri` of the issuer's discovery document. */
  jwksUrl?: string;
  /** Dot path of the claim listing the person's roles. */
  rolesClaim: string;
  /**
   * Dot path of a claim naming the one connection a person may reach (their lists are filtered to it, as for a
   * scoped API token). A person whose token lacks it reaches every connection their roles allow.
   */
  connectionClaim?: string;
  clockSkewSec: number;
}

/** Asymmetric signatures only: a shared-secret (HS*) or unsigned token is refused whatever it claims. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

function claimAt(payload: JWTPayload, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as never)[key] : undefined), payload);
}

/**
 * Verifies people's OIDC bearer tokens (JWTs) with `jose`: signature against the issuer's JWKS (fetched, cached and
 * refetched on an unknown key id), issuer, audience, expiry and not-before within the allowed clock skew.
 */
export class OidcVerifier {
  private keys?: Promise<JWTVerifyGetKey>;

  constructor(private readonly settings: OidcSettings) {}

  async verify(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await this.keySet(), {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        clockTolerance: this.settings.clockSkewSec,
        algorithms: ALGORITHMS,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (e) {
      throw new AuthenticationError(describe(e));
    }
    const claimed = claimAt(payload, this.settings.rolesClaim);
    const values = Array.isArray(claimed) ? claimed : typeof claimed === 'string' ? claimed.split(/[\s,]+/) : [];
    const roles = values.filter((v): v is Role => (ROLES as readonly unknown[]).includes(v));
    const name = [payload.preferred_username, payload.email, payload.sub].find((v) => typeof v === 'string' && v);
    const connectionId = this.connectionOf(payload);
    return {
      kind: 'oidc',
      id: payload.sub!,
      name: String(name),
      roles: [...new Set(roles)],
      ...(connectionId ? { connectionId } : {}),
    };
  }

  private connectionOf(payload: JWTPayload): string | undefined {
    if (!this.settings.connectionClaim) return undefined;
    const claimed = claimAt(payload, this.settings.connectionClaim);
    const values = (Array.isArray(claimed) ? claimed : [claimed]).filter((v) => v !== undefined && v !== null);
    if (values.length === 0) return undefined;
    // Widening a person to several connections would need a scope JustFit does not have: refuse rather than guess.
    if (values.length > 1 || typeof values[0] !== 'string' || !values[0])
      throw new AuthenticationError(`the token's ${this.settings.connectionClaim} claim must name one connection`);
    return values[0];
  }

  private keySet(): Promise<JWTVerifyGetKey> {
    this.keys ??= this.discoverJwksUrl().then(
      (url) => createRemoteJWKSet(new URL(url), { timeoutDuration: 5000, cooldownDuration: 30_000 }),
      (e) => {
        this.keys = undefined; // try discovery again on the next request
        throw e;
      },
    );
    return this.keys;
  }

  private async discoverJwksUrl(): Promise<string> {
    if (this.settings.jwksUrl) return this.settings.jwksUrl;
    const url = `${this.settings.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (!res.ok) throw new Error(`answered ${res.status}`);
      const { jwks_uri: jwksUri } = (await res.json()) as { jwks_uri?: unknown };
      if (typeof jwksUri !== 'string') throw new Error('has no jwks_uri');
      return jwksUri;
    } catch (e) {
      throw new AuthenticationError(`the identity provider's discovery document ${url} ${(e as Error).message}`);
    }
  }
}

/** The reason a token was refused, without the library's internals. */
function describe(e: unknown): string {
  if (e instanceof AuthenticationError) return e.message;
  if (e instanceof errors.JWTExpired) return 'the token has expired';
  if (e instanceof errors.JWTClaimValidationFailed) return `the token's ${e.claim} claim is not accepted`;
  if (e instanceof errors.JWKSNoMatchingKey)
    return 'the token is signed with a key the identity provider does not list';
  if (e instanceof errors.JWSSignatureVerificationFailed) return 'the token signature is not valid';
  if (e instanceof errors.JOSEAlgNotAllowed) return 'the token is signed with an algorithm that is not accepted';
  if (e instanceof errors.JWKSTimeout || e instanceof errors.JOSEError) {
    if (e instanceof errors.JWKSTimeout || /fetch|JWKS/i.test(e.message))
      return 'the identity provider cannot be reached to check the token';
    return 'the token is not a valid signed JWT';
  }
  return 'the identity provider cannot be reached to check the token';
}
