import type { EntityType } from '@justfit/events';
import type { MetricName } from '@justfit/storage';
import {
  HUNDREDTHS_OF_PERCENT,
  KILOBYTES_PER_SECOND,
  MEGABYTES,
  MEGAHERTZ,
  PER_SECOND,
  PERCENT,
  READY,
  READY_MILLISECONDS,
  type UnitTable,
} from './units';

/** The largest plausible value of each metric in its stored unit (METRIC_UNITS); above it a sample is refused. */
export const METRIC_MAX: Readonly<Record<MetricName, number>> = {
  'cpu.usage_pct': 105,
  'cpu.usage_mhz': 10_000_000,
  'cpu.ready_pct': 100 * 768,
  'mem.usage_pct': 105,
  'mem.active_mb': 64 * 1024 * 1024,
  'mem.consumed_mb': 64 * 1024 * 1024,
  'disk.kbps': 100_000_000,
  'disk.iops': 100_000_000,
  'disk.datastore_iops': 100_000_000,
  'net.kbps': 100_000_000,
};

export interface CounterRule {
  /** The metric a counter feeds; it may depend on the kind of entity reporting it. */
  metric: MetricName | Partial<Record<EntityType, MetricName>>;
  units: UnitTable;
  /**
   * Parts of one value: per-instance and read/write samples of one entity and timestamp add up to one row. Other
   * counters take the aggregate instance ('') only.
   */
  sumsParts?: boolean;
}

const iops = (vm: MetricName, host: MetricName): CounterRule => ({
  metric: { vm, host },
  units: PER_SECOND,
  sumsParts: true,
});

/**
 * How each platform counter becomes a JustFit metric. vCenter names its counters `group.name.rollup`; H3C CAS and
 * imported files use JustFit's own names.
 */
export const COUNTER_RULES: Readonly<Record<string, CounterRule>> = {
  'cpu.usage.average': { metric: 'cpu.usage_pct', units: HUNDREDTHS_OF_PERCENT },
  'cpu.usagemhz.average': { metric: 'cpu.usage_mhz', units: MEGAHERTZ },
  'cpu.ready.summation': { metric: 'cpu.ready_pct', units: READY_MILLISECONDS },
  'mem.usage.average': { metric: 'mem.usage_pct', units: HUNDREDTHS_OF_PERCENT },
  'mem.active.average': { metric: 'mem.active_mb', units: MEGABYTES },
  'mem.consumed.average': { metric: 'mem.consumed_mb', units: MEGABYTES },
  'disk.usage.average': { metric: 'disk.kbps', units: KILOBYTES_PER_SECOND },
  'net.usage.average': { metric: 'net.kbps', units: KILOBYTES_PER_SECOND },
  'virtualDisk.numberReadAveraged.average': iops('disk.iops', 'disk.iops'),
  'virtualDisk.numberWriteAveraged.average': iops('disk.iops', 'disk.iops'),
  'datastore.numberReadAveraged.average': iops('disk.datastore_iops', 'disk.iops'),
  'datastore.numberWriteAveraged.average': iops('disk.datastore_iops', 'disk.iops'),

  'cpu.usage_pct': { metric: 'cpu.usage_pct', units: PERCENT },
  'cpu.usage_mhz': { metric: 'cpu.usage_mhz', units: MEGAHERTZ },
  'cpu.ready_pct': { metric: 'cpu.ready_pct', units: READY },
  'mem.usage_pct': { metric: 'mem.usage_pct', units: PERCENT },
  'mem.active_mb': { metric: 'mem.active_mb', units: MEGABYTES },
  'mem.consumed_mb': { metric: 'mem.consumed_mb', units: MEGABYTES },
  'disk.kbps': { metric: 'disk.kbps', units: KILOBYTES_PER_SECOND },
  'disk.iops': { metric: 'disk.iops', units: PER_SECOND, sumsParts: true },
  'net.kbps': { metric: 'net.kbps', units: KILOBYTES_PER_SECOND },
};

export function metricOf(rule: CounterRule, entityType: EntityType): MetricName | undefined {
  return typeof rule.metric === 'string' ? rule.metric : rule.metric[entityType];
}
