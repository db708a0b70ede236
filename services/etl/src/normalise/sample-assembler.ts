import type { EntityType } from '@justfit/events';
import type { MetricName, MetricSample, SampleSeries } from '@justfit/storage';

/** One series being assembled; `at` (time to index) is built only once a time arrives out of order or again. */
interface SeriesBuilder {
  series: SampleSeries;
  at?: Map<number, number>;
  /** For summed metrics: the part each row's value came from first, and every part once a second one arrives. */
  firstPart?: string[];
  parts?: Map<number, Set<string>>;
}

/**
 * Collects a batch's normalised samples into one row per (connection, entity, metric, timestamp): parts of a summed
 * metric add up, the same part seen again (a duplicate publish in the same batch) counts once, and for other metrics
 * the first value wins. Rows are held per series (SampleSeries): a sample costs no key string and no object of its
 * own, and samples mostly arrive in time order within their series, which needs no lookup at all.
 */
export class SampleAssembler {
  private readonly byConnection = new Map<string, Map<string, Map<MetricName, SeriesBuilder>>>();
  private readonly all: SeriesBuilder[] = [];

  /** `part` names the counter and instance the value came from; `sums`: the metric adds its parts up. */
  add(
    connectionId: string,
    entityType: EntityType,
    entityId: string,
    metric: MetricName,
    ts: number,
    value: number,
    part: string,
    sums: boolean,
  ): void {
    const b = this.builder(connectionId, entityType, entityId, metric, sums);
    const { ts: times, values } = b.series;
    const last = times.length - 1;
    if (last < 0 || (ts > times[last]! && !b.at)) {
      times.push(ts);
      values.push(value);
      if (b.firstPart) b.firstPart.push(part);
      return;
    }
    const at = b.at ?? (b.at = new Map(times.map((t, i) => [t, i])));
    const i = at.get(ts);
    if (i === undefined) {
      at.set(ts, times.length);
      times.push(ts);
      values.push(value);
      if (b.firstPart) b.firstPart.push(part);
      return;
    }
    if (!b.firstPart) return;
    const parts = b.parts ?? (b.parts = new Map());
    let seen = parts.get(i);
    if (!seen) parts.set(i, (seen = new Set([b.firstPart[i]!])));
    if (seen.has(part)) return;
    seen.add(part);
    values[i]! += value;
  }

  /** The assembled series, in the order their first sample arrived. */
  series(): SampleSeries[] {
    return this.all.map((b) => b.series);
  }

  /** The assembled samples as rows (for tests and small batches). */
  rows(): MetricSample[] {
    return this.all.flatMap(({ series: s }) =>
      s.ts.map((ts, i) => ({
        connectionId: s.connectionId,
        entityType: s.entityType,
        entityId: s.entityId,
        metric: s.metric,
        ts,
        value: s.values[i]!,
      })),
    );
  }

  private builder(
    connectionId: string,
    entityType: EntityType,
    entityId: string,
    metric: MetricName,
    sums: boolean,
  ): SeriesBuilder {
    let entities = this.byConnection.get(connectionId);
    if (!entities) this.byConnection.set(connectionId, (entities = new Map()));
    let metrics = entities.get(entityId);
    if (!metrics) entities.set(entityId, (metrics = new Map()));
    let b = metrics.get(metric);
    if (!b) {
      b = { series: { connectionId, entityType, entityId, metric, ts: [], values: [] } };
      if (sums) b.firstPart = [];
      metrics.set(metric, b);
      this.all.push(b);
    }
    return b;
  }
}
