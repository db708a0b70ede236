import { StringDecoder } from 'node:string_decoder';

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

/** Longer lines are not records of either form: they are refused without being held in memory. */
export const MAX_LINE_CHARS = 64 * 1024;

export interface CsvLine {
  /** 1-based. */
  line: number;
  text: string;
  /** Set when the line was longer than MAX_LINE_CHARS: `text` holds its start only. */
  tooLong?: boolean;
}

/**
 * The lines of a stream with their 1-based numbers, split as they stream in, CRLF or LF, a UTF-8 byte order mark
 * dropped, blank lines and `#` comments skipped. Memory stays flat whatever the file: a line is held up to
 * MAX_LINE_CHARS only. Fields are read per line by parseCsvLine rather than by a whole-file CSV parser: with those
 * (csv-parse was tried), one unclosed quote swallows every line up to the next quote, where here it costs one line.
 */
export async function* readCsvLines(
  input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
): AsyncGenerator<CsvLine> {
  const decoder = new StringDecoder('utf8');
  let line = 0;
  let pending = '';
  let overflow = false;
  const finish = (raw: string): CsvLine | undefined => {
    line++;
    const stripped = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const text = line === 1 && stripped.startsWith('\uFEFF') ? stripped.slice(1) : stripped;
    if (overflow) return { line, text: text.slice(0, 200), tooLong: true };
    if (text.trim() === '' || text.trimStart().startsWith('#')) return undefined;
    return { line, text };
  };
  for await (const chunk of input) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      const out = finish(pending + text.slice(start, end));
      pending = '';
      overflow = false;
      start = end + 1;
      if (out) yield out;
    }
    if (!overflow) pending += text.slice(start);
    if (pending.length > MAX_LINE_CHARS) {
      overflow = true;
      pending = pending.slice(0, 200);
    }
  }
  const rest = pending + decoder.end();
  if (rest !== '' || overflow) {
    const out = finish(rest);
    if (out) yield out;
  }
}
