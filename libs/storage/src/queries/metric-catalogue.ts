/**
 * JustFit's metric names and the unit each is stored in: the ETL normalises every source into these, and the API
 * reports the unit with each series. `KBps` is kilobytes per second, as vCenter reports it.
 */
export const METRIC_UNITS = {
  'cpu.usage_pct': 'percent',
  'cpu.usage_mhz': 'MHz',
  /** Summed over the vCPUs, as vCenter reports it: up to 100 × vCPU. */
  'cpu.ready_pct': 'percent',
  'mem.usage_pct': 'percent',
  'mem.active_mb': 'MB',
  'mem.consumed_mb': 'MB',
  'disk.kbps': 'KBps',
  /** Reads plus writes per second over all of the entity's disks (a host's: over its datastores). */
  'disk.iops': 'iops',
  /** A VM's reads plus writes per second per datastore, summed (kept apart from disk.iops, which counts them too). */
  'disk.datastore_iops': 'iops',
  'net.kbps': 'KBps',
} as const;
export type MetricName = keyof typeof METRIC_UNITS;

export function isMetricName(name: string): name is MetricName {
  return Object.hasOwn(METRIC_UNITS, name);
}
