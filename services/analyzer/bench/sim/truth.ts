import { DEFAULT_RIGHTSIZE_POLICY, type RightsizePolicy } from '../../src/policies/policy';
import { recommendedVcpu, sizeFor } from '../../src/rightsize/rightsize.rule';
import { memorySizeMb } from '../../src/estate/vm-sizes';
import { quantile } from '../../src/tidal/periodicity';
import type { SimVm, VmSeries } from './estate';

export interface VmTruth {
  id: string;
  cls: SimVm['cls'];
  zombie: boolean;
  tidal: 'daily' | 'weekly' | null;
  /** Not scored for tidal: a nightly job is a daily tide if it swings far enough, and that depends on its length. */
  tidalUnscored?: boolean;
  /** The size the right-size policy gives the latent workload; null for VMs that are off. */
  rightsize: { vcpu: number; mem: number; demandP: number; activeMax: number } | null;
}

/**
 * Ground truth from the class and the latent workload: the policy's sizing rule (percentile of demand + headroom,
 * memory peak + headroom, rounded to deployable sizes) applied to the true demand, not to the collected samples.
 */
/** The policy's memory peak of the latent active memory (hourly means over whole hours of 12 five-minute steps). */
export function memoryPeak(active: Float64Array, kind: RightsizePolicy['memoryPeak']): number {
  if (kind === 'p99') return quantile(active, 0.99);
  let max = 0;
  if (kind === 'max') {
    for (const v of active) max = Math.max(max, v);
    return max;
  }
  for (let h = 0; h + 12 <= active.length; h += 12) {
    let sum = 0;
    for (let k = h; k < h + 12; k++) sum += active[k]!;
    max = Math.max(max, sum / 12);
  }
  return max;
}

export function truthOf(
  vm: SimVm,
  series: VmSeries | null,
  policy: RightsizePolicy = DEFAULT_RIGHTSIZE_POLICY,
): VmTruth {
  // A VM with a nightly job is working; one with a small daily rhythm is used by day: neither is a zombie.
  const zombie = vm.cls === 'zombie' || vm.cls === 'powered-off';
  const tidal = vm.cls === 'daily-tidal' ? 'daily' : vm.cls === 'weekly-tidal' ? 'weekly' : null;
  const unscored = vm.cls === 'idle-nightly-job' ? { tidalUnscored: true } : {};
  if (vm.powerState !== 'poweredOn' || !series)
    return { id: vm.id, cls: vm.cls, zombie, tidal: null, rightsize: null, ...unscored };
  const demandP = quantile(series.demandCores, policy.cpuPercentile);
  const activeMax = memoryPeak(series.activeMb, policy.memoryPeak);
  return {
    id: vm.id,
    cls: vm.cls,
    zombie,
    tidal,
    ...unscored,
    rightsize: {
      vcpu: recommendedVcpu(demandP * (1 + policy.cpuHeadroom), vm.cpuCount, policy),
      mem: sizeFor(activeMax * (1 + policy.memoryHeadroom), vm.memoryMb, (need) =>
        memorySizeMb(need, policy.minMemoryMb),
      ),
      demandP,
      activeMax,
    },
  };
}
