/**
 * Query parameters travel in the URL, which servers cap (the embedded server at Node's 16 KB of headers, ClickHouse at
 * `http_max_uri_size`); a long list of ids is therefore queried in chunks of at most this many URL characters.
 */
export const MAX_PARAM_CHARS = 6000;

/** Splits `values` into chunks whose URL-encoded form (as an Array(String) parameter) stays under `maxChars`. */
export function chunkForUrl(values: readonly string[], maxChars = MAX_PARAM_CHARS): string[][] {
  const chunks: string[][] = [];
  let chunk: string[] = [];
  let chars = 0;
  for (const value of values) {
    const size = encodeURIComponent(value).length + 6; // quotes and the comma, encoded
    if (chunk.length > 0 && chars + size > maxChars) {
      chunks.push(chunk);
      chunk = [];
      chars = 0;
    }
    chunk.push(value);
    chars += size;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}
