import type { TraceVm } from './trace-catalogue';
import { HOURS_PER_WEEK, STEP_MS, TRACE_START_MS } from './trace-time';

/**
 * A trace as the wide-form import CSV a user would export from vSphere (docs/metrics-import.md, "Wide per-VM form"):
 * `vm,timestamp,name,cpu_count,memory_mb,cpu.usage_pct` plus, for the Alibaba hosts, `mem.usage_pct`, `net.kbps`
 * and `disk.kbps`. One line per VM and 5-minute step, time-major (every VM at 00:00, then every VM at 00:05, ...), ISO
 * timestamps in UTC; a step without a sample is an empty cell, a step with no metric at all no line.
 *
 * Figures the traces do not carry, assumed and stated here:
 * - cpu_count from vcpus.ts (2/4/8 by a hash of the name; 96 for Alibaba hosts); memory_mb = 4096 per vCPU.
 * - net.kbps: Alibaba's normalised net_in + net_out as a share of a 10 Gbit/s link (alibaba-trace.ts), in
 *   kilobytes (1024 bytes) per second.
 * - disk.kbps: Alibaba's disk_io_percent as a share of a 500 MB/s device, in kilobytes per second.
 */
export const ASSUMED_MEMORY_MB_PER_VCPU = 4096;
export const ASSUMED_DISK_BYTES_PER_SEC = 500e6;
const WEEK_MS = HOURS_PER_WEEK * 3_600_000;

/** Where step 0 goes: TRACE_START_MS, or moved by whole weeks so the last step is at or just before `endMs`. */
export function startForEnd(steps: number, endMs?: number): number {
  if (endMs === undefined) return TRACE_START_MS;
  const lastAtDefault = TRACE_START_MS + (steps - 1) * STEP_MS;
  return TRACE_START_MS + Math.floor((endMs - lastAtDefault) / WEEK_MS) * WEEK_MS;
}

export function wideCsvHeader(vms: TraceVm[]): string {
  const extra = vms.some((vm) => vm.memPct) ? ',mem.usage_pct,net.kbps,disk.kbps' : '';
  return `vm,timestamp,name,cpu_count,memory_mb,cpu.usage_pct${extra}`;
}

/** The data lines, step by step; `startMs` is the time of step 0. */
export function* wideCsvLines(vms: TraceVm[], startMs: number): Generator<string> {
  const steps = Math.max(0, ...vms.map((vm) => vm.series.cpuAvg.length));
  const withHostColumns = vms.some((vm) => vm.memPct);
  for (let k = 0; k < steps; k++) {
    const timestamp = new Date(startMs + k * STEP_MS).toISOString().replace('.000Z', 'Z');
    for (const vm of vms) {
      const metrics = [vm.series.cpuAvg[k]];
      if (withHostColumns) {
        const netBytes = (vm.series.netInBps?.[k] ?? Number.NaN) + (vm.series.netOutBps?.[k] ?? Number.NaN);
        const diskPct = vm.diskPct?.[k] ?? Number.NaN;
        metrics.push(vm.memPct?.[k], netBytes / 1024, ((diskPct / 100) * ASSUMED_DISK_BYTES_PER_SEC) / 1024);
      }
      if (!metrics.some((v) => v !== undefined && Number.isFinite(v))) continue;
      const cells = metrics.map((v) => (v !== undefined && Number.isFinite(v) ? String(round(v)) : ''));
      const memoryMb = vm.vcpus * ASSUMED_MEMORY_MB_PER_VCPU;
      yield `${vm.name},${timestamp},${vm.name},${vm.vcpus},${memoryMb},${cells.join(',')}`;
    }
  }
}

const round = (v: number) => Math.round(v * 10_000) / 10_000;
