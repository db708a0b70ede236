/**
 * Writes a real trace as a wide-form import CSV (see wide-csv.ts for the columns and the figures assumed), the way a
 * user would export a month of vSphere samples:
 *
 *   npx tsx services/analyzer/bench/reference/traces-to-csv.ts --trace azure/microsoft_100 --out azure.csv \
 *     [--end 2026-09-30T23:55:00Z] [--vms 20] [--data-dir DIR]
 *
 * Step 0 is TRACE_START_MS (Monday 5 January 2026, 00:00 UTC), or, with --end, moved by whole weeks so the last
 * sample falls in the week before --end (hours of day and weekdays, and so the reference labels, stay true).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_TRACES_DIR, loadTraceSet, TRACE_SETS } from './trace-catalogue';
import { startForEnd, wideCsvHeader, wideCsvLines } from './wide-csv';

const { values: opts } = parseArgs({
  options: {
    trace: { type: 'string', default: 'azure/microsoft_100' },
    out: { type: 'string' },
    end: { type: 'string' },
    vms: { type: 'string' },
    'data-dir': { type: 'string', default: DEFAULT_TRACES_DIR },
  },
});

function main() {
  const name = opts.trace as (typeof TRACE_SETS)[number];
  if (!TRACE_SETS.includes(name)) throw new Error(`--trace must be one of ${TRACE_SETS.join(', ')}`);
  if (!opts.out) throw new Error('--out FILE is required');
  const endMs = opts.end === undefined ? undefined : Date.parse(opts.end);
  if (endMs !== undefined && !Number.isFinite(endMs)) throw new Error(`--end "${opts.end}" is not a date`);
  const trace = loadTraceSet(name, opts['data-dir']);
  const vms = opts.vms ? trace.vms.slice(0, Number(opts.vms)) : trace.vms;
  const steps = Math.max(...vms.map((vm) => vm.series.cpuAvg.length));
  const startMs = startForEnd(steps, endMs);

  const fd = openSync(opts.out, 'w');
  let batch: string[] = [wideCsvHeader(vms)];
  let lines = 0;
  const flush = () => {
    writeSync(fd, `${batch.join('\n')}\n`);
    batch = [];
  };
  for (const line of wideCsvLines(vms, startMs)) {
    batch.push(line);
    lines++;
    if (batch.length >= 10_000) flush();
  }
  flush();
  closeSync(fd);
  const first = new Date(startMs).toISOString();
  process.stdout.write(`${opts.out}: ${vms.length} VMs, ${lines} lines, from ${first} (${trace.name})\n`);
}

main();
