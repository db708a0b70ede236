import type { GraphQLError } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';

/**
 * A refusal before any operation runs (401 unauthenticated, 429 too many requests): the HTTP status follows the code,
 * and the body is a GraphQL error with the code and the trace id, as every other error of the API.
 */
export function refusal(
  code: 401 | 429,
  message: string,
  traceId: string,
  headers?: Record<string, string>,
): GraphQLError {
  const http = {
    status: code,
    headers: code === 401 ? { 'WWW-Authenticate': 'Bearer', ...headers } : headers,
  };
  return createGraphQLError(message, { extensions: { code, traceId, http } });
}

/** Why a credential was not accepted, in words fit for the caller (never the verifier's internals). */
export class AuthenticationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthenticationError';
  }
}
