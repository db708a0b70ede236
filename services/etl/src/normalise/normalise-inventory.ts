import type { RawEntity } from '@justfit/events';
import { type InventoryKind, type InventoryRows, OLDEST_PLAUSIBLE_MS } from '@justfit/storage';
import type { RejectedRecord } from './rejection';

export type InventoryGroups = { [K in InventoryKind]: Array<InventoryRows[K]> };

export function emptyInventoryGroups(): InventoryGroups {
  return { cluster: [], host: [], vm: [], datastore: [] };
}

export interface InventoryContext {
  connectionId: string;
  taskId: string;
  observedAt: number;
  now: number;
  maxSkewMs: number;
}

const TB_IN_MB = 1024 * 1024;
/** Above these a value is a unit mistake or garbage, not a machine (vSphere 8 maxima, with room). */
const LIMITS = {
  vcpus: 768,
  vmMemoryMb: 24 * TB_IN_MB,
  diskGb: 1_000_000,
  hostCores: 4096,
  hostMemoryMb: 64 * TB_IN_MB,
  mhz: 1e9,
};

/**
 * Inventory rows keyed by kind, each stamped with its connection, task and observation time (a new version), and
 * the entities refused with their reason. Units are the contract's already (MB, GB, MHz, cores).
 */
export function normaliseInventory(
  entities: readonly RawEntity[],
  ctx: InventoryContext,
): { groups: InventoryGroups; rejected: RejectedRecord[] } {
  const groups = emptyInventoryGroups();
  const rejected: RejectedRecord[] = [];
  const stamp = { connectionId: ctx.connectionId, taskId: ctx.taskId, observedAt: ctx.observedAt };
  entities.forEach((entity, seq) => {
    const problem = inventoryProblem(entity, ctx);
    if (problem) {
      rejected.push({ seq, record: entity, ...problem });
      return;
    }
    const { kind, ...fields } = entity;
    (groups[kind] as Array<InventoryRows[typeof kind]>).push({ ...fields, ...stamp } as InventoryRows[typeof kind]);
  });
  return { groups, rejected };
}

function inventoryProblem(
  entity: RawEntity,
  ctx: InventoryContext,
): Omit<RejectedRecord, 'seq' | 'record'> | undefined {
  if (ctx.observedAt > ctx.now + ctx.maxSkewMs) {
    return { code: 'future_timestamp', reason: `observed at ${new Date(ctx.observedAt).toISOString()}, in the future` };
  }
  const over = (what: string, value: number, max: number) =>
    value > max
      ? { code: 'out_of_range' as const, reason: `${what} ${value} is above the plausible maximum ${max}` }
      : undefined;
  switch (entity.kind) {
    case 'vm':
      for (const [what, at] of [
        ['createdAt', entity.createdAt],
        ['powerStateChangedAt', entity.powerStateChangedAt],
      ] as const) {
        if (at !== null && (at > ctx.now + ctx.maxSkewMs || at < OLDEST_PLAUSIBLE_MS)) {
          return {
            code: 'implausible_timestamp',
            reason: `${what} ${new Date(at).toISOString()} is in the future or before 2000`,
          };
        }
      }
      return (
        over('cpuCount', entity.cpuCount, LIMITS.vcpus) ??
        over('memoryMb', entity.memoryMb, LIMITS.vmMemoryMb) ??
        over('diskGb', entity.diskGb, LIMITS.diskGb)
      );
    case 'host':
      return (
        over('cpuCores', entity.cpuCores, LIMITS.hostCores) ??
        over('memoryMb', entity.memoryMb, LIMITS.hostMemoryMb) ??
        over('cpuMhz', entity.cpuMhz, LIMITS.mhz)
      );
    case 'cluster':
      return over('totalCpuMhz', entity.totalCpuMhz, LIMITS.mhz * 64);
    case 'datastore':
      if (entity.freeGb > entity.capacityGb * 1.01) {
        return {
          code: 'inconsistent',
          reason: `freeGb ${entity.freeGb} is more than the capacity ${entity.capacityGb}`,
        };
      }
      return over('capacityGb', entity.capacityGb, LIMITS.diskGb * 100);
  }
}
