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

/**
 * CPU usage is measured against the nominal clock, so Turbo Boost takes a busy vCPU above 100 %. The largest ratio
 * of maximum turbo to base clock among x86 server and workstation processors is about 2.5 (Intel Xeon w9-3495X:
 * 1.9 GHz base, 4.8 GHz turbo; data-centre Xeon and EPYC parts stay below 2.1), so 300 % is reachable by no physical
 * host: a value above it is a unit or counter mistake, not load.
 */
export const MAX_CPU_USAGE_PCT = 300;

/**
 * The largest plausible value of each metric in its stored unit (METRIC_UNITS): the one definition the ETL's
 * normalisation and the import's line check both refuse samples above.
 */
export const METRIC_MAX: Readonly<Record<MetricName, number>> = {
  'cpu.usage_pct': MAX_CPU_USAGE_PCT,
  // 768 vCPUs (vSphere 8's maximum per VM) fully ready.
  'cpu.ready_pct': 100 * 768,
  'cpu.usage_mhz': 10_000_000,
  // Memory cannot be overused: 100 % and a little rounding.
  'mem.usage_pct': 105,
  // 64 TB, above vSphere 8's 24 TB per VM and host.
  'mem.active_mb': 64 * 1024 * 1024,
  'mem.consumed_mb': 64 * 1024 * 1024,
  'disk.kbps': 100_000_000,
  'disk.iops': 100_000_000,
  'disk.datastore_iops': 100_000_000,
  'net.kbps': 100_000_000,
};
