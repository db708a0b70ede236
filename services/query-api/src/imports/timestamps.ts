/** Epoch numbers below this are seconds (until the year 5138), at or above it milliseconds. */
const SECONDS_LIMIT = 1e11;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * A time of an imported file as epoch ms: ISO 8601 (`2026-10-01T08:00:00Z`; without an offset it is UTC; a space may
 * stand for the T), or epoch seconds or milliseconds. Undefined when it is none of these.
 */
export function parseTimestamp(text: string): number | undefined {
  const value = text.trim();
  if (/^\d+(\.\d+)?$/.test(value)) {
    const n = Number(value);
    return Math.round(n < SECONDS_LIMIT ? n * 1000 : n);
  }
  const match = ISO_DATE.exec(value);
  if (!match) return undefined;
  const iso = value.replace(' ', 'T');
  const ms = Date.parse(match[4] ? iso : `${iso}${match[1] ? '' : 'T00:00'}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}
