import { CommandError } from '@justfit/events';
import { GraphQLError } from 'graphql';

/** Errors reach clients with the seed's code and the request's trace id in `extensions`. */
export function apiError(code: number, message: string, traceId: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, traceId } });
}

export function toGraphQLError(error: unknown, traceId: string): GraphQLError {
  if (error instanceof GraphQLError) return error;
  if (error instanceof CommandError) return apiError(error.code, error.message, traceId);
  return apiError(500, 'internal error', traceId);
}
