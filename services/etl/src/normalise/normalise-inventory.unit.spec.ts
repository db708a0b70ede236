import type { RawEntity } from '@justfit/events';
import { describe, expect, it } from 'vitest';
import { normaliseInventory } from './normalise-inventory';

const now = Date.UTC(2026, 10, 25, 12);
const ctx = { connectionId: 'c1', taskId: 't1', observedAt: now, now, maxSkewMs: 300_000 };
const vm = (over: Partial<Extract<RawEntity, { kind: 'vm' }>> = {}): RawEntity => ({
  kind: 'vm',
  id: 'vm-1',
  name: 'web-1',
  datacenter: 'dc',
  clusterId: 'c-1',
  hostId: 'h-1',
  uuid: 'u',
  cpuCount: 4,
  memoryMb: 8192,
  diskGb: 80,
  powerState: 'poweredOn',
  guestOs: 'linux',
  ipAddress: '10.0.0.1',
  isTemplate: false,
  overallStatus: 'green',
  toolsStatus: 'toolsOk',
  createdAt: now - 86_400_000,
  powerStateChangedAt: null,
  ...over,
});

describe('etl - normalise inventory', () => {
  it('etl - entities become rows of their kind, stamped with connection, task and observation time', () => {
    const { groups, rejected } = normaliseInventory(
      [
        vm(),
        { kind: 'datastore', id: 'ds-1', name: 'ds', datacenter: 'dc', type: 'vmfs', capacityGb: 100, freeGb: 40 },
      ],
      ctx,
    );
    expect(rejected).toEqual([]);
    expect(groups.vm[0]).toMatchObject({
      id: 'vm-1',
      connectionId: 'c1',
      taskId: 't1',
      observedAt: now,
      memoryMb: 8192,
    });
    expect(groups.vm[0]).not.toHaveProperty('kind');
    expect(groups.datastore).toHaveLength(1);
  });

  it('etl - implausible sizes, times and free space are refused with their reason; the rest is kept', () => {
    const { groups, rejected } = normaliseInventory(
      [
        vm({ id: 'vm-huge', cpuCount: 5000 }),
        vm({ id: 'vm-future', createdAt: now + 86_400_000 }),
        { kind: 'datastore', id: 'ds-odd', name: 'ds', datacenter: 'dc', type: 'vmfs', capacityGb: 100, freeGb: 400 },
        vm({ id: 'vm-ok' }),
      ],
      ctx,
    );
    expect(groups.vm.map((v) => v.id)).toEqual(['vm-ok']);
    expect(rejected.map((r) => [r.seq, r.code, r.reason])).toEqual([
      [0, 'out_of_range', 'cpuCount 5000 is above the plausible maximum 768'],
      [1, 'implausible_timestamp', expect.stringMatching(/createdAt .* in the future/)],
      [2, 'inconsistent', 'freeGb 400 is more than the capacity 100'],
    ]);
  });
});
