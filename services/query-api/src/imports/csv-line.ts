/**
 * The fields of one CSV line (RFC 4180 quoting: `"a,b"` is one field, `""` inside quotes is a quote). Returns
 * undefined when a quote is left open: fields spanning several lines are not part of the import format.
 */
export function parseCsvLine(line: string): string[] | undefined {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c !== '"') field += c;
      else if (line[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (c === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (c === ',') {
      fields.push(field.trim());
      field = '';
    } else field += c;
  }
  if (quoted) return undefined;
  fields.push(field.trim());
  return fields;
}

/** Lines of a text with their 1-based numbers, CRLF or LF, blank lines and `#` comments skipped. */
export function* csvLines(text: string): Generator<{ line: number; text: string }> {
  let start = 0;
  let line = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    line++;
    const raw = text.slice(start, end).replace(/\r$/, '');
    start = end + 1;
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
    yield { line, text: raw };
  }
}
