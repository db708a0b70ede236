import type { EntityType } from '@justfit/events';
import { type MetricName, type MetricSample, sampleKeyOf } from '@justfit/storage';

/**
 * Collects a batch's normalised samples into one row per (connection, entity, metric, timestamp): parts of a summed
 * metric add up, the same part seen again (a duplicate publish in the same batch) counts once, and for other metrics
 * the first value wins.
 */
export class SampleAssembler {
  private readonly byKey = new Map<string, MetricSample>();
  /** The parts already added, for summed metrics only (most rows have one part and need no record of it). */
  private readonly partsOf = new Map<string, Set<string>>();

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
    const key = sampleKeyOf(connectionId, entityId, metric, ts);
    const row = this.byKey.get(key);
    if (!row) {
      this.byKey.set(key, { connectionId, entityType, entityId, metric, ts, value });
      if (sums) this.partsOf.set(key, new Set([part]));
      return;
    }
    const parts = sums ? this.partsOf.get(key) : undefined;
    if (!parts || parts.has(part)) return;
    parts.add(part);
    row.value += value;
  }

  rows(): MetricSample[] {
    return Array.from(this.byKey.values());
  }
}
