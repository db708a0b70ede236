import type { RawSample } from '@justfit/events';
import { mapConcurrent } from '../concurrent';
import { CasError } from './cas-errors';
import type { CasHttpClient } from './cas-http-client';
import { casIdOf } from './cas-inventory';
import { casTime, type CasRecord, listOf, num } from './cas-values';

/**
 * The history CAS keeps per VM and host, as trend endpoints, and the JustFit metric each becomes. CAS reports
 * utilisation in percent, throughput in KB/s and operations per second, which are JustFit's own units, so samples go
 * out under JustFit's metric names and the ETL stores them as they are.
 */
interface Trend {
  /** JustFit counter (metric) name. */
  counter: string;
  unit: string;
  vmPath: string;
  hostPath: string;
  /** Values of one trend row: one per instance ('' for the whole entity). */
  values(row: CasRecord): Array<[instance: string, value: number]>;
}

const rate = (row: CasRecord): Array<[string, number]> => [['', num(row.rate, Number.NaN)]];
const readPlusWrite = (row: CasRecord): Array<[string, number]> => [
  ['', num(row.read, Number.NaN) + num(row.write, Number.NaN)],
];
const readAndWrite = (row: CasRecord): Array<[string, number]> => [
  ['read', num(row.read, Number.NaN)],
  ['write', num(row.write, Number.NaN)],
];

export const CAS_TRENDS: readonly Trend[] = [
  { counter: 'cpu.usage_pct', unit: 'percent', vmPath: 'cpuTrend', hostPath: 'cpuTrend', values: rate },
  { counter: 'mem.usage_pct', unit: 'percent', vmPath: 'memTrend', hostPath: 'memTrend', values: rate },
  { counter: 'disk.kbps', unit: 'KBps', vmPath: 'diskRateTrend', hostPath: 'ioRwTrend', values: readPlusWrite },
  { counter: 'disk.iops', unit: 'iops', vmPath: 'IOPSTrend', hostPath: 'diskIOPSTrend', values: readAndWrite },
  { counter: 'net.kbps', unit: 'KBps', vmPath: 'netRwTrend', hostPath: 'netRwTrend', values: readPlusWrite },
];
export const CAS_COUNTERS = CAS_TRENDS.map((t) => t.counter);

// ~150 bytes a sample as JSON: batches stay well under NATS' default 1 MB message limit.
const BATCH_SAMPLES = 4_000;

export interface CasMetricsQuery {
  targets: Array<{ id: string; kind: 'vm' | 'host' }>;
  startTime: number;
  endTime: number;
  intervalSec: number;
  /** JustFit counter names; empty: all of CAS_COUNTERS. */
  counters: string[];
}

export interface CasMetricsOptions {
  /** Trend requests in flight at once (default 8). */
  concurrency?: number;
}

/** The trends a query asks for; a query naming only counters CAS does not keep is refused rather than answered empty. */
export function trendsFor(counters: string[]): readonly Trend[] {
  if (!counters.length) return CAS_TRENDS;
  const chosen = CAS_TRENDS.filter((t) => counters.includes(t.counter));
  if (!chosen.length) {
    throw new CasError(
      1002,
      `H3C CAS keeps none of the counters asked for (${counters.join(', ')}); it keeps ${CAS_COUNTERS.join(', ')}`,
    );
  }
  return chosen;
}

/** Reads each target's trends over the window, several requests at once, and yields samples in bounded batches. */
export async function* collectCasMetrics(
  client: CasHttpClient,
  query: CasMetricsQuery,
  options: CasMetricsOptions,
  signal?: AbortSignal,
): AsyncGenerator<RawSample[]> {
  const trends = trendsFor(query.counters);
  const requests = query.targets.flatMap((target) => trends.map((trend) => ({ target, trend })));
  let batch: RawSample[] = [];
  const read = async ({ target, trend }: (typeof requests)[number]): Promise<RawSample[]> => {
    const path = `/${target.kind}/${encodeURIComponent(casIdOf(target.id))}/${target.kind === 'vm' ? trend.vmPath : trend.hostPath}`;
    const body = await client.get(
      path,
      { startTime: query.startTime, endTime: query.endTime, interval: query.intervalSec },
      signal,
    );
    const samples: RawSample[] = [];
    for (const row of listOf(body, 'trend')) {
      const timestamp = casTime(row.time);
      if (!Number.isFinite(timestamp) || timestamp < query.startTime || timestamp > query.endTime) continue;
      for (const [instance, value] of trend.values(row)) {
        if (!Number.isFinite(value)) continue;
        samples.push({
          entityType: target.kind,
          entityId: target.id,
          counter: trend.counter,
          instance,
          unit: trend.unit,
          timestamp,
          value,
        });
      }
    }
    return samples;
  };
  for await (const samples of mapConcurrent(requests, options.concurrency ?? 8, read)) {
    for (const sample of samples) {
      batch.push(sample);
      if (batch.length >= BATCH_SAMPLES) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length) yield batch;
}
