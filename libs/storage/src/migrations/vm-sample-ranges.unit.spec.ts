import { describe, expect, it } from 'vitest';
import { rangesOfRows } from './0004_vm_samples';

describe('vm_samples backfill ranges', () => {
  const vm = (connectionId: string, entityId: string, samples: number) => ({ connectionId, entityId, samples });

  it('backfill - consecutive VMs share a range until the next one would pass the row budget', () => {
    const ranges = rangesOfRows(
      [vm('a', 'vm-1', 40), vm('a', 'vm-2', 50), vm('a', 'vm-3', 20), vm('a', 'vm-4', 5)],
      100,
    );
    expect(ranges).toEqual([
      { connectionId: 'a', first: 'vm-1', last: 'vm-2' },
      { connectionId: 'a', first: 'vm-3', last: 'vm-4' },
    ]);
  });

  it('backfill - a VM larger than the budget gets a range of its own, and no range spans two connections', () => {
    const ranges = rangesOfRows([vm('a', 'vm-1', 500), vm('a', 'vm-2', 1), vm('b', 'vm-3', 1)], 100);
    expect(ranges).toEqual([
      { connectionId: 'a', first: 'vm-1', last: 'vm-1' },
      { connectionId: 'a', first: 'vm-2', last: 'vm-2' },
      { connectionId: 'b', first: 'vm-3', last: 'vm-3' },
    ]);
  });

  it('backfill - counts may arrive as strings (UInt64 in JSON) and nothing in gives nothing out', () => {
    expect(rangesOfRows([vm('a', 'x', 60), { connectionId: 'a', entityId: 'y', samples: '60' }], 100)).toHaveLength(2);
    expect(rangesOfRows([], 100)).toEqual([]);
  });
});
