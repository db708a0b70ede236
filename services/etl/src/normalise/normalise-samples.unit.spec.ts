import type { RawSample } from '@justfit/events';
import { describe, expect, it } from 'vitest';
import { normaliseSamples } from './normalise-samples';
import { SampleAssembler } from './sample-assembler';

const now = Date.UTC(2026, 10, 25, 12);
const ctx = {
  connectionId: 'c1',
  intervalSec: 300,
  now,
  maxSkewMs: 300_000,
  retentionDays: 400,
  isKnownEntity: (id: string) => id !== 'vm-unknown',
};
const sample = (over: Partial<RawSample>): RawSample => ({
  entityType: 'vm',
  entityId: 'vm-1',
  counter: 'cpu.usage.average',
  instance: '',
  unit: 'percent',
  timestamp: now - 600_000,
  value: 1234,
  ...over,
});
const normalise = (samples: RawSample[]) => {
  const assembler = new SampleAssembler();
  const outcome = normaliseSamples(samples, ctx, assembler);
  return { ...outcome, rows: assembler.rows() };
};
const assemble = (samples: RawSample[]) => normalise(samples).rows;

describe('etl - normalise samples', () => {
  it('etl - vCenter units become JustFit units: percent x100, KB to MB, ready milliseconds to percent of the interval', () => {
    const { rows, rejected } = normalise([
      sample({ value: 1234 }),
      sample({ counter: 'mem.consumed.average', unit: 'kiloBytes', value: 2_097_152 }),
      sample({ counter: 'cpu.ready.summation', unit: 'millisecond', value: 15_000 }),
      sample({ counter: 'net.usage.average', unit: 'kiloBytesPerSecond', value: 42 }),
      sample({ counter: 'cpu.usagemhz.average', unit: 'megaHertz', value: 2600 }),
    ]);
    expect(rejected).toEqual([]);
    expect(Object.fromEntries(rows.map((r) => [r.metric, r.value]))).toEqual({
      'cpu.usage_pct': 12.34,
      'mem.consumed_mb': 2048,
      'cpu.ready_pct': 5,
      'net.kbps': 42,
      'cpu.usage_mhz': 2600,
    });
  });

  it('etl - JustFit-named counters (H3C CAS, imports) accept the units a file would use and convert them', () => {
    const rows = assemble([
      sample({ counter: 'mem.active_mb', unit: 'GB', value: 2 }),
      sample({ counter: 'cpu.usage_pct', unit: 'ratio', value: 0.25 }),
      sample({ counter: 'net.kbps', unit: 'MBps', value: 1 }),
      sample({ counter: 'disk.iops', unit: '', value: 7 }),
    ]);
    expect(Object.fromEntries(rows.map((r) => [r.metric, r.value]))).toEqual({
      'mem.active_mb': 2048,
      'cpu.usage_pct': 25,
      'net.kbps': 1024,
      'disk.iops': 7,
    });
  });

  it('etl - disk IOPS add up over instances and reads and writes; a repeated part counts once', () => {
    const rows = assemble([
      sample({ counter: 'virtualDisk.numberReadAveraged.average', instance: 'scsi0:0', unit: 'number', value: 10 }),
      sample({ counter: 'virtualDisk.numberReadAveraged.average', instance: 'scsi0:1', unit: 'number', value: 5 }),
      sample({ counter: 'virtualDisk.numberWriteAveraged.average', instance: 'scsi0:0', unit: 'number', value: 3 }),
      sample({ counter: 'virtualDisk.numberWriteAveraged.average', instance: 'scsi0:0', unit: 'number', value: 3 }),
      sample({ counter: 'datastore.numberReadAveraged.average', instance: 'ds-1', unit: 'number', value: 18 }),
      sample({
        entityType: 'host',
        entityId: 'host-1',
        counter: 'datastore.numberWriteAveraged.average',
        instance: 'ds-1',
        unit: 'number',
        value: 40,
      }),
    ]);
    expect(rows.map((r) => [r.entityId, r.metric, r.value])).toEqual([
      ['vm-1', 'disk.iops', 18],
      ['vm-1', 'disk.datastore_iops', 18],
      ['host-1', 'disk.iops', 40],
    ]);
  });

  it('etl - a second value for a metric that does not add up keeps the first', () => {
    expect(
      assemble([sample({ value: 1000 }), sample({ counter: 'cpu.usage_pct', value: 99 })]).map((r) => r.value),
    ).toEqual([10]);
  });

  it('etl - samples out of time order, repeated or interleaved across series still make one row per time', () => {
    const at = (minutes: number) => now - minutes * 60_000;
    const read = (instance: string, minutes: number, value: number) =>
      sample({
        counter: 'virtualDisk.numberReadAveraged.average',
        instance,
        unit: 'number',
        timestamp: at(minutes),
        value,
      });
    const rows = assemble([
      sample({ timestamp: at(10), value: 1000 }),
      read('scsi0:0', 10, 4),
      sample({ timestamp: at(20), value: 2000 }),
      read('scsi0:0', 20, 6),
      read('scsi0:1', 10, 1),
      sample({ timestamp: at(10), value: 9900 }),
      read('scsi0:0', 10, 4),
      sample({ timestamp: at(5), value: 500 }),
      read('scsi0:1', 20, 2),
    ]);
    const byMetric = (metric: string) =>
      rows
        .filter((r) => r.metric === metric)
        .sort((a, b) => a.ts - b.ts)
        .map((r) => [(now - r.ts) / 60_000, r.value]);
    expect(byMetric('cpu.usage_pct')).toEqual([
      [20, 20],
      [10, 10],
      [5, 5],
    ]);
    expect(byMetric('disk.iops')).toEqual([
      [20, 8],
      [10, 5],
    ]);
  });

  it('etl - rejects, with a code and a reason each, what cannot be fixed, and keeps the rest', () => {
    const { rows, accepted, rejected, entityIds } = normalise([
      sample({ value: -1 }),
      sample({ value: -5 }),
      sample({ counter: 'cpu.bogus.average' }),
      sample({ timestamp: now + 3_600_000 }),
      sample({ entityId: 'vm-unknown' }),
      sample({ value: 40_000 }),
      sample({ value: Number.NaN }),
      sample({ unit: 'kiloBytes' }),
      sample({ counter: 'net.usage.average', instance: 'vmnic0', unit: 'kiloBytesPerSecond' }),
      sample({ timestamp: 1000 }),
      sample({ timestamp: now - 401 * 86_400_000 }),
      sample({ value: 500 }),
    ]);
    expect(rows).toHaveLength(1);
    expect(accepted).toBe(1);
    expect(entityIds).toEqual(new Set(['vm-1']));
    expect(rejected.map((r) => [r.seq, r.code])).toEqual([
      [0, 'missing_sample'],
      [1, 'negative'],
      [2, 'unknown_counter'],
      [3, 'future_timestamp'],
      [4, 'unknown_entity'],
      [5, 'above_max'],
      [6, 'not_finite'],
      [7, 'bad_unit'],
      [8, 'not_aggregate'],
      [9, 'implausible_timestamp'],
      [10, 'beyond_retention'],
    ]);
    expect(rejected.map((r) => r.reason)).toEqual([
      'missing sample (-1)',
      'negative value -5',
      'unknown counter cpu.bogus.average',
      expect.stringMatching(/in the future/),
      expect.stringMatching(/unknown vm vm-unknown/),
      'cpu.usage_pct 400 percent is above the plausible maximum 300',
      'value is not a finite number',
      'unit "kiloBytes" is not one of cpu.usage.average: "percent"',
      expect.stringMatching(/whole entity only/),
      'timestamp 1000 is before 2000',
      expect.stringMatching(/^timestamp 2025-.* is older than the 400 days raw samples are kept$/),
    ]);
    expect(rejected[1]!.record).toEqual(sample({ value: -5 }));
  });

  it('etl - CPU above 100 % from Turbo Boost is load, up to the bound no physical host passes', () => {
    const { rows, rejected } = normalise([
      sample({ value: 10_400 }),
      sample({ entityId: 'vm-2', counter: 'cpu.usage_pct', unit: '', value: 300 }),
      sample({ entityId: 'vm-3', counter: 'cpu.usage_pct', unit: '', value: 10_000 }),
    ]);
    expect(rows.map((r) => [r.entityId, r.value])).toEqual([
      ['vm-1', 104],
      ['vm-2', 300],
    ]);
    expect(rejected.map((r) => [r.seq, r.code])).toEqual([[2, 'above_max']]);
  });
});
