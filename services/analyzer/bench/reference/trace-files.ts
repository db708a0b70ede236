import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** A trace file's text, gunzipped when its name ends in .gz. */
export function readTraceText(file: string): string {
  const bytes = readFileSync(file);
  return (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}

/** A number from a CSV cell; empty, "NA" or unreadable cells are NaN (no sample). */
export function cell(text: string | undefined): number {
  if (text === undefined) return Number.NaN;
  const trimmed = text.trim();
  if (trimmed === '') return Number.NaN;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : Number.NaN;
}
