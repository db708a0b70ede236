import { CommandError, type RawSample } from '@justfit/events';
import { VimFault } from '../soap/vim-fault';
import { asArray, moRefArg, type SoapNode } from '../soap/vim-values';
import type { VimClient } from '../vim-client';
import { mapConcurrent } from '../../concurrent';
import type { CounterInfo, PerfCatalogue } from './perf-catalogue';
import { planBatches, type PerfSpec, type PerfTarget } from './perf-plan';
import { decodePerfResult } from './perf-results';

/** What JustFit reads by default; `virtualDisk.*` exists for VMs only, `datastore.*` IOPS for hosts too. */
export const DEFAULT_COUNTERS = [
  'cpu.usage.average',
  'cpu.usagemhz.average',
  'cpu.ready.summation',
  'mem.usage.average',
  'mem.active.average',
  'mem.consumed.average',
  'disk.usage.average',
  'net.usage.average',
  'virtualDisk.numberReadAveraged.average',
  'virtualDisk.numberWriteAveraged.average',
  'datastore.numberReadAveraged.average',
  'datastore.numberWriteAveraged.average',
];
const VM_ONLY_GROUPS = ['virtualDisk.'];

/** The refresh rate of real-time statistics on ESXi; anything finer is not available. */
export const REALTIME_INTERVAL = 20;

export interface MetricsQuery {
  targets: Array<{ id: string; kind: 'vm' | 'host' }>;
  startTime: number;
  endTime: number;
  /** 20 = real-time statistics; 300 and above = a historical interval. */
  intervalSec: number;
  /** `group.name.rollup` names; empty = DEFAULT_COUNTERS. */
  counters: string[];
}

export interface PerfOptions {
  /** QueryPerf calls in flight at once (default 4). */
  concurrency?: number;
  /** `csv` (default) keeps the response to a few XML elements per series; `normal` has one per sample. */
  format?: 'csv' | 'normal';
  /** Entity×counter pairs per real-time call (default 512); historical calls use maxQueryMetrics. */
  realtimeMaxMetrics?: number;
  /** Estimated response elements per call (default 200,000, well under vCenter's 500,000 limit). */
  maxElements?: number;
  /** Samples per call, bounding the memory one decoded answer takes (default 100,000). */
  maxSamplesPerCall?: number;
  /** Largest batch of samples yielded (default 5,000). */
  samplesPerBatch?: number;
}

/** The historical interval to query: the requested one if enabled, else the next coarser, else the coarsest. */
export function pickInterval(requested: number, historical: number[]): number {
  if (requested <= REALTIME_INTERVAL) return REALTIME_INTERVAL;
  return historical.find((p) => p >= requested) ?? historical.at(-1) ?? requested;
}

function resolveCounters(names: string[], catalogue: PerfCatalogue): CounterInfo[] {
  const wanted = names.length ? names : DEFAULT_COUNTERS;
  const found = wanted.map((n) => catalogue.byName.get(n)).filter((c): c is CounterInfo => c !== undefined);
  if (!found.length) throw new CommandError(400, `none of the counters ${wanted.join(', ')} exists on this vCenter`);
  return found;
}

/**
 * Performance samples for the given VMs and hosts, in batches. Calls are packed within vCenter's limits and run a
 * few at a time; each answer is yielded as soon as it is decoded.
 */
export async function* collectMetrics(
  client: VimClient,
  catalogue: PerfCatalogue,
  maxQueryMetrics: number,
  query: MetricsQuery,
  options: PerfOptions = {},
  signal?: AbortSignal,
): AsyncGenerator<RawSample[]> {
  const counters = resolveCounters(query.counters, catalogue);
  const hostCounters = counters.filter((c) => !VM_ONLY_GROUPS.some((g) => c.name.startsWith(g)));
  const intervalId = pickInterval(query.intervalSec, catalogue.historicalIntervals);
  const realtime = intervalId === REALTIME_INTERVAL;
  const csv = (options.format ?? 'csv') === 'csv';
  const samplesPerSeries = Math.max(1, Math.ceil((query.endTime - query.startTime) / (intervalId * 1000)) + 1);
  const targets: PerfTarget[] = query.targets.map((t) => ({
    ref: { type: t.kind === 'vm' ? 'VirtualMachine' : 'HostSystem', value: t.id },
    kind: t.kind,
    counters: t.kind === 'vm' ? counters : hostCounters,
  }));
  const kinds = new Map(query.targets.map((t) => [t.id, t.kind] as const));
  const batches = planBatches(targets, {
    maxMetrics: realtime ? (options.realtimeMaxMetrics ?? 512) : maxQueryMetrics,
    maxElements: options.maxElements ?? 200_000,
    samplesPerSeries,
    maxSamples: options.maxSamplesPerCall,
    csv,
  });
  // Whole seconds: vCenter's samples sit on interval boundaries anyway, and the CSV format has no milliseconds.
  const startTime = new Date(Math.floor(query.startTime / 1000) * 1000).toISOString();
  const endTime = new Date(Math.floor(query.endTime / 1000) * 1000).toISOString();
  const querySpec = (spec: PerfSpec) => ({
    entity: moRefArg(spec.target.ref),
    startTime,
    endTime,
    // maxSample applies to real-time queries only; it keeps a wide window from returning more than asked.
    ...(realtime ? { maxSample: samplesPerSeries } : {}),
    metricId: spec.metrics.map((m) => ({ counterId: m.counter.key, instance: m.instance })),
    intervalId,
    format: csv ? 'csv' : 'normal',
  });
  const perfManager = client.serviceContent.perfManager!;
  const queryPerf = async (batch: PerfSpec[]) => {
    const result = await client.call('QueryPerf', perfManager, { querySpec: batch.map(querySpec) }, signal);
    return decodePerfResult(
      asArray(result.returnval as SoapNode[] | undefined),
      catalogue.byKey,
      (id) => kinds.get(id) ?? 'vm',
    );
  };
  // A VM deleted since the inventory fails its whole call: ask again entity by entity and skip the missing one.
  const run = async (batch: PerfSpec[]): Promise<RawSample[]> => {
    try {
      return await queryPerf(batch);
    } catch (error) {
      if (!(error instanceof VimFault) || error.faultName !== 'ManagedObjectNotFound') throw error;
      if (batch.length === 1) return [];
      const samples: RawSample[] = [];
      for (const spec of batch) samples.push(...(await run([spec])));
      return samples;
    }
  };
  const perBatch = options.samplesPerBatch ?? 5_000;
  for await (const samples of mapConcurrent(batches, options.concurrency ?? 4, run)) {
    for (let i = 0; i < samples.length; i += perBatch) yield samples.slice(i, i + perBatch);
  }
}
