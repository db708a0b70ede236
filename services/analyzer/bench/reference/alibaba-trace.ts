import { STEP_SEC } from './trace-time';
import { cell, readTraceText } from './trace-files';
import type { VmSeries } from './vm-series';

/**
 * Alibaba cluster-trace-v2018 `machine_usage` sample (shared/data/alibaba_v2018_sample): one row per host and reading
 * (about every 60-100 s), `time_stamp` in seconds from the trace start, utilisation in % and network traffic
 * normalised to [0, 100]. -1 and 101 mark invalid readings (NaN here). Readings are resampled to 5-minute steps:
 * step k holds the mean (and, for CPU, the max) of the readings with k x 300 <= time_stamp < (k + 1) x 300, and the
 * trace start (time_stamp 0) is step 0, placed at TRACE_START_MS. All hosts share one length (the last reading of
 * any host); steps without a valid reading are NaN.
 */
export interface AlibabaHost {
  name: string;
  cpu: Float64Array;
  cpuMax: Float64Array;
  mem: Float64Array;
  netIn: Float64Array;
  netOut: Float64Array;
  disk: Float64Array;
}

/**
 * The trace normalises network traffic to [0, 100] of an undocumented capacity. Where a rule needs bytes per second
 * (GCP's 2000 B/s, Trusted Advisor's 5 MB a day) 100 is taken as a 10 Gbit/s link. An assumption: at that scale the
 * sample's lowest host average (about 12 %) is far above either threshold, and it would stay so at 1 Gbit/s.
 */
export const ALIBABA_LINK_BYTES_PER_SEC = 10e9 / 8;

const METRICS = ['cpu_util_percent', 'mem_util_percent', 'net_in', 'net_out', 'disk_io_percent'] as const;
type Metric = (typeof METRICS)[number];
const INVALID = new Set([-1, 101]);

export function parseAlibabaMachineUsage(text: string): AlibabaHost[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`not an Alibaba machine_usage file: no "${name}" column`);
    return i;
  };
  const idCol = col('machine_id');
  const tsCol = col('time_stamp');
  const metricCols = METRICS.map(col);
  const readings = new Map<string, Array<{ step: number; values: number[] }>>();
  let length = 0;
  for (const line of lines.slice(1)) {
    const fields = line.split(',');
    const ts = cell(fields[tsCol]);
    const id = fields[idCol]?.trim();
    if (!id || !Number.isFinite(ts) || ts < 0) continue;
    const step = Math.floor(ts / STEP_SEC);
    length = Math.max(length, step + 1);
    const values = metricCols.map((c) => {
      const v = cell(fields[c]);
      return INVALID.has(v) ? Number.NaN : v;
    });
    (readings.get(id) ?? readings.set(id, []).get(id)!).push({ step, values });
  }
  return [...readings.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, rows]) => {
      const sums = METRICS.map(() => new Float64Array(length));
      const counts = METRICS.map(() => new Float64Array(length));
      const cpuMax = new Float64Array(length).fill(Number.NaN);
      for (const { step, values } of rows) {
        values.forEach((v, m) => {
          if (!Number.isFinite(v)) return;
          sums[m]![step]! += v;
          counts[m]![step]!++;
          if (m === 0 && !(cpuMax[step]! >= v)) cpuMax[step] = v;
        });
      }
      const means = sums.map((s, m) => s.map((sum, k) => (counts[m]![k] ? sum / counts[m]![k]! : Number.NaN)));
      const by = (metric: Metric) => means[METRICS.indexOf(metric)]!;
      return {
        name,
        cpu: by('cpu_util_percent'),
        cpuMax,
        mem: by('mem_util_percent'),
        netIn: by('net_in'),
        netOut: by('net_out'),
        disk: by('disk_io_percent'),
      };
    });
}

export const loadAlibabaTrace = (file: string) => parseAlibabaMachineUsage(readTraceText(file));

/** The host as the rules read it: CPU, max CPU, network in B/s (assumed link, above) and outbound network in %. */
export function alibabaVmSeries(host: AlibabaHost): VmSeries {
  const toBps = (pct: Float64Array) => pct.map((v) => (v / 100) * ALIBABA_LINK_BYTES_PER_SEC);
  return {
    cpuAvg: host.cpu,
    cpuMax: host.cpuMax,
    netInBps: toBps(host.netIn),
    netOutBps: toBps(host.netOut),
    netOutPct: host.netOut,
  };
}
