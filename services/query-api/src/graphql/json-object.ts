import type { ApiContext } from './context';
import { apiError } from './errors';

/** A JSON argument that must be an object (a command's options or settings); 400 otherwise. */
export function jsonObject(value: unknown, name: string, ctx: ApiContext): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw apiError(400, `${name} must be a JSON object`, ctx.traceId);
  return value as Record<string, unknown>;
}
