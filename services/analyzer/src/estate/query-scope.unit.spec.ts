import { describe, expect, it } from 'vitest';
import { queryScope } from './query-scope';

describe('query scope', () => {
  it('scope - a short list of VMs is sent as ids', () => {
    expect(queryScope([{ id: 'vm-1' }, { id: 'vm-2' }])).toEqual(['vm-1', 'vm-2']);
  });

  it('scope - a list too long for one URL reads the whole connection instead of failing at the server', () => {
    const vms = Array.from({ length: 10_000 }, (_, i) => ({ id: `vm-${String(i).padStart(6, '0')}` }));
    expect(queryScope(vms)).toBeUndefined();
  });
});
