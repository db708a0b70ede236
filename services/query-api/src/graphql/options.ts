import { join } from 'node:path';
import type { Authenticator } from '../auth/authenticator';
import type { QueryApiConfig } from '../config';
import type { ImportLimits } from '../imports/metric-import';
import type { GraphQLOptions } from './server';

/** The ETL's default ETL_MAX_CLOCK_SKEW_MS: an import refuses what the ETL would. */
const IMPORT_MAX_SKEW_MS = 5 * 60_000;

/** The GraphQL server's settings from the validated configuration. */
export function graphQLOptions(config: QueryApiConfig, authenticator: Authenticator): GraphQLOptions {
  return {
    authenticator,
    corsOrigins: config.CORS_ORIGINS,
    graphiql: config.GRAPHIQL,
    uploads: {
      dir: join(config.JUSTFIT_DATA_DIR, 'uploads'),
      maxFileBytes: config.IMPORT_MAX_FILE_MB * 1024 * 1024,
    },
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

export function importLimitsOf(config: QueryApiConfig): ImportLimits {
  return { maxEntities: config.IMPORT_MAX_ENTITIES, maxSkewMs: IMPORT_MAX_SKEW_MS };
}

/** Where report links point: PUBLIC_URL, or this listener. Never the Host header a client sent. */
export function publicUrlOf(config: QueryApiConfig): string {
  return (config.PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`).replace(/\/$/, '');
}
