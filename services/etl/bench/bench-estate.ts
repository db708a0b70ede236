import type { MetricSample } from '@justfit/storage';

export const STEP_MS = 300_000;
export const START = Date.UTC(2026, 9, 1);

/**
 * The counters the simulated and vCenter collectors send, with the raw value in the platform's unit, and the row the
 * ETL makes of it (the direct baseline inserts those rows itself).
 */
export const BENCH_COUNTERS = [
  {
    counter: 'cpu.usage.average',
    unit: 'percent',
    metric: 'cpu.usage_pct',
    raw: (h: number) => h % 10_000,
    toRow: (v: number) => v / 100,
  },
  {
    counter: 'cpu.ready.summation',
    unit: 'millisecond',
    metric: 'cpu.ready_pct',
    raw: (h: number) => h % 3000,
    toRow: (v: number) => (v / 300_000) * 100,
  },
  {
    counter: 'mem.usage.average',
    unit: 'percent',
    metric: 'mem.usage_pct',
    raw: (h: number) => h % 9000,
    toRow: (v: number) => v / 100,
  },
  {
    counter: 'mem.active.average',
    unit: 'kiloBytes',
    metric: 'mem.active_mb',
    raw: (h: number) => h % 4_000_000,
    toRow: (v: number) => v / 1024,
  },
  {
    counter: 'mem.consumed.average',
    unit: 'kiloBytes',
    metric: 'mem.consumed_mb',
    raw: (h: number) => h % 8_000_000,
    toRow: (v: number) => v / 1024,
  },
  {
    counter: 'disk.usage.average',
    unit: 'kiloBytesPerSecond',
    metric: 'disk.kbps',
    raw: (h: number) => h % 50_000,
    toRow: (v: number) => v,
  },
  {
    counter: 'net.usage.average',
    unit: 'kiloBytesPerSecond',
    metric: 'net.kbps',
    raw: (h: number) => h % 80_000,
    toRow: (v: number) => v,
  },
] as const;

export interface BenchShape {
  vms: number;
  steps: number;
}

/** About `samples` samples: VMs × 5-minute steps (up to 5 days) × 7 counters. */
export function shapeFor(samples: number): BenchShape {
  const perStep = BENCH_COUNTERS.length;
  const steps = Math.max(1, Math.min(1440, Math.ceil(samples / perStep)));
  return { vms: Math.max(1, Math.round(samples / (steps * perStep))), steps };
}

export const samplesOf = (shape: BenchShape) => shape.vms * shape.steps * BENCH_COUNTERS.length;

function hash(vm: number, step: number, counter: number): number {
  let h = Math.imul(vm + 1, 2_654_435_761) ^ Math.imul(step + 7, 40_503) ^ Math.imul(counter + 3, 97);
  h = Math.imul(h ^ (h >>> 15), 2_246_822_507);
  return (h ^ (h >>> 13)) >>> 0;
}

/** The VMs `[from, to)` of one of `connections` connections the estate is spread over (as several vCenters). */
export function vmRange(shape: BenchShape, connection: number, connections: number): { from: number; to: number } {
  return {
    from: Math.floor((shape.vms * connection) / connections),
    to: Math.floor((shape.vms * (connection + 1)) / connections),
  };
}

/** Raw samples of the VMs `[from, to)` as JSON text, in the collector's order (VM, step, counter), in pages. */
export function* rawSamplePages(
  shape: BenchShape,
  perPage: number,
  vms = { from: 0, to: shape.vms },
): Generator<string[]> {
  let page: string[] = [];
  for (let vm = vms.from; vm < vms.to; vm++) {
    for (let step = 0; step < shape.steps; step++) {
      const ts = START + step * STEP_MS;
      for (const [c, counter] of BENCH_COUNTERS.entries()) {
        page.push(
          `{"entityType":"vm","entityId":"vm-${vm}","counter":"${counter.counter}","instance":"","unit":"${counter.unit}","timestamp":${ts},"value":${counter.raw(hash(vm, step, c))}}`,
        );
        if (page.length === perPage) {
          yield page;
          page = [];
        }
      }
    }
  }
  if (page.length) yield page;
}

/** The rows the ETL stores for the same samples, in pages. */
export function* normalisedRowPages(
  shape: BenchShape,
  connectionId: string,
  perPage: number,
): Generator<MetricSample[]> {
  let page: MetricSample[] = [];
  for (let vm = 0; vm < shape.vms; vm++) {
    for (let step = 0; step < shape.steps; step++) {
      const ts = START + step * STEP_MS;
      for (const [c, counter] of BENCH_COUNTERS.entries()) {
        page.push({
          connectionId,
          entityType: 'vm',
          entityId: `vm-${vm}`,
          metric: counter.metric,
          ts,
          value: counter.toRow(counter.raw(hash(vm, step, c))),
        });
        if (page.length === perPage) {
          yield page;
          page = [];
        }
      }
    }
  }
  if (page.length) yield page;
}
