import { describe, expect, it } from 'vitest';
import { azureShutdown } from './idle-azure';
import { costExplorerIdle, trustedAdvisorLowUtilisation } from './idle-aws';
import { gcpIdle } from './idle-gcp';
import { makeSeries } from './make-series';
import { STEPS_PER_DAY } from './trace-time';

const flat = (days: number, pct: number) => makeSeries(days, () => pct);

describe('GCP idle VM rule (CPU < 0.03 vCPU for 97 %, network 95 %)', () => {
  it('gcp idle - a 2-vCPU VM at 1 % (0.02 vCPU) is idle, a 4-vCPU VM at 1 % (0.04 vCPU) is not', () => {
    const idle = gcpIdle({ cpuAvg: flat(14, 1) }, { vcpus: 2 });
    expect(idle.idle).toBe(true);
    expect(idle.figures.network).toBe('not in trace');
    expect(idle.why).toContain('network not in the trace');
    expect(gcpIdle({ cpuAvg: flat(14, 1) }, { vcpus: 4 }).idle).toBe(false);
  });

  it('gcp idle - 97 % of runtime is the line: 2.5 % busy passes, 3.5 % does not', () => {
    const busyShare = (share: number) => makeSeries(14, (k) => (k < share * 14 * STEPS_PER_DAY ? 50 : 0.5));
    expect(gcpIdle({ cpuAvg: busyShare(0.025) }, { vcpus: 2 }).idle).toBe(true);
    expect(gcpIdle({ cpuAvg: busyShare(0.035) }, { vcpus: 2 }).idle).toBe(false);
  });

  it('gcp idle - gaps are not runtime: a VM seen half the time, idle whenever seen, is idle', () => {
    const cpu = makeSeries(14, (k) => (k % 2 ? Number.NaN : 0.5));
    const verdict = gcpIdle({ cpuAvg: cpu }, { vcpus: 2 });
    expect(verdict.idle).toBe(true);
    expect(verdict.figures.observedDays).toBe(7);
  });

  it('gcp idle - judges only the last 14 days, and refuses a VM seen under 5 days', () => {
    const busyThenIdle = makeSeries(28, (_k, _h, day) => (day < 14 ? 60 : 0.2));
    expect(gcpIdle({ cpuAvg: busyThenIdle }, { vcpus: 2 }).idle).toBe(true);
    expect(gcpIdle({ cpuAvg: busyThenIdle }, { vcpus: 2, windowDays: 14 }).figures.cpuIdleShare).toBe(1);
    const young = gcpIdle({ cpuAvg: flat(4, 0.1) }, { vcpus: 2 });
    expect(young.idle).toBe(false);
    expect(young.why).toContain('GCP judges from day 5');
    expect(gcpIdle({ cpuAvg: flat(2, 0.1) }, { vcpus: 2, windowDays: 1 }).idle).toBe(true);
  });

  it('gcp idle - network above 2000 B/s received for more than 5 % of the time keeps the VM', () => {
    const cpuAvg = flat(14, 0.5);
    const quiet = makeSeries(14, () => 100);
    const receiving = makeSeries(14, (k) => (k % 10 === 0 ? 5000 : 100));
    expect(gcpIdle({ cpuAvg, netInBps: quiet, netOutBps: quiet }, { vcpus: 2 }).idle).toBe(true);
    const busyNet = gcpIdle({ cpuAvg, netInBps: receiving, netOutBps: quiet }, { vcpus: 2 });
    expect(busyNet.idle).toBe(false);
    expect(busyNet.figures.netInIdleShare).toBeCloseTo(0.9, 2);
  });

  it('gcp idle - CPU above 100 % is kept as data (a busy VM), and a bad window is an error', () => {
    expect(gcpIdle({ cpuAvg: flat(14, 104) }, { vcpus: 2 }).idle).toBe(false);
    expect(() => gcpIdle({ cpuAvg: flat(14, 1) }, { vcpus: 2, windowDays: 15 })).toThrow(RangeError);
    expect(() => gcpIdle({ cpuAvg: flat(14, 1) }, { vcpus: 0 })).toThrow(RangeError);
  });
});

