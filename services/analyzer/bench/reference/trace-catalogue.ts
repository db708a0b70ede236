import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALIBABA_HOST_CORES, vcpusFor } from './vcpus';
import { alibabaVmSeries, loadAlibabaTrace } from './alibaba-trace';
import { loadAzureTrace } from './azure-trace';
import type { VmSeries } from './vm-series';

/** The real traces next to the repository (`../shared/data` from its root), unless JUSTFIT_TRACES_DIR says otherwise. */
export const DEFAULT_TRACES_DIR =
  process.env.JUSTFIT_TRACES_DIR ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../shared/data');

export interface TraceVm {
  name: string;
  vcpus: number;
  periodHours?: number;
  series: VmSeries;
  /** Alibaba only: memory and disk utilisation %, for the CSV. */
  memPct?: Float64Array;
  diskPct?: Float64Array;
}

export interface TraceSet {
  /** Short name used in reports: azure/microsoft_100, azure/periodic_78, alibaba/machine_usage. */
  name: string;
  files: string[];
  vms: TraceVm[];
}

export const TRACE_SETS = ['azure/microsoft_100', 'azure/periodic_78', 'alibaba/machine_usage'] as const;

export function loadTraceSet(name: (typeof TRACE_SETS)[number], dir = DEFAULT_TRACES_DIR): TraceSet {
  if (name === 'alibaba/machine_usage') {
    const file = join(dir, 'alibaba_v2018_sample', 'machine_usage.csv.gz');
    const vms = loadAlibabaTrace(file).map((host) => ({
      name: host.name,
      vcpus: ALIBABA_HOST_CORES,
      series: alibabaVmSeries(host),
      memPct: host.mem,
      diskPct: host.disk,
    }));
    return { name, files: [file], vms };
  }
  const stem = name === 'azure/microsoft_100' ? 'microsoft' : 'periodic';
  const count = stem === 'microsoft' ? 100 : 78;
  const avg = join(dir, 'azure_v1_sample', `${stem}_avg_${count}.csv.gz`);
  const max = join(dir, 'azure_v1_sample', `${stem}_max_${count}.csv.gz`);
  const vms = loadAzureTrace(avg, max).map((vm) => {
    const out: TraceVm = { name: vm.name, vcpus: vcpusFor(vm.name), series: vm.series };
    if (vm.periodHours !== undefined) out.periodHours = vm.periodHours;
    return out;
  });
  return { name, files: [avg, max], vms };
}
