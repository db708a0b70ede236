/**
 * How each platform counter becomes one JustFit metric. vCenter reports percentages ×100, memory in KB and CPU
 * ready as milliseconds summed over the sample interval; H3C CAS reports plain percentages.
 */
export type MetricName =
  | 'cpu.usage_pct' | 'cpu.usage_mhz' | 'cpu.ready_pct' | 'mem.usage_pct' | 'mem.active_mb' | 'mem.consumed_mb'
  | 'disk.kbps' | 'disk.read_iops' | 'disk.write_iops' | 'net.kbps';

interface CounterRule {
  metric: MetricName;
  convert: (value: number, intervalSec: number) => number;
  /** Largest plausible value after conversion; above it the sample is rejected. */
  max: number;
}

const identity = (v: number) => v;
const hundredths = (v: number) => v / 100;
const kbToMb = (v: number) => v / 1024;

export const COUNTER_RULES: Record<string, CounterRule> = {
  'cpu.usage.average': { metric: 'cpu.usage_pct', convert: hundredths, max: 100.5 },
  'cpu.usagemhz.average': { metric: 'cpu.usage_mhz', convert: identity, max: 10_000_000 },
  'cpu.ready.summation': { metric: 'cpu.ready_pct', convert: (v, s) => (v / (s * 1000)) * 100, max: 100 * 768 },
  'mem.usage.average': { metric: 'mem.usage_pct', convert: hundredths, max: 100.5 },
  'mem.active.average': { metric: 'mem.active_mb', convert: kbToMb, max: 64 * 1024 * 1024 },
  'mem.consumed.average': { metric: 'mem.consumed_mb', convert: kbToMb, max: 64 * 1024 * 1024 },
  'disk.usage.average': { metric: 'disk.kbps', convert: identity, max: 100_000_000 },
  'virtualDisk.numberReadAveraged.average': { metric: 'disk.read_iops', convert: identity, max: 10_000_000 },
  'virtualDisk.numberWriteAveraged.average': { metric: 'disk.write_iops', convert: identity, max: 10_000_000 },
  'datastore.numberReadAveraged.average': { metric: 'disk.read_iops', convert: identity, max: 10_000_000 },
  'datastore.numberWriteAveraged.average': { metric: 'disk.write_iops', convert: identity, max: 10_000_000 },
  'net.usage.average': { metric: 'net.kbps', convert: identity, max: 100_000_000 },
  // H3C CAS and imported files already speak JustFit's names.
  'cpu.usage_pct': { metric: 'cpu.usage_pct', convert: identity, max: 100.5 },
  'mem.usage_pct': { metric: 'mem.usage_pct', convert: identity, max: 100.5 },
  'cpu.ready_pct': { metric: 'cpu.ready_pct', convert: identity, max: 100 * 768 },
  'disk.kbps': { metric: 'disk.kbps', convert: identity, max: 100_000_000 },
  'net.kbps': { metric: 'net.kbps', convert: identity, max: 100_000_000 },
};
