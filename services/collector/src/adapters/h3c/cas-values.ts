/**
 * Reading CAS answers, which come as JSON or as XML turned into objects (where every value is text): a list may be an
 * array, a single object (CAS writes a list of one as the element itself) or absent.
 */
export type CasRecord = Record<string, unknown>;

export function list(value: unknown): CasRecord[] {
  if (value === undefined || value === null || value === '') return [];
  return (Array.isArray(value) ? value : [value]).filter((v): v is CasRecord => typeof v === 'object' && v !== null);
}

/** The named list of an answer: `{ domain: [...] }` or `{ domain: {...} }`. */
export const listOf = (body: unknown, key: string) => list((body as CasRecord | null)?.[key]);

export function num(value: unknown, fallback = 0): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() ? Number(value) : Number.NaN;
  return Number.isFinite(n) ? n : fallback;
}

export const str = (value: unknown) =>
  value === undefined || value === null ? '' : typeof value === 'object' ? '' : String(value);

export const bool = (value: unknown) => value === true || value === 1 || /^(true|1)$/i.test(str(value));

/**
 * A CAS time: epoch seconds (what its monitor answers carry), epoch milliseconds, or `yyyy-MM-dd HH:mm:ss` (read as
 * UTC). NaN when unreadable.
 */
export function casTime(value: unknown): number {
  const n = num(value, Number.NaN);
  if (Number.isFinite(n)) return n > 100_000_000_000 ? n : n * 1000;
  const text = str(value);
  const m = text.match(/^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?/);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0)) : Number.NaN;
}
