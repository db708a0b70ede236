import type { RawSample } from '@justfit/events';
import { COUNTER_RULES, type MetricName } from './counters';

export interface SampleRow {
  connectionId: string;
  entityType: RawSample['entityType'];
  entityId: string;
  metric: MetricName;
  /** epoch ms */
  ts: number;
  value: number;
}

export interface RejectedRecord {
  record: unknown;
  reason: string;
}

export interface NormaliseContext {
  connectionId: string;
  intervalSec: number;
  now: number;
  /** Samples may be at most this far in the future (clock skew between platform and JustFit). */
  maxSkewMs: number;
  isKnownEntity(entityId: string): boolean;
}

/**
 * Validates and converts raw samples into JustFit's model. Every sample either becomes a row or is rejected with
 * a reason; nothing is dropped silently. Instances of one counter (per-disk, per-NIC) are summed per entity.
 */
export function normaliseSamples(samples: RawSample[], ctx: NormaliseContext): { rows: SampleRow[]; rejected: RejectedRecord[] } {
  const rows = new Map<string, SampleRow>();
  const rejected: RejectedRecord[] = [];
  for (const sample of samples) {
    const reason = rejectionReason(sample, ctx);
    if (reason) {
      rejected.push({ record: sample, reason });
      continue;
    }
    const rule = COUNTER_RULES[sample.counter]!;
    const value = rule.convert(sample.value, ctx.intervalSec);
    if (value > rule.max) {
      rejected.push({ record: sample, reason: `${rule.metric} value ${value} is above the plausible maximum ${rule.max}` });
      continue;
    }
    const key = `${sample.entityId}\u0000${rule.metric}\u0000${sample.timestamp}`;
    const existing = rows.get(key);
    if (existing) existing.value += value;
    else rows.set(key, { connectionId: ctx.connectionId, entityType: sample.entityType, entityId: sample.entityId, metric: rule.metric, ts: sample.timestamp, value });
  }
  return { rows: [...rows.values()], rejected };
}

function rejectionReason(sample: RawSample, ctx: NormaliseContext): string | undefined {
  if (!COUNTER_RULES[sample.counter]) return `unknown counter ${sample.counter}`;
  if (!Number.isFinite(sample.value)) return 'value is not a finite number';
  if (sample.value === -1) return 'missing sample (-1)';
  if (sample.value < 0) return `negative value ${sample.value}`;
  if (sample.timestamp > ctx.now + ctx.maxSkewMs) return `timestamp ${new Date(sample.timestamp).toISOString()} is in the future`;
  if (!ctx.isKnownEntity(sample.entityId)) return `unknown ${sample.entityType} ${sample.entityId}: not in this connection's inventory`;
  return undefined;
}
