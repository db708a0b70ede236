import { describe, expect, it } from 'vitest';
import { idRanges, queryScope } from './query-scope';

describe('query scope', () => {
  it('scope - a short list of VMs is sent as ids', () => {
    expect(queryScope([{ id: 'vm-1' }, { id: 'vm-2' }])).toEqual(['vm-1', 'vm-2']);
  });

  it('scope - a list too long for one URL reads the whole connection instead of failing at the server', () => {
    const vms = Array.from({ length: 10_000 }, (_, i) => ({ id: `vm-${String(i).padStart(6, '0')}` }));
    expect(queryScope(vms)).toBeUndefined();
  });

  it('scope - id ranges cover every id exactly once, in equal slices, in the byte order ClickHouse compares by', () => {
    // U+FF5E sorts after U+1F600 in UTF-16 code units but before it in UTF-8 bytes.
    const ids = [...Array.from({ length: 1000 }, (_, i) => `vm-${i}`), 'vm-\uff5e', 'vm-\u{1f600}', 'é-1', 'Z'];
    const ranges = idRanges(ids, 4);
    expect(ranges).toHaveLength(4);
    expect(ranges[0]!.from).toBeUndefined();
    expect(ranges[3]!.to).toBeUndefined();
    const bytes = (id: string) => Buffer.from(id);
    const inRange = (id: string, range: { from?: string; to?: string }) =>
      (range.from === undefined || Buffer.compare(bytes(id), bytes(range.from)) >= 0) &&
      (range.to === undefined || Buffer.compare(bytes(id), bytes(range.to)) < 0);
    for (const id of [...ids, 'a', 'vm-5000', '\u{10ffff}'])
      expect(ranges.filter((range) => inRange(id, range))).toHaveLength(1);
    // With these four every id is a bound: sorted as JavaScript sorts, two ranges would overlap in ClickHouse.
    const astral = ['vm-a', 'vm-b', 'vm-\uff5e', 'vm-\u{1f600}'];
    const bounded = idRanges(astral, 4);
    for (const id of astral) expect(bounded.filter((range) => inRange(id, range))).toHaveLength(1);
    const sizes = ranges.map((range) => ids.filter((id) => inRange(id, range)).length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(idRanges(['only'], 4)).toEqual([{ from: undefined, to: undefined }]);
  });
});
