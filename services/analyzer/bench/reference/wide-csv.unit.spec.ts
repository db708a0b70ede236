import { describe, expect, it } from 'vitest';
import type { TraceVm } from './trace-catalogue';
import { TRACE_START_MS } from './trace-time';
import { fnv1a32, vcpusFor } from './vcpus';
import { startForEnd, wideCsvHeader, wideCsvLines } from './wide-csv';

const vm = (name: string, cpu: number[], extra: Partial<TraceVm> = {}): TraceVm => ({
  name,
  vcpus: 4,
  series: { cpuAvg: Float64Array.from(cpu) },
  ...extra,
});

describe('wide-form CSV from the traces', () => {
  it('wide csv - a line per VM and step, time-major, ISO timestamps, gaps as no line', () => {
    const vms = [vm('azure-1', [12.5, Number.NaN]), vm('azure-2', [1, 2])];
    expect(wideCsvHeader(vms)).toBe('vm,timestamp,name,cpu_count,memory_mb,cpu.usage_pct');
    expect([...wideCsvLines(vms, TRACE_START_MS)]).toEqual([
      'azure-1,2026-01-05T00:00:00Z,azure-1,4,16384,12.5',
      'azure-2,2026-01-05T00:00:00Z,azure-2,4,16384,1',
      'azure-2,2026-01-05T00:05:00Z,azure-2,4,16384,2',
    ]);
  });

  it('wide csv - hosts carry memory, network and disk; a missing metric is an empty cell', () => {
    const host = vm('m_1', [10, 20], {
      vcpus: 96,
      series: {
        cpuAvg: Float64Array.from([10, 20]),
        netInBps: Float64Array.from([1024, Number.NaN]),
        netOutBps: Float64Array.from([1024, 0]),
      },
      memPct: Float64Array.from([50, Number.NaN]),
      diskPct: Float64Array.from([1, 2]),
    });
    expect(wideCsvHeader([host])).toBe(
      'vm,timestamp,name,cpu_count,memory_mb,cpu.usage_pct,mem.usage_pct,net.kbps,disk.kbps',
    );
    const lines = [...wideCsvLines([host], TRACE_START_MS)];
    expect(lines[0]).toBe('m_1,2026-01-05T00:00:00Z,m_1,96,393216,10,50,2,4882.8125');
    expect(lines[1]).toBe('m_1,2026-01-05T00:05:00Z,m_1,96,393216,20,,,9765.625');
  });

  it('wide csv - moved to end at a date by whole weeks, so weekdays and hours stay', () => {
    const steps = 8004;
    const start = startForEnd(steps, Date.parse('2026-09-30T23:55:00Z'));
    const last = start + (steps - 1) * 300_000;
    expect(new Date(start).getUTCDay()).toBe(1);
    expect(new Date(start).getUTCHours()).toBe(0);
    expect(last).toBeLessThanOrEqual(Date.parse('2026-09-30T23:55:00Z'));
    expect(Date.parse('2026-09-30T23:55:00Z') - last).toBeLessThan(7 * 86_400_000);
    expect(startForEnd(steps)).toBe(TRACE_START_MS);
    expect(new Date(startForEnd(steps, Date.parse('2025-12-31T00:00:00Z'))).toISOString()).toBe(
      '2025-12-01T00:00:00.000Z',
    );
  });

  it('vcpus - reproducible from the name, spread over 2, 4 and 8', () => {
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(vcpusFor('azure-1633748')).toBe(vcpusFor('azure-1633748'));
    const counts = new Map<number, number>();
    for (let i = 0; i < 300; i++) counts.set(vcpusFor(`vm-${i}`), (counts.get(vcpusFor(`vm-${i}`)) ?? 0) + 1);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([2, 4, 8]);
    for (const n of counts.values()) expect(n).toBeGreaterThan(70);
  });
});
