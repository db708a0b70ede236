import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ALIBABA_LINK_BYTES_PER_SEC, alibabaVmSeries, parseAlibabaMachineUsage } from './alibaba-trace';
import { loadAzureTrace, parseAzureCsv } from './azure-trace';

const dir = mkdtempSync(join(tmpdir(), 'reference-traces-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Azure V1 trace loader', () => {
  it('azure loader - one series per VM column, rows at their step, empty or NA cells as gaps', () => {
    const { header, columns } = parseAzureCsv('step_5min,11 24,12 8\n0,1.5,2\n1,,NA\n3,4,5\n');
    expect(header).toEqual(['11 24', '12 8']);
    expect(Array.from(columns[0]!)).toEqual([1.5, Number.NaN, Number.NaN, 4]);
    expect(Array.from(columns[1]!)).toEqual([2, Number.NaN, Number.NaN, 5]);
  });

  it('azure loader - refuses a file that is not an Azure V1 trace', () => {
    expect(() => parseAzureCsv('time,vm\n0,1\n')).toThrow(/not an Azure V1 trace/);
    expect(() => parseAzureCsv('step_5min,1\nx,1\n')).toThrow(/line 2/);
  });

  it('azure loader - avg and max files (gzipped) matched by column, with the period label', () => {
    const avg = join(dir, 'periodic_avg.csv.gz');
    const max = join(dir, 'periodic_max.csv.gz');
    writeFileSync(avg, gzipSync('step_5min,7 24,9 1\n0,1,2\n1,3,4\n'));
    writeFileSync(max, gzipSync('step_5min,9 1,7 24\n0,20,10\n1,40,30\n'));
    const vms = loadAzureTrace(avg, max);
    expect(vms.map((vm) => [vm.name, vm.id, vm.periodHours])).toEqual([
      ['azure-7', '7', 24],
      ['azure-9', '9', 1],
    ]);
    expect(Array.from(vms[0]!.series.cpuAvg)).toEqual([1, 3]);
    expect(Array.from(vms[0]!.series.cpuMax!)).toEqual([10, 30]);
    const plain = join(dir, 'microsoft_avg.csv');
    writeFileSync(plain, 'step_5min,5\n0,1\n');
    expect(loadAzureTrace(plain)[0]).toMatchObject({ name: 'azure-5', id: '5' });
    expect(loadAzureTrace(plain)[0]!.periodHours).toBeUndefined();
  });
});

describe('Alibaba machine_usage loader', () => {
  const header = 'machine_id,time_stamp,cpu_util_percent,mem_util_percent,mem_gps,mpki,net_in,net_out,disk_io_percent';

  it('alibaba loader - resamples readings to 5-minute means and maxima from the trace start', () => {
    const hosts = parseAlibabaMachineUsage(
      [
        header,
        'm_2,0,10,50,,,40,30,5',
        'm_2,120,30,52,,,42,32,7',
        'm_2,310,20,54,,,44,34,9',
        'm_1,900,5,10,,,1,2,3',
      ].join('\n'),
    );
    expect(hosts.map((h) => h.name)).toEqual(['m_1', 'm_2']);
    const m2 = hosts[1]!;
    expect(m2.cpu.length).toBe(4);
    expect(Array.from(m2.cpu)).toEqual([20, 20, Number.NaN, Number.NaN]);
    expect(Array.from(m2.cpuMax)).toEqual([30, 20, Number.NaN, Number.NaN]);
    expect(m2.mem[0]).toBe(51);
    expect(m2.netIn[0]).toBe(41);
    expect(Array.from(hosts[0]!.cpu)).toEqual([Number.NaN, Number.NaN, Number.NaN, 5]);
  });

  it('alibaba loader - -1 and 101 are invalid readings, left out of the means', () => {
    const hosts = parseAlibabaMachineUsage(
      [header, 'm_1,0,-1,50,,,40,30,101', 'm_1,60,20,101,,,-1,30,4', 'm_1,120,101,40,,,20,30,-1'].join('\n'),
    );
    const m1 = hosts[0]!;
    expect(m1.cpu[0]).toBe(20);
    expect(m1.cpuMax[0]).toBe(20);
    expect(m1.mem[0]).toBe(45);
    expect(m1.netIn[0]).toBe(30);
    expect(m1.disk[0]).toBe(4);
  });

  it('alibaba loader - network as bytes per second on the assumed link, outbound also as %', () => {
    const [host] = parseAlibabaMachineUsage([header, 'm_1,0,10,50,,,40,2,5'].join('\n'));
    const series = alibabaVmSeries(host!);
    expect(series.netInBps![0]).toBeCloseTo(0.4 * ALIBABA_LINK_BYTES_PER_SEC, 3);
    expect(series.netOutPct![0]).toBe(2);
    expect(() => parseAlibabaMachineUsage('machine_id,cpu\n')).toThrow(/no "time_stamp" column/);
  });
});
