import { describe, expect, it } from 'vitest';
import type { CounterInfo } from '../../src/adapters/vcenter/perf/perf-catalogue';
import { planBatches, type PerfTarget } from '../../src/adapters/vcenter/perf/perf-plan';
import { decodePerfResult } from '../../src/adapters/vcenter/perf/perf-results';
import { decodeValue } from '../../src/adapters/vcenter/soap/vim-values';
import { sdkUrl } from '../../src/adapters/vcenter/vcenter-connector';

const cpu: CounterInfo = { key: 2, name: 'cpu.usage.average', unit: 'percent', level: 1 };
const disk: CounterInfo = { key: 171, name: 'virtualDisk.numberReadAveraged.average', unit: 'number', level: 1 };
const counters = new Map([
  [2, cpu],
  [171, disk],
]);
const vm = (value: string) => ({ attributes: { type: 'VirtualMachine' }, $value: value });
const T0 = Date.parse('2026-01-01T00:00:00Z');
const iso = (i: number) => new Date(T0 + i * 20_000).toISOString();

describe('vcenter decoding', () => {
  it('vcenter - pairs values with sampleInfo by position whatever its order, and drops -1', () => {
    const newestFirst = {
      attributes: { 'xsi:type': 'PerfEntityMetric' },
      entity: vm('vm-1'),
      sampleInfo: [2, 1, 0].map((i) => ({ timestamp: new Date(iso(i)), interval: 20 })),
      value: [{ id: { counterId: 2, instance: '' }, value: [300, -1, 100] }],
    };
    const samples = decodePerfResult([newestFirst], counters, () => 'vm');
    expect(samples.map((s) => [s.timestamp - T0, s.value])).toEqual([
      [40_000, 300],
      [0, 100],
    ]);
    expect(samples[0]).toMatchObject({
      entityType: 'vm',
      entityId: 'vm-1',
      counter: 'cpu.usage.average',
      unit: 'percent',
      instance: '',
    });
  });

  it('vcenter - reads the CSV format, skipping empty and -1 values', () => {
    const csv = {
      attributes: { '_XMLSchema-instance:type': 'PerfEntityMetricCSV' },
      entity: vm('vm-2'),
      sampleInfoCSV: `20,${iso(0)},20,${iso(1)},20,${iso(2)}`,
      value: [
        { id: { counterId: 171, instance: 'scsi0:0' }, value: '5,,-1' },
        { id: { counterId: 999, instance: '' }, value: '1,2,3' },
      ],
    };
    expect(decodePerfResult([csv], counters, () => 'vm')).toEqual([
      {
        entityType: 'vm',
        entityId: 'vm-2',
        counter: disk.name,
        instance: 'scsi0:0',
        unit: 'number',
        timestamp: T0,
        value: 5,
      },
    ]);
  });

  it('vcenter - packs entity×counter pairs within the metric and element limits', () => {
    const targets: PerfTarget[] = Array.from({ length: 10 }, (_, i) => ({
      ref: { type: 'VirtualMachine', value: `vm-${i}` },
      kind: 'vm',
      counters: [cpu, disk],
    }));
    const byMetrics = planBatches(targets, { maxMetrics: 3, maxElements: 1e9, samplesPerSeries: 180, csv: true });
    expect(byMetrics.every((b) => b.reduce((n, s) => n + s.metrics.length, 0) <= 3)).toBe(true);
    expect(byMetrics.flat().reduce((n, s) => n + s.metrics.length, 0)).toBe(20);
    // Normal format: ~184 elements a series plus ~543 an entity; 2,000 elements hold two entities of two series.
    const byElements = planBatches(targets, {
      maxMetrics: 1000,
      maxElements: 2_000,
      samplesPerSeries: 180,
      csv: false,
    });
    expect(byElements.length).toBeGreaterThanOrEqual(5);
    expect(byElements.flat().reduce((n, s) => n + s.metrics.length, 0)).toBe(20);
    const bySamples = planBatches(targets, {
      maxMetrics: 1000,
      maxElements: 1e9,
      samplesPerSeries: 8640,
      maxSamples: 20_000,
      csv: true,
    });
    expect(bySamples.every((b) => b.reduce((n, s) => n + s.metrics.length, 0) <= 2)).toBe(true);
    expect(bySamples).toHaveLength(10);
    const metrics = byElements.flat().flatMap((s) => s.metrics);
    expect(metrics.find((m) => m.counter === disk)?.instance).toBe('*');
    expect(metrics.find((m) => m.counter === cpu)?.instance).toBe('');
  });

  it('vcenter - decodes xsi-typed property values whatever the XSI prefix', () => {
    expect(decodeValue({ attributes: { 'XMLSchema-instance:type': 'xsd:int' }, $value: '32' })).toBe(32);
    expect(decodeValue({ attributes: { 'xsi:type': 'xsd:boolean' }, $value: 'true' })).toBe(true);
    expect(
      decodeValue({
        attributes: { '_XMLSchema-instance:type': 'ManagedObjectReference', type: 'HostSystem' },
        $value: 'host-1',
      }),
    ).toEqual({ type: 'HostSystem', value: 'host-1' });
    expect(
      decodeValue({
        attributes: { 'xsi:type': 'ArrayOfManagedObjectReference' },
        ManagedObjectReference: { attributes: { type: 'Datastore' }, $value: 'ds-1' },
      }),
    ).toEqual([{ type: 'Datastore', value: 'ds-1' }]);
    expect(decodeValue({ attributes: { 'xsi:type': 'ArrayOfString' }, string: ['a', 'b'] })).toEqual(['a', 'b']);
  });

  it('vcenter - builds the SDK URL from an endpoint and port', () => {
    expect(sdkUrl('vc.example.com')).toBe('https://vc.example.com/sdk');
    expect(sdkUrl('vc.example.com', 8443)).toBe('https://vc.example.com:8443/sdk');
    expect(sdkUrl('https://127.0.0.1:9443/sdk', 443)).toBe('https://127.0.0.1:9443/sdk');
    expect(sdkUrl('vc.example.com:9443', 443)).toBe('https://vc.example.com:9443/sdk');
  });
});
