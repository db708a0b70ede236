import { createGraphQLError } from 'graphql-yoga';

/**
 * An error with the seed's code and the trace id in `extensions` (as graphql/errors.ts makes them). It is built
 * with yoga's own createGraphQLError because yoga tells intended errors from crashes by their class: where `graphql`
 * is loaded twice (ESM and CommonJS, as under a test runner) a GraphQLError of the other copy would be masked.
 */
export function apiError(code: number, message: string, traceId: string): Error {
  return createGraphQLError(message, { extensions: { code, traceId } });
}
