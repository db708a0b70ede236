import type { RawSample } from '@justfit/events';
import { METRIC_UNITS } from '@justfit/storage';
import { COUNTER_RULES, METRIC_MAX, metricOf } from './counters';
import type { RejectedRecord } from './rejection';
import type { SampleAssembler } from './sample-assembler';

export interface NormaliseContext {
  connectionId: string;
  intervalSec: number;
  now: number;
  /** Samples may be at most this far in the future (clock skew between platform and JustFit). */
  maxSkewMs: number;
  isKnownEntity(entityId: string): boolean;
}

export interface NormaliseOutcome {
  accepted: number;
  rejected: RejectedRecord[];
  /** Entities and time span of the accepted samples. */
  entityIds: Set<string>;
  from: number;
  to: number;
}

/** Samples before this are taken for a broken clock or an uninitialised field, not for history. */
export const OLDEST_PLAUSIBLE_MS = Date.UTC(2000, 0, 1);

/**
 * Validates raw samples and adds them, converted into JustFit's model, to the batch's assembler. Every sample is
 * either accepted or rejected with a code and a reason; nothing is dropped silently.
 */
export function normaliseSamples(
  samples: readonly RawSample[],
  ctx: NormaliseContext,
  into: SampleAssembler,
): NormaliseOutcome {
  const outcome: NormaliseOutcome = {
    accepted: 0,
    rejected: [],
    entityIds: new Set(),
    from: Number.POSITIVE_INFINITY,
    to: 0,
  };
  for (let seq = 0; seq < samples.length; seq++) {
    const sample = samples[seq]!;
    const refused = addSample(sample, ctx, into);
    if (refused) {
      outcome.rejected.push({ seq, record: sample, ...refused });
      continue;
    }
    outcome.accepted++;
    outcome.entityIds.add(sample.entityId);
    if (sample.timestamp < outcome.from) outcome.from = sample.timestamp;
    if (sample.timestamp > outcome.to) outcome.to = sample.timestamp;
  }
  return outcome;
}

function addSample(
  sample: RawSample,
  ctx: NormaliseContext,
  into: SampleAssembler,
): Omit<RejectedRecord, 'seq' | 'record'> | undefined {
  const rule = COUNTER_RULES[sample.counter];
  if (!rule) return { code: 'unknown_counter', reason: `unknown counter ${sample.counter}` };
  const metric = metricOf(rule, sample.entityType);
  if (!metric)
    return { code: 'unknown_counter', reason: `counter ${sample.counter} has no metric for a ${sample.entityType}` };
  if (!rule.sumsParts && sample.instance !== '') {
    return {
      code: 'not_aggregate',
      reason: `${sample.counter} is taken for the whole entity only (instance ''), got instance ${sample.instance}`,
    };
  }
  const convert = rule.units[sample.unit];
  if (!convert) {
    return {
      code: 'bad_unit',
      reason: `unit ${JSON.stringify(sample.unit)} is not one of ${sample.counter}: ${Object.keys(rule.units)
        .map((u) => JSON.stringify(u))
        .join(', ')}`,
    };
  }
  if (!Number.isFinite(sample.value)) return { code: 'not_finite', reason: 'value is not a finite number' };
  if (sample.value === -1) return { code: 'missing_sample', reason: 'missing sample (-1)' };
  if (sample.value < 0) return { code: 'negative', reason: `negative value ${sample.value}` };
  if (sample.timestamp > ctx.now + ctx.maxSkewMs) {
    return {
      code: 'future_timestamp',
      reason: `timestamp ${new Date(sample.timestamp).toISOString()} is more than ${ctx.maxSkewMs} ms in the future`,
    };
  }
  if (sample.timestamp < OLDEST_PLAUSIBLE_MS)
    return { code: 'implausible_timestamp', reason: `timestamp ${sample.timestamp} is before 2000` };
  if (!ctx.isKnownEntity(sample.entityId)) {
    return {
      code: 'unknown_entity',
      reason: `unknown ${sample.entityType} ${sample.entityId}: not in this connection's inventory`,
    };
  }
  const value = convert(sample.value, ctx.intervalSec);
  if (value > METRIC_MAX[metric]) {
    return {
      code: 'above_max',
      reason: `${metric} ${value} ${METRIC_UNITS[metric]} is above the plausible maximum ${METRIC_MAX[metric]}`,
    };
  }
  // The counter's name is the part in the common case: no string is built per sample.
  const part = sample.instance === '' ? sample.counter : `${sample.counter}\u0000${sample.instance}`;
  into.add(
    ctx.connectionId,
    sample.entityType,
    sample.entityId,
    metric,
    sample.timestamp,
    value,
    part,
    rule.sumsParts === true,
  );
  return undefined;
}
