import { describe, expect, it } from 'vitest';
import { readHeader, readRow } from './csv-layout';
import { MAX_LINE_CHARS, parseCsvLine, readCsvLines } from './csv-line';
import { parseTimestamp } from './timestamps';

const T = Date.UTC(2026, 9, 1, 8, 0, 0);
const check = { now: T + 86_400_000, maxSkewMs: 300_000, retentionDays: 400, intervalSec: 300 };
const lines = async (...chunks: string[]) => {
  const out = [];
  for await (const l of readCsvLines(chunks.map((c) => Buffer.from(c)))) out.push(l);
  return out;
};

describe('import - CSV reading', () => {
  it('import - fields follow RFC 4180 quoting; an unclosed quote is refused', () => {
    expect(parseCsvLine('a, "b, c" ,"say ""hi""",')).toEqual(['a', 'b, c', 'say "hi"', '']);
    expect(parseCsvLine('a,"open')).toBeUndefined();
  });

  it('import - lines keep their numbers, CRLF or LF, without blank lines and # comments, whatever the chunks', async () => {
    const expected = [
      { line: 1, text: 'h' },
      { line: 4, text: 'x' },
      { line: 5, text: 'yé' },
    ];
    expect(await lines('\uFEFFh\r\n\r\n# note\nx\r\nyé')).toEqual(expected);
    const bytes = Buffer.from('\uFEFFh\r\n\r\n# note\nx\r\nyé');
    const split = [bytes.subarray(0, 2), bytes.subarray(2, 7), bytes.subarray(7, bytes.length - 1), bytes.subarray(-1)];
    const out = [];
    for await (const l of readCsvLines(split)) out.push(l);
    expect(out).toEqual(expected);
  });

  it('import - a line longer than the limit is reported by its start, not held, and the next line is read', async () => {
    const long = 'v'.repeat(MAX_LINE_CHARS * 3);
    const out = await lines('h\n', long.slice(0, MAX_LINE_CHARS * 2), long.slice(MAX_LINE_CHARS * 2), '\nnext\n');
    expect(out).toEqual([
      { line: 1, text: 'h' },
      { line: 2, text: 'v'.repeat(200), tooLong: true },
      { line: 3, text: 'next' },
    ]);
  });

  it.each([
    ['2026-10-01T08:00:00Z', T],
    ['2026-10-01T08:00:00', T],
    ['2026-10-01 08:00', T],
    ['2026-10-01T10:00:00+02:00', T],
    ['2026-10-01', Date.UTC(2026, 9, 1)],
    [String(T / 1000), T],
    [String(T), T],
    ['1.5', 1500],
  ])('import - the time %s is read as epoch ms', (text, expected) => {
    expect(parseTimestamp(text)).toBe(expected);
  });

  it.each(['yesterday', '10/01/2026', '', '2026-13-01'])('import - %j is not a time', (text) => {
    expect(parseTimestamp(text)).toBeUndefined();
  });

  it('import - the long form: one sample per row, unit and entity type optional', () => {
    const layout = readHeader(['Entity', 'timestamp', 'metric', 'value', 'unit', 'entity_type']);
    expect(layout.format).toBe('long');
    expect(readRow(layout, ['h-1', '2026-10-01T08:00:00Z', 'cpu.usage_pct', '12.5', '', 'host'], check)).toEqual({
      entity: { kind: 'host', id: 'h-1', attributes: {} },
      samples: [
        {
          entityType: 'host',
          entityId: 'h-1',
          counter: 'cpu.usage_pct',
          instance: '',
          unit: '',
          timestamp: T,
          value: 12.5,
        },
      ],
    });
  });

  it('import - the wide form: one sample per filled metric cell, units in brackets, VM attributes', () => {
    const layout = readHeader(['vm', 'timestamp', 'cpu.usage_pct', 'mem.active_mb[GB]', 'memory_mb', 'name']);
    expect(layout.format).toBe('wide');
    const row = readRow(layout, ['vm-1', String(T), '', '1.5', '4096', 'web'], check);
    expect(row).toEqual({
      entity: { kind: 'vm', id: 'vm-1', attributes: { memory_mb: '4096', name: 'web' } },
      samples: [
        {
          entityType: 'vm',
          entityId: 'vm-1',
          counter: 'mem.active_mb',
          instance: '',
          unit: 'GB',
          timestamp: T,
          value: 1.5,
        },
      ],
    });
  });

  it('import - rows that cannot be read say why', () => {
    const layout = readHeader(['entity', 'timestamp', 'metric', 'value']);
    expect(readRow(layout, ['vm-1', 'noon', 'cpu.usage_pct', '1'], check)).toMatchObject({ code: 'bad_timestamp' });
    expect(readRow(layout, ['vm-1', String(T), 'cpu.usage_pct', '1,5'], check)).toMatchObject({ code: 'bad_value' });
    expect(readRow(layout, ['', String(T), 'cpu.usage_pct', '1'], check)).toMatchObject({ code: 'bad_entity' });
    expect(readRow(layout, ['vm-1', String(T)], check)).toMatchObject({
      code: 'bad_row',
      reason: '2 fields, the header has 4',
    });
  });

  it('import - a line is checked against the raw sample contract and the ETL checks: each refusal says why', () => {
    const layout = readHeader(['entity', 'timestamp', 'metric', 'value', 'unit']);
    const row = (time: string, metric: string, value: string, unit = '') =>
      readRow(layout, ['vm-1', time, metric, value, unit], check);
    expect(row(String(T), 'cpu.usage_pct', '1e309')).toEqual({
      code: 'bad_value',
      reason: 'cpu.usage_pct: the value is not a finite number (Infinity)',
    });
    expect(row('1899-12-31T00:00:00Z', 'cpu.usage_pct', '1')).toEqual({
      code: 'bad_timestamp',
      reason: 'cpu.usage_pct: the time is before 1970',
    });
    expect(row('1995-01-01', 'cpu.usage_pct', '1')).toMatchObject({ code: 'implausible_timestamp' });
    expect(row('2024-01-01', 'cpu.usage_pct', '1')).toMatchObject({
      code: 'beyond_retention',
      reason: expect.stringMatching(/older than the 400 days raw samples are kept/),
    });
    expect(row(String(T + 2 * 86_400_000), 'cpu.usage_pct', '1')).toMatchObject({ code: 'future_timestamp' });
    expect(row(String(T), 'cpu.made_up', '1')).toMatchObject({ code: 'unknown_counter' });
    expect(row(String(T), 'mem.active_mb', '1', 'furlongs')).toMatchObject({ code: 'bad_unit' });
    expect(row(String(T), 'cpu.usage_pct', '-4')).toMatchObject({ code: 'negative' });
    expect(row(String(T), 'cpu.usage_pct', '104')).toMatchObject({ samples: [{ value: 104 }] });
    expect(row(String(T), 'cpu.usage_pct', '10000')).toEqual({
      code: 'above_max',
      reason: 'cpu.usage_pct 10000 percent is above the plausible maximum 300',
    });
  });

  it('import - in the wide form one bad cell refuses its line, naming the column', () => {
    const layout = readHeader(['vm', 'timestamp', 'cpu.usage_pct', 'mem.usage_pct']);
    expect(readRow(layout, ['vm-1', String(T), '104', '50'], check)).toMatchObject({ samples: [{}, {}] });
    expect(readRow(layout, ['vm-1', String(T), '1e309', '50'], check)).toMatchObject({
      code: 'bad_value',
      reason: expect.stringMatching(/^cpu.usage_pct: /),
    });
  });

  it('import - a header that fits neither form is refused with the reason', () => {
    expect(() => readHeader(['host', 'when'])).toThrow(/entity \(or vm\) column and a timestamp column/);
    expect(() => readHeader(['vm', 'timestamp', 'CPU %'])).toThrow(/"CPU %" is neither a metric/);
    expect(() => readHeader(['vm', 'timestamp', 'metric'], 'long')).toThrow(/needs the columns/);
    expect(() => readHeader(['vm', 'timestamp', 'cpu.made_up'])).toThrow(/cpu.made_up is not a metric JustFit knows/);
    expect(() => readHeader(['vm', 'timestamp', 'mem.active_mb[furlongs]'])).toThrow(
      /unit "furlongs" is not one mem.active_mb comes in/,
    );
  });
});
