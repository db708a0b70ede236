import type { RawSample } from '@justfit/events';
import { asArray, num, text, toMoRef, xsiType, type SoapNode } from '../soap/vim-values';
import type { CounterInfo } from './perf-catalogue';

/** vCenter's marker for "no sample collected at this timestamp". */
const MISSING = -1;

function epochMs(value: unknown): number {
  return value instanceof Date ? value.getTime() : Date.parse(text(value));
}

/** `interval,timestamp,interval,timestamp,...` → timestamps. */
function csvTimestamps(sampleInfoCSV: string): number[] {
  const parts = sampleInfoCSV ? sampleInfoCSV.split(',') : [];
  const out: number[] = [];
  for (let i = 1; i < parts.length; i += 2) out.push(Date.parse(parts[i]!));
  return out;
}

/**
 * Samples of one QueryPerf answer, normal or CSV format. Values pair with sampleInfo by position (the order of
 * sampleInfo itself is not relied on: vcsim answers newest first, vCenter oldest first). Missing samples (-1 or
 * empty) are dropped.
 */
export function decodePerfResult(
  returnvals: SoapNode[],
  counters: Map<number, CounterInfo>,
  kindOf: (entityId: string) => RawSample['entityType'],
): RawSample[] {
  const samples: RawSample[] = [];
  // Entities queried together share one sampleInfoCSV string: parse its timestamps once.
  const timestampsByCsv = new Map<string, number[]>();
  for (const metric of returnvals) {
    const entityId = toMoRef(metric.entity).value;
    const entityType = kindOf(entityId);
    const csv = xsiType(metric) === 'PerfEntityMetricCSV' || metric.sampleInfoCSV !== undefined;
    const sampleInfoCSV = csv ? text(metric.sampleInfoCSV) : '';
    if (csv && !timestampsByCsv.has(sampleInfoCSV)) timestampsByCsv.set(sampleInfoCSV, csvTimestamps(sampleInfoCSV));
    const timestamps = csv
      ? timestampsByCsv.get(sampleInfoCSV)!
      : asArray(metric.sampleInfo as SoapNode[] | undefined).map((s) => epochMs(s.timestamp));
    for (const series of asArray(metric.value as SoapNode[] | undefined)) {
      const id = (series.id ?? {}) as SoapNode;
      const counter = counters.get(num(id.counterId) ?? -1);
      if (!counter) continue;
      const instance = text(id.instance);
      const values: unknown[] = csv
        ? text(series.value)
          ? text(series.value).split(',')
          : []
        : asArray(series.value as unknown[]);
      for (let i = 0; i < values.length && i < timestamps.length; i++) {
        const raw = values[i];
        if (raw === '' || raw === undefined || raw === null) continue;
        const value = typeof raw === 'number' ? raw : Number(raw);
        const timestamp = timestamps[i]!;
        if (value === MISSING || !Number.isFinite(value) || !Number.isFinite(timestamp)) continue;
        samples.push({ entityType, entityId, counter: counter.name, instance, unit: counter.unit, timestamp, value });
      }
    }
  }
  return samples;
}
