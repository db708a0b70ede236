import { METRIC_MAX, METRIC_UNITS, type MetricName } from '../queries/metric-catalogue';
import { COUNTER_RULES, metricOf, type SampleEntityType } from './counters';

/** A raw sample's fields as a platform (or an imported file) reports them (the events' RawSample). */
export interface SampleFields {
  entityType: SampleEntityType;
  counter: string;
  instance: string;
  unit: string;
  timestamp: number;
  value: number;
}

export interface SampleCheckContext {
  intervalSec: number;
  now: number;
  /** Samples may be at most this far in the future (clock skew between platform and JustFit). */
  maxSkewMs: number;
  /**
   * Raw samples are kept this many days (the samples tables' TTL): older ones would vanish at the next merge.
   * Undefined: kept until deleted, whatever their age (an import namespace, see retentionOf).
   */
  retentionDays: number | undefined;
}

export type SampleRejectionCode =
  | 'unknown_counter'
  | 'not_aggregate'
  | 'bad_unit'
  | 'not_finite'
  | 'missing_sample'
  | 'negative'
  | 'above_max'
  | 'future_timestamp'
  | 'implausible_timestamp'
  | 'beyond_retention';

export type SampleVerdict =
  | { ok: true; metric: MetricName; value: number; sumsParts: boolean }
  | { ok: false; code: SampleRejectionCode; reason: string };

/** Samples before this are taken for a broken clock or an uninitialised field, not for history. */
export const OLDEST_PLAUSIBLE_MS = Date.UTC(2000, 0, 1);
const DAY_MS = 86_400_000;

const refuse = (code: SampleRejectionCode, reason: string): SampleVerdict => ({ ok: false, code, reason });

/**
 * Whether a sample can be stored, and as what: its counter and unit known, its value finite, not negative nor
 * vCenter's "missing" marker -1, below its metric's plausible maximum once converted, its time neither in the future
 * nor older than the connection's raw samples are kept. The ETL runs it on every sample; an import runs it on every
 * line before publishing, so a file's bad line is refused with its line number rather than later in the ETL.
 */
export function checkSample(sample: SampleFields, ctx: SampleCheckContext): SampleVerdict {
  const rule = COUNTER_RULES[sample.counter];
  if (!rule) return refuse('unknown_counter', `unknown counter ${sample.counter}`);
  const metric = metricOf(rule, sample.entityType);
  if (!metric) return refuse('unknown_counter', `counter ${sample.counter} has no metric for a ${sample.entityType}`);
  if (!rule.sumsParts && sample.instance !== '') {
    return refuse(
      'not_aggregate',
      `${sample.counter} is taken for the whole entity only (instance ''), got instance ${sample.instance}`,
    );
  }
  const convert = rule.units[sample.unit];
  if (!convert) {
    const units = Object.keys(rule.units).map((u) => JSON.stringify(u));
    return refuse(
      'bad_unit',
      `unit ${JSON.stringify(sample.unit)} is not one of ${sample.counter}: ${units.join(', ')}`,
    );
  }
  if (!Number.isFinite(sample.value)) return refuse('not_finite', 'value is not a finite number');
  if (sample.value === -1) return refuse('missing_sample', 'missing sample (-1)');
  if (sample.value < 0) return refuse('negative', `negative value ${sample.value}`);
  if (sample.timestamp > ctx.now + ctx.maxSkewMs) {
    return refuse(
      'future_timestamp',
      `timestamp ${new Date(sample.timestamp).toISOString()} is more than ${ctx.maxSkewMs} ms in the future`,
    );
  }
  if (sample.timestamp < OLDEST_PLAUSIBLE_MS)
    return refuse('implausible_timestamp', `timestamp ${sample.timestamp} is before 2000`);
  if (ctx.retentionDays !== undefined && sample.timestamp < ctx.now - ctx.retentionDays * DAY_MS) {
    return refuse(
      'beyond_retention',
      `timestamp ${new Date(sample.timestamp).toISOString()} is older than the ${ctx.retentionDays} days raw samples are kept`,
    );
  }
  const value = convert(sample.value, ctx.intervalSec);
  if (value > METRIC_MAX[metric]) {
    return refuse(
      'above_max',
      `${metric} ${value} ${METRIC_UNITS[metric]} is above the plausible maximum ${METRIC_MAX[metric]}`,
    );
  }
  return { ok: true, metric, value, sumsParts: rule.sumsParts === true };
}
