import type { MoRef } from '../soap/vim-values';
import type { CounterInfo } from './perf-catalogue';

export interface PerfTarget {
  ref: MoRef;
  kind: 'vm' | 'host';
  counters: CounterInfo[];
}

export interface MetricRef {
  counter: CounterInfo;
  instance: string;
}
export interface PerfSpec {
  target: PerfTarget;
  metrics: MetricRef[];
}

export interface BatchLimits {
  /** Entity×counter pairs per QueryPerf call (maxQueryMetrics for historical queries). */
  maxMetrics: number;
  /** Estimated XML elements per response; vCenter refuses documents above 500,000. */
  maxElements: number;
  /** Samples expected per series in the time window. */
  samplesPerSeries: number;
  /** Samples per call, which bounds the memory a decoded answer takes (default 100,000). */
  maxSamples?: number;
  csv: boolean;
}

/** Per-device counters have no aggregate instance; ask for all instances. */
export function instanceFor(counter: CounterInfo): string {
  return counter.name.startsWith('virtualDisk.') || counter.name.startsWith('datastore.') ? '*' : '';
}

/** Rough element count of one series in the response: in CSV a series is a few elements whatever its length. */
function seriesElements(limits: BatchLimits): number {
  return limits.csv ? 5 : limits.samplesPerSeries + 4;
}
function entityElements(limits: BatchLimits): number {
  return limits.csv ? 4 : limits.samplesPerSeries * 3 + 3;
}

/**
 * Packs entity×counter pairs into QueryPerf calls that respect all three limits. An entity whose counters alone exceed
 * a limit is split across calls.
 */
export function planBatches(targets: PerfTarget[], limits: BatchLimits): PerfSpec[][] {
  const batches: PerfSpec[][] = [];
  let current: PerfSpec[] = [];
  let metrics = 0;
  let elements = 0;
  const flush = () => {
    if (current.length) batches.push(current);
    current = [];
    metrics = 0;
    elements = 0;
  };
  for (const target of targets) {
    let pending = target.counters.map((counter) => ({ counter, instance: instanceFor(counter) }));
    while (pending.length) {
      let room = Math.min(
        limits.maxMetrics - metrics,
        Math.floor((limits.maxElements - elements - entityElements(limits)) / seriesElements(limits)),
        Math.floor((limits.maxSamples ?? 100_000) / limits.samplesPerSeries) - metrics,
      );
      if (room <= 0 && current.length) {
        flush();
        continue;
      }
      room = Math.max(room, 1); // one series alone over the element budget still has to be asked for
      const take = pending.slice(0, room);
      pending = pending.slice(room);
      current.push({ target, metrics: take });
      metrics += take.length;
      elements += entityElements(limits) + take.length * seriesElements(limits);
      if (pending.length) flush();
    }
  }
  flush();
  return batches;
}
