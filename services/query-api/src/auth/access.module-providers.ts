import type { EventBus, EventStore } from '@justfit/events';
import { BUS, CONFIG, LOGGER } from '@justfit/service-kit';
import type { Logger } from 'pino';
import type { QueryApiConfig } from '../config';
import type { AccessControl } from '../graphql/context';
import { ACCESS, AUDIT, AUTHENTICATOR, EVENT_STORE } from '../tokens';
import { ApiTokenCommands } from './api-token-commands';
import { ApiTokenRegistry } from './api-token-registry';
import { AuditTrail } from './audit-trail';
import { Authenticator } from './authenticator';
import { OidcVerifier } from './oidc';

/** Nest providers of authentication: the API token read model and commands, OIDC when configured, the audit trail. */
export const accessProviders = [
  {
    provide: ACCESS,
    inject: [BUS, EVENT_STORE],
    useFactory: (bus: EventBus, store: EventStore): AccessControl => {
      const tokens = new ApiTokenRegistry(bus);
      return { tokens, commands: new ApiTokenCommands(store, tokens) };
    },
  },
  {
    provide: AUTHENTICATOR,
    inject: [ACCESS, CONFIG],
    useFactory: (access: AccessControl, config: QueryApiConfig) =>
      new Authenticator(
        access.tokens,
        config.OIDC_ISSUER
          ? new OidcVerifier({
              issuer: config.OIDC_ISSUER,
              audience: config.OIDC_AUDIENCE!,
              jwksUrl: config.OIDC_JWKS_URL,
              rolesClaim: config.OIDC_ROLES_CLAIM,
              connectionClaim: config.OIDC_CONNECTION_CLAIM,
              clockSkewSec: config.OIDC_CLOCK_SKEW_SEC,
            })
          : undefined,
      ),
  },
  {
    provide: AUDIT,
    inject: [BUS, LOGGER],
    useFactory: (bus: EventBus, logger: Logger) => new AuditTrail(bus, logger),
  },
];
