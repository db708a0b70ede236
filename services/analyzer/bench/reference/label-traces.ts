/**
 * Reference labels for the real traces, computed by independent code that follows the published rules (never by
 * the analyzer's own functions), for `npm run accuracy` to score JustFit's findings against.
 *
 *   npx tsx services/analyzer/bench/reference/label-traces.ts [--data-dir DIR] [--out labels.json] [--show N]
 *
 * Prints, per trace file, how many VMs each label holds; --out writes every VM's labels (with the figures each
 * verdict rests on) as JSON; --show N prints N VMs of each label as a day-by-hour chart to check them by eye.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { LABEL_TESTS } from './label-counts';
import { labelVm, type VmLabels } from './label-vm';
import { dayByHourChart } from './text-chart';
import { DEFAULT_TRACES_DIR, loadTraceSet, TRACE_SETS, type TraceVm } from './trace-catalogue';
import { TRACE_START_MS } from './trace-time';

const { values: opts } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: DEFAULT_TRACES_DIR },
    out: { type: 'string' },
    show: { type: 'string', default: '0' },
  },
});
const log = (line = '') => process.stdout.write(`${line}\n`);

function main() {
  const files = TRACE_SETS.map((set) => {
    const trace = loadTraceSet(set, opts['data-dir']);
    const labelled = trace.vms.map((vm) => ({ vm, labels: labelVm(vm.name, vm.series, vm.vcpus, vm.periodHours) }));
    report(trace.name, labelled);
    return { trace: trace.name, files: trace.files, vms: labelled.map((l) => l.labels) };
  });
  if (opts.out) {
    const body = { traceStart: new Date(TRACE_START_MS).toISOString(), stepSeconds: 300, traces: files };
    writeFileSync(opts.out, `${JSON.stringify(body, null, 1)}\n`);
    log(`\nlabels of ${files.reduce((n, f) => n + f.vms.length, 0)} VMs written to ${opts.out}`);
  }
}

function report(name: string, labelled: Array<{ vm: TraceVm; labels: VmLabels }>) {
  const all = labelled.map((l) => l.labels);
  log(`\n== ${name}: ${all.length} VMs`);
  const counts = Object.entries(LABEL_TESTS).map(([label, test]) => [label, all.filter(test).length] as const);
  const width = Math.max(...counts.map(([label]) => label.length));
  for (const [label, n] of counts) log(`  ${label.padEnd(width)}  ${String(n).padStart(4)}`);
  const sum = (f: (l: VmLabels) => number) => all.reduce((s, l) => s + f(l), 0);
  log(
    `  right-size p95 + 20 %: ${sum((l) => l.vcpus)} vCPUs -> ${sum((l) => l.rightsize.cores)} cores ` +
      `(${sum((l) => l.rightsize.savingsCores)} saved; unrounded ${sum((l) => l.rightsize.savingsCoresUnrounded).toFixed(1)})`,
  );
  const periods = [...new Set(all.map((l) => l.periodHours).filter((p) => p !== undefined))].sort((a, b) => a - b);
  for (const p of periods) {
    const group = all.filter((l) => l.periodHours === p);
    const tidal = group.filter((l) => l.tidal.label === 'tidal').length;
    const recurring = group.filter((l) => l.recurring.daily || l.recurring.weekly).length;
    log(`  column label ${p} h: ${group.length} VMs, ${tidal} clearly tidal, ${recurring} with a recurring job`);
  }
  const show = Number(opts.show);
  if (show > 0) {
    for (const [label, test] of Object.entries(LABEL_TESTS)) {
      for (const { vm, labels } of labelled.filter((l) => test(l.labels)).slice(0, show)) {
        log(
          `\n-- ${label}: ${vm.name} (${vm.vcpus} vCPU${vm.periodHours ? `, column label ${vm.periodHours} h` : ''})`,
        );
        log(`   idle: gcp ${labels.idle.gcp.why}`);
        log(`         azure ${labels.idle.azure.why}`);
        log(`   recurring: ${labels.recurring.why}`);
        log(`   tidal: ${labels.tidal.label}: ${labels.tidal.why}`);
        log(dayByHourChart(vm.series.cpuAvg));
      }
    }
  }
}

main();
