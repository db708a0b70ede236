import { describe, expect, it } from 'vitest';
import { labelVm } from './label-vm';
import { makeSeries, seededRandom } from './make-series';

describe('reference labels of one VM', () => {
  it('labels - an idle VM with a nightly 10-minute job: idle by GCP (97 %), not by Azure (P100), and a daily job', () => {
    const random = seededRandom(11);
    const cpuAvg = makeSeries(28, (k, hour) => (hour === 3 && k % 12 < 2 ? 40 : 0.3 + 0.2 * random()));
    const labels = labelVm('vm-nightly', { cpuAvg }, 2);
    expect(labels.idle.gcp.idle).toBe(true);
    expect(labels.idle.azure.idle).toBe(false);
    expect(labels.idle.byIdleRule).toBe(true);
    expect(labels.recurring.daily).toBe(true);
    expect(labels.tidal.label).not.toBe('tidal');
    expect(labels.rightsize).toMatchObject({ vcpus: 2, cores: 1, savingsCores: 1 });
  });

  it('labels - a busy tidal VM is idle by no rule, tidal, and keeps its cores', () => {
    const cpuAvg = makeSeries(28, (_k, hour) => 50 + 40 * Math.sin((2 * Math.PI * hour) / 24));
    const labels = labelVm('vm-tide', { cpuAvg }, 4, 24);
    expect(labels.periodHours).toBe(24);
    expect(labels.idle.byIdleRule).toBe(false);
    expect(labels.idle.trustedAdvisor.idle).toBe(false);
    expect(labels.tidal.daily.tidal).toBe(true);
    expect(labels.rightsize.savingsCores).toBe(0);
  });
});
