import { cell, readTraceText } from './trace-files';
import type { VmSeries } from './vm-series';

/**
 * Azure Public Dataset V1 sample (shared/data/azure_v1_sample; Cortez et al., "Resource Central", SOSP 2017,
 * CC-BY-4.0, repackaged by DataCenterSim): `step_5min` then one column per VM, CPU % of the VM per 5-minute step,
 * the average in the *_avg_* files and the maximum in the *_max_* files. Columns of the periodic files are named
 * "<vmid> <period_hours>" (the package authors' noisy period label). Step k is placed at TRACE_START_MS + k x 5 min.
 */
export interface AzureVm {
  /** The VM's name in labels and CSV: `azure-<vmid>`. */
  name: string;
  id: string;
  /** The period label of the column name ("<vmid> 24" -> 24), where present. */
  periodHours?: number;
  series: VmSeries;
}

export interface AzureColumns {
  header: string[];
  columns: Float64Array[];
}

/** Parses one Azure V1 CSV: a column per VM, rows placed at their `step_5min` (missing steps stay NaN). */
export function parseAzureCsv(text: string): AzureColumns {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const first = lines[0]?.split(',') ?? [];
  if (first[0]?.trim() !== 'step_5min') throw new Error(`not an Azure V1 trace: first column is "${first[0]}"`);
  const header = first.slice(1).map((h) => h.trim().replace(/^"|"$/g, ''));
  const rows = lines.slice(1).map((line) => line.split(','));
  const steps = rows.map((row, i) => {
    const step = cell(row[0]);
    if (!Number.isInteger(step) || step < 0) throw new Error(`line ${i + 2}: step_5min "${row[0]}" is not a step`);
    return step;
  });
  const length = steps.length ? Math.max(...steps) + 1 : 0;
  const columns = header.map(() => new Float64Array(length).fill(Number.NaN));
  rows.forEach((row, i) => {
    for (let c = 0; c < header.length; c++) columns[c]![steps[i]!] = cell(row[c + 1]);
  });
  return { header, columns };
}

/** Loads an avg file and, when given, the max file of the same VMs (matched by column name). */
export function loadAzureTrace(avgFile: string, maxFile?: string): AzureVm[] {
  const avg = parseAzureCsv(readTraceText(avgFile));
  const max = maxFile ? parseAzureCsv(readTraceText(maxFile)) : undefined;
  return avg.header.map((column, i) => {
    const [id, period] = column.split(/\s+/);
    const m = max ? max.header.indexOf(column) : -1;
    if (max && m < 0) throw new Error(`${maxFile} has no column "${column}"`);
    const series: VmSeries = { cpuAvg: avg.columns[i]! };
    if (max) series.cpuMax = max.columns[m]!;
    const vm: AzureVm = { name: `azure-${id}`, id: id!, series };
    if (period !== undefined) vm.periodHours = Number(period);
    return vm;
  });
}
