import { describe, expect, it } from 'vitest';
import { readHeader, readRow } from './csv-layout';
import { csvLines, parseCsvLine } from './csv-line';
import { parseTimestamp } from './timestamps';

const T = Date.UTC(2026, 9, 1, 8, 0, 0);

describe('import - CSV reading', () => {
  it('import - fields follow RFC 4180 quoting; an unclosed quote is refused', () => {
    expect(parseCsvLine('a, "b, c" ,"say ""hi""",')).toEqual(['a', 'b, c', 'say "hi"', '']);
    expect(parseCsvLine('a,"open')).toBeUndefined();
  });

  it('import - lines keep their numbers, CRLF or LF, without blank lines and # comments', () => {
    expect([...csvLines('h\r\n\r\n# note\nx\r\ny')]).toEqual([
      { line: 1, text: 'h' },
      { line: 4, text: 'x' },
      { line: 5, text: 'y' },
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
    expect(readRow(layout, ['h-1', '2026-10-01T08:00:00Z', 'cpu.usage_pct', '12.5', '', 'host'])).toEqual({
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
    const row = readRow(layout, ['vm-1', String(T), '', '1.5', '4096', 'web']);
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
    expect(readRow(layout, ['vm-1', 'noon', 'cpu.usage_pct', '1'])).toMatchObject({ code: 'bad_timestamp' });
    expect(readRow(layout, ['vm-1', String(T), 'cpu.usage_pct', '1,5'])).toMatchObject({ code: 'bad_value' });
    expect(readRow(layout, ['', String(T), 'cpu.usage_pct', '1'])).toMatchObject({ code: 'bad_entity' });
    expect(readRow(layout, ['vm-1', String(T)])).toMatchObject({
      code: 'bad_row',
      reason: '2 fields, the header has 4',
    });
  });

  it('import - a header that fits neither form is refused with the reason', () => {
    expect(() => readHeader(['host', 'when'])).toThrow(/entity \(or vm\) column and a timestamp column/);
    expect(() => readHeader(['vm', 'timestamp', 'CPU %'])).toThrow(/"CPU %" is neither a metric/);
    expect(() => readHeader(['vm', 'timestamp', 'metric'], 'long')).toThrow(/needs the columns/);
  });
});
