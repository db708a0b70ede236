import type { ApiTokenRegistry } from './api-token-registry';
import { tokenStatus } from './api-token-registry';
import { AuthenticationError } from './auth-error';
import type { OidcVerifier } from './oidc';
import type { Principal } from './principal';
import { hashTokenSecret, looksLikeApiToken } from './token-secret';

/** Turns an `Authorization: Bearer …` value into a principal: an API token (`jft_…`) or, when configured, an OIDC JWT. */
export class Authenticator {
  constructor(
    private readonly tokens: ApiTokenRegistry,
    private readonly oidc?: OidcVerifier,
  ) {}

  async authenticate(authorization: string | null | undefined): Promise<Principal> {
    if (!authorization) throw new AuthenticationError('authentication required: send Authorization: Bearer <token>');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw new AuthenticationError('the Authorization header must read Bearer <token>');
    const credential = match[1]!;
    if (looksLikeApiToken(credential)) {
      const token = this.tokens.byHash(hashTokenSecret(credential));
      if (!token) throw new AuthenticationError('the API token is not known');
      const status = tokenStatus(token);
      if (status !== 'active') throw new AuthenticationError(`the API token is ${status}`);
      return {
        kind: 'token',
        id: token.id,
        name: token.name,
        roles: token.roles,
        ...(token.connectionId ? { connectionId: token.connectionId } : {}),
      };
    }
    if (!this.oidc)
      throw new AuthenticationError('the bearer token is not an API token, and no OIDC issuer is configured');
    return this.oidc.verify(credential);
  }
}
