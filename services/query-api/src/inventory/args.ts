import { MAX_PAGE_SIZE } from '@justfit/storage';
import type { ApiContext } from '../graphql/context';
import { apiError } from '../graphql/errors';

/** A `limit` argument (`fallback` when absent), refused with 400 unless 1 ≤ limit ≤ 1000. */
export function limitArg(value: number | null | undefined, fallback: number, ctx: ApiContext): number {
  const limit = value ?? fallback;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE)
    throw apiError(400, `limit must be between 1 and ${MAX_PAGE_SIZE}`, ctx.traceId);
  return limit;
}

/** Page arguments, refused with 400 unless page ≥ 1 and 1 ≤ pageSize ≤ 1000. */
export function pageArgs(
  args: { page?: number | null; pageSize?: number | null },
  ctx: ApiContext,
): { page: number; pageSize: number } {
  const page = args.page ?? 1;
  const pageSize = args.pageSize ?? 50;
  if (!Number.isInteger(page) || page < 1 || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw apiError(400, `page must be ≥ 1 and pageSize between 1 and ${MAX_PAGE_SIZE}`, ctx.traceId);
  }
  return { page, pageSize };
}

/** GraphQL gives null for a filter field left empty; the storage filters want it absent. */
export function definedOnly<T extends object>(filter: T | null | undefined): { [K in keyof T]?: Exclude<T[K], null> } {
  return Object.fromEntries(
    Object.entries(filter ?? {}).filter(([, v]) => v !== null && v !== undefined && v !== ''),
  ) as never;
}

type WithoutNulls<T> = T extends null
  ? undefined
  : T extends readonly unknown[]
    ? T
    : T extends object
      ? { [K in keyof T]: WithoutNulls<T[K]> }
      : T;

/** GraphQL input with every null (a field sent empty) made absent, as the commands' contracts want it. */
export function withoutNulls<T>(input: T): WithoutNulls<T> {
  if (input === null) return undefined as WithoutNulls<T>;
  if (typeof input !== 'object' || Array.isArray(input)) return input as WithoutNulls<T>;
  return Object.fromEntries(
    Object.entries(input)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => [k, withoutNulls(v)]),
  ) as WithoutNulls<T>;
}

export interface TimeRange {
  from: number;
  to: number;
}

/**
 * The range asked for, or `defaultSpanMs` up to the newest sample (just after it, as ranges end exclusively); 400 when
 * it is empty or reversed.
 */
export function timeRange(
  args: { startTime?: number | null; endTime?: number | null },
  newestSample: number | undefined,
  defaultSpanMs: number,
  ctx: ApiContext,
): TimeRange {
  for (const [name, value] of [
    ['startTime', args.startTime],
    ['endTime', args.endTime],
  ] as const) {
    if (value !== null && value !== undefined && (!Number.isFinite(value) || value < 0)) {
      throw apiError(400, `${name} must be epoch milliseconds`, ctx.traceId);
    }
  }
  const to = args.endTime ?? (newestSample === undefined ? Date.now() : newestSample + 1);
  const from = args.startTime ?? to - defaultSpanMs;
  if (from >= to) throw apiError(400, `startTime must be before endTime`, ctx.traceId);
  return { from: Math.trunc(from), to: Math.trunc(to) };
}