describe('Azure Advisor shutdown rule (P95 max CPU < 3 %, P100 of 3-day average <= 2 %, summed over cores)', () => {
  it('azure shutdown - a 2-vCPU VM peaking at 1 % of the VM (2 % over its cores) is idle', () => {
    const verdict = azureShutdown({ cpuAvg: flat(7, 0.5), cpuMax: flat(7, 1) }, { vcpus: 2 });
    expect(verdict.idle).toBe(true);
    expect(verdict.figures.p95MaxCpuSummedPct).toBe(2);
    expect(verdict.figures.network).toBe('not in trace');
  });

  it('azure shutdown - the sum over cores makes the same reading too busy on 4 vCPUs', () => {
    const verdict = azureShutdown({ cpuAvg: flat(7, 0.5), cpuMax: flat(7, 1) }, { vcpus: 4 });
    expect(verdict.idle).toBe(false);
    expect(verdict.figures.p95MaxCpuSummedPct).toBe(4);
  });

  it('azure shutdown - a single 5-minute burst in the last 3 days breaks P100 of the average; earlier it does not', () => {
    const burstAt = (day: number) => makeSeries(7, (k) => (k === day * STEPS_PER_DAY + 100 ? 30 : 0.2));
    const lastDays = azureShutdown({ cpuAvg: burstAt(5) }, { vcpus: 2 });
    expect(lastDays.idle).toBe(false);
    expect(lastDays.figures.p100AvgCpu3dSummedPct).toBe(60);
    expect(lastDays.figures.p100Mean30Cpu3dSummedPct).toBeCloseTo(10.333, 3);
    expect(azureShutdown({ cpuAvg: burstAt(1) }, { vcpus: 2 }).idle).toBe(true);
  });

  it('azure shutdown - max CPU comes from the max trace when there is one', () => {
    const spiky = makeSeries(7, (k) => (k % 3 === 0 ? 40 : 0.3));
    expect(azureShutdown({ cpuAvg: flat(7, 0.3) }, { vcpus: 2 }).idle).toBe(true);
    const withMax = azureShutdown({ cpuAvg: flat(7, 0.3), cpuMax: spiky }, { vcpus: 2 });
    expect(withMax.idle).toBe(false);
    expect(withMax.figures.maxTrace).toBe('max');
  });

  it('azure shutdown - too short or too gappy a lookback is not judged', () => {
    expect(azureShutdown({ cpuAvg: flat(5, 0.1) }, { vcpus: 2 }).why).toContain('of the 7-day lookback observed');
    const gappy = makeSeries(7, (k) => (k % 4 === 0 ? Number.NaN : 0.1));
    expect(azureShutdown({ cpuAvg: gappy }, { vcpus: 2 }).idle).toBe(false);
  });

  it('azure shutdown - outbound network at 5 % keeps the VM when the trace has it', () => {
    const series = { cpuAvg: flat(7, 0.2), netOutPct: flat(7, 5) };
    const verdict = azureShutdown(series, { vcpus: 2 });
    expect(verdict.idle).toBe(false);
    expect(verdict.figures.p95NetOutPct).toBe(5);
    expect(azureShutdown({ ...series, netOutPct: flat(7, 0.5) }, { vcpus: 2 }).idle).toBe(true);
  });
});

describe('AWS references', () => {
  it('trusted advisor - 4 of the last 14 days at <= 10 % flag the VM, 3 do not', () => {
    const lowDays = (n: number) => makeSeries(14, (_k, _h, day) => (day < n ? 8 : 40));
    const flagged = trustedAdvisorLowUtilisation({ cpuAvg: lowDays(4) });
    expect(flagged.idle).toBe(true);
    expect(flagged.figures).toMatchObject({ lowDays: 4, judgedDays: 14, network: 'not in trace' });
    expect(trustedAdvisorLowUtilisation({ cpuAvg: lowDays(3) }).idle).toBe(false);
  });

  it('trusted advisor - a day moving more than 5 MB over the network is not a low day', () => {
    const cpuAvg = flat(14, 2);
    const net = (bps: number) => flat(14, bps);
    expect(trustedAdvisorLowUtilisation({ cpuAvg, netInBps: net(20), netOutBps: net(20) }).idle).toBe(true);
    const busyNet = trustedAdvisorLowUtilisation({ cpuAvg, netInBps: net(60), netOutBps: net(20) });
    expect(busyNet.idle).toBe(false);
    expect(busyNet.figures.lowDays).toBe(0);
  });

  it('cost explorer - idle at a max of 1 %, not with a single 2 % reading, not under 30 h of data', () => {
    expect(costExplorerIdle({ cpuAvg: flat(14, 0.5) }).idle).toBe(true);
    const oneBurst = makeSeries(14, (k) => (k === 2000 ? 2 : 0.5));
    expect(costExplorerIdle({ cpuAvg: flat(14, 0.5), cpuMax: oneBurst }).idle).toBe(false);
    expect(costExplorerIdle({ cpuAvg: flat(1, 0.1) }).why).toContain('needs 30');
  });
});
