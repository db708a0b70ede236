import type { CollectScope, RawEntity, RawSample } from '@justfit/events';
import type { ConnectionTestResult, MetricsRequest, PlatformConnector } from '../connector';
import { vmInScope } from '../scope';
import { buildEstate, type SimulatedEstate } from './estate';
import { loadAt } from './load-model';

// ~150 bytes a sample as JSON: batches stay well under NATS' default 1 MB message limit.
const BATCH_SAMPLES = 4_000;
const VCPU_MHZ = 2600;
export const SIMULATED_COUNTERS = [
  'cpu.usage.average',
  'cpu.ready.summation',
  'mem.usage.average',
  'mem.active.average',
  'mem.consumed.average',
  'disk.usage.average',
  'net.usage.average',
];

/** Only VMs are narrowed by the scope here: every host, cluster and datastore of the estate is reported. */
function inScope(entity: RawEntity, scope: CollectScope): boolean {
  return entity.kind !== 'vm' || vmInScope(entity, scope);
}

/**
 * A deterministic simulated estate for demos and tests: values are reported the way vCenter reports them
 * (percent ×100, memory in KB, ready as milliseconds summed over the interval) so the ETL's normalisation is
 * exercised exactly as with a real platform.
 */
export class SimulatedConnector implements PlatformConnector {
  private readonly estate: SimulatedEstate;

  constructor(
    private readonly endpoint: string,
    now = Date.now(),
  ) {
    this.estate = buildEstate(endpoint.replace(/[^a-z0-9]/gi, '').toLowerCase() || 'sim', now);
  }

  async test(): Promise<ConnectionTestResult> {
    return {
      success: true,
      message: 'simulated estate reachable',
      latencyMs: 0,
      serverVersion: 'JustFit simulated estate 1.0',
      apiVersion: '1.0',
    };
  }

  async *inventory(scope: CollectScope, signal: AbortSignal): AsyncIterable<RawEntity[]> {
    signal.throwIfAborted();
    yield this.estate.entities.filter((e) => inScope(e, scope));
  }

  async *metrics(request: MetricsRequest, signal: AbortSignal): AsyncIterable<RawSample[]> {
    const counters = request.counters.length
      ? request.counters.filter((c) => SIMULATED_COUNTERS.includes(c))
      : SIMULATED_COUNTERS;
    const stepMs = request.intervalSec * 1000;
    const start = Math.ceil(request.startTime / stepMs) * stepMs;
    let batch: RawSample[] = [];
    for (const vm of this.estate.vms) {
      if (!inScope(vm.entity, request.scope) || vm.entity.powerState !== 'poweredOn') continue;
      for (let t = start; t <= request.endTime; t += stepMs) {
        const load = loadAt(vm.behaviour, vm.entity.id, t);
        const memKb = vm.entity.memoryMb * 1024;
        const values: Record<string, [number, string]> = {
          'cpu.usage.average': [Math.round(load.cpuPct * 100), 'percent'],
          'cpu.ready.summation': [Math.round(load.readyMsPer20s * (request.intervalSec / 20)), 'millisecond'],
          'mem.usage.average': [Math.round(load.memPct * 100), 'percent'],
          'mem.active.average': [Math.round(memKb * (load.memPct / 100) * 0.8), 'kiloBytes'],
          'mem.consumed.average': [Math.round(memKb * Math.min(1, load.memPct / 100 + 0.25)), 'kiloBytes'],
          'disk.usage.average': [Math.round(load.diskKBps), 'kiloBytesPerSecond'],
          'net.usage.average': [Math.round(load.netKBps), 'kiloBytesPerSecond'],
        };
        for (const counter of counters) {
          const [value, unit] = values[counter]!;
          batch.push({ entityType: 'vm', entityId: vm.entity.id, counter, instance: '', unit, timestamp: t, value });
        }
        if (batch.length >= BATCH_SAMPLES) {
          signal.throwIfAborted();
          yield batch;
          batch = [];
        }
      }
    }
    for (const host of this.estate.entities) {
      if (host.kind !== 'host' || !inScope(host, request.scope)) continue;
      const guests = this.estate.vms.filter(
        (vm) => vm.entity.hostId === host.id && vm.entity.powerState === 'poweredOn',
      );
      for (let t = start; t <= request.endTime; t += stepMs) {
        // A host carries the sum of its guests' demand, as vCenter reports it for the host.
        let mhz = 0;
        let memMb = 0;
        for (const vm of guests) {
          const load = loadAt(vm.behaviour, vm.entity.id, t);
          mhz += (load.cpuPct / 100) * vm.entity.cpuCount * VCPU_MHZ;
          memMb += vm.entity.memoryMb * Math.min(1, load.memPct / 100 + 0.25);
        }
        const values: Record<string, number> = {
          'cpu.usage.average': Math.round((mhz / host.cpuMhz) * 10_000),
          'mem.usage.average': Math.round((memMb / host.memoryMb) * 10_000),
        };
        for (const counter of counters) {
          if (values[counter] === undefined) continue;
          batch.push({
            entityType: 'host',
            entityId: host.id,
            counter,
            instance: '',
            unit: 'percent',
            timestamp: t,
            value: values[counter],
          });
        }
        if (batch.length >= BATCH_SAMPLES) {
          signal.throwIfAborted();
          yield batch;
          batch = [];
        }
      }
    }
    if (batch.length) yield batch;
  }

  async close(): Promise<void> {}
}
