import type { Authenticator } from '../auth/authenticator';
import type { QueryApiConfig } from '../config';
import type { GraphQLOptions } from './server';

/** The GraphQL server's settings from the validated configuration. */
export function graphQLOptions(config: QueryApiConfig, authenticator: Authenticator): GraphQLOptions {
  return {
    authenticator,
    corsOrigins: config.CORS_ORIGINS,
    graphiql: config.GRAPHIQL,
    security: {
      requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
      rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
      maxDepth: config.MAX_QUERY_DEPTH,
      maxAliases: config.MAX_QUERY_ALIASES,
      maxTokens: config.MAX_QUERY_TOKENS,
      maxCost: config.MAX_QUERY_COST,
      maxStringLength: config.MAX_STRING_LENGTH,
    },
  };
}

/** Where report links point: PUBLIC_URL, or this listener. Never the Host header a client sent. */
export function publicUrlOf(config: QueryApiConfig): string {
  return (config.PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`).replace(/\/$/, '');
}
