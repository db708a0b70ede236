import { CommandError } from '@justfit/events';
import { GraphQLError } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';

/**
 * Errors reach clients with JustFit's error code and the request's trace id in `extensions`. They are built with yoga's own
 * createGraphQLError because yoga tells intended errors from crashes by their class: where `graphql` is loaded twice
 * (ESM and CommonJS, as under a test runner) a GraphQLError of the other copy would be masked.
 */
export function apiError(code: number, message: string, traceId: string): GraphQLError {
  return createGraphQLError(publicText(message), { extensions: { code, traceId } });
}

export function toGraphQLError(error: unknown, traceId: string): GraphQLError {
  if (error instanceof GraphQLError) return error;
  if (error instanceof CommandError) return apiError(error.code, error.message, traceId);
  return apiError(500, 'internal error', traceId);
}

/**
 * A message as a client may read it: without the source locations and library internals that some errors carry
 * (OpenSSL's `../deps/openssl/…/ssl3_record.c:355:`, stack frames, absolute paths of this machine).
 */
export function publicText(message: string): string {
  return message
    .replace(/\s*\(?(?:\.{0,2}\/)?(?:[\w.-]+\/)+[\w.-]+\.(?:c|cc|cpp|h|js|mjs|cjs|ts):\d+(?::\d+)?\)?:?/g, '')
    .replace(/(?:[0-9A-F]{16}:)?error:[0-9A-F]{8}:[^:]*:[^:]*:/g, '')
    .replace(/\n\s+at .*/g, '')
    .replace(/\s{2,}/g, ' ')
    .trim()
    .replace(/:+$/, '');
}
