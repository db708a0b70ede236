import { describe, expect, it } from 'vitest';
import { collectMetrics } from '../../src/adapters/vcenter/perf/collect-metrics';
import type { CounterInfo, PerfCatalogue } from '../../src/adapters/vcenter/perf/perf-catalogue';
import { VimFault } from '../../src/adapters/vcenter/soap/vim-fault';
import type { VimClient } from '../../src/adapters/vcenter/vim-client';

const cpu: CounterInfo = { key: 6, name: 'cpu.usagemhz.average', unit: 'megaHertz', level: 1 };
const catalogue: PerfCatalogue = {
  byName: new Map([[cpu.name, cpu]]),
  byKey: new Map([[cpu.key, cpu]]),
  historicalIntervals: [300],
};

/**
 * A stand-in for vCenter's QueryPerf (vcsim answers for deleted VMs too, so this case cannot be produced there):
 * a call naming a deleted VM fails as a whole with ManagedObjectNotFound, as vCenter does.
 */
function fakeClient(deleted: string, calls: string[][]): VimClient {
  return {
    serviceContent: { perfManager: { type: 'PerformanceManager', value: 'PerfMgr' } },
    call: async (_op: string, _this: unknown, params: { querySpec: Array<{ entity: { $value: string } }> }) => {
      const ids = params.querySpec.map((s) => s.entity.$value);
      calls.push(ids);
      if (ids.includes(deleted)) throw new VimFault('ManagedObjectNotFound', 'The object has already been deleted');
      return {
        returnval: ids.map((id) => ({
          entity: { attributes: { type: 'VirtualMachine' }, $value: id },
          sampleInfoCSV: '20,2026-01-01T00:00:00Z',
          value: [{ id: { counterId: 6, instance: '' }, value: '42' }],
        })),
      };
    },
  } as unknown as VimClient;
}

describe('vcenter metrics with a deleted VM', () => {
  it('vcenter - a VM deleted since the inventory is skipped and the rest of its call retried one by one', async () => {
    const calls: string[][] = [];
    const query = {
      targets: ['vm-1', 'vm-2', 'vm-3'].map((id) => ({ id, kind: 'vm' as const })),
      startTime: Date.parse('2026-01-01T00:00:00Z') - 20_000,
      endTime: Date.parse('2026-01-01T00:00:00Z'),
      intervalSec: 20,
      counters: [cpu.name],
    };
    const samples = [];
    for await (const page of collectMetrics(fakeClient('vm-2', calls), catalogue, 64, query)) samples.push(...page);
    expect(samples.map((s) => s.entityId).sort()).toEqual(['vm-1', 'vm-3']);
    expect(calls).toEqual([['vm-1', 'vm-2', 'vm-3'], ['vm-1'], ['vm-2'], ['vm-3']]);
  });
});
