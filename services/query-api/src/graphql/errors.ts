import { CommandError } from '@justfit/events';
import { GraphQLError } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';

/**
 * Errors reach clients with the seed's code and the request's trace id in `extensions`. They are built with yoga's own
 * createGraphQLError because yoga tells intended errors from crashes by their class: where `graphql` is loaded twice
 * (ESM and CommonJS, as under a test runner) a GraphQLError of the other copy would be masked.
 */
export function apiError(code: number, message: string, traceId: string): GraphQLError {
  return createGraphQLError(message, { extensions: { code, traceId } });
}

export function toGraphQLError(error: unknown, traceId: string): GraphQLError {
  if (error instanceof GraphQLError) return error;
  if (error instanceof CommandError) return apiError(error.code, error.message, traceId);
  return apiError(500, 'internal error', traceId);
}
