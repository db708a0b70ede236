import { describe, expect, it } from 'vitest';
import { chunkForUrl } from './param-chunks';

describe('storage - query parameters in chunks', () => {
  it('storage - a long list of ids is split into chunks that fit the URL budget, in order, none empty', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `vm-${i}`);
    const chunks = chunkForUrl(ids, 500);
    expect(chunks.flat()).toEqual(ids);
    for (const chunk of chunks)
      expect(chunk.map((id) => encodeURIComponent(id).length + 6).reduce((a, b) => a + b)).toBeLessThanOrEqual(500);
  });

  it('storage - ids that grow when URL-encoded count at their encoded length; one too long still gets its own chunk', () => {
    expect(chunkForUrl(['ü'.repeat(20), 'ü'.repeat(20)], 150)).toEqual([['ü'.repeat(20)], ['ü'.repeat(20)]]);
    expect(chunkForUrl(['x'.repeat(100)], 10)).toEqual([['x'.repeat(100)]]);
    expect(chunkForUrl([])).toEqual([]);
  });
});
