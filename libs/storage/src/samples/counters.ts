import type { MetricName } from '../queries/metric-catalogue';
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

/** The kinds of entity samples are reported for (the events' EntityType). */
export type SampleEntityType = 'cluster' | 'host' | 'vm' | 'datastore';

export interface CounterRule {
  /** The metric a counter feeds; it may depend on the kind of entity reporting it. */
  metric: MetricName | Partial<Record<SampleEntityType, MetricName>>;
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

export function metricOf(rule: CounterRule, entityType: SampleEntityType): MetricName | undefined {
  return typeof rule.metric === 'string' ? rule.metric : rule.metric[entityType];
}
