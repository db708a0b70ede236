import { z } from 'zod';
import { defineEvent } from '../define-event';
import { EntityType, EpochMs, Id } from './common';

/** Raw inventory as a connector sees it, before the ETL normalises it. Ids are scoped by connection. */
export const RawCluster = z.object({
  kind: z.literal('cluster'),
  id: Id,
  name: z.string(),
  datacenter: z.string(),
  totalCpuMhz: z.number().nonnegative(),
  totalMemoryMb: z.number().nonnegative(),
  numHosts: z.number().int().nonnegative(),
  numVms: z.number().int().nonnegative(),
  haEnabled: z.boolean(),
  drsEnabled: z.boolean(),
});
export const RawHost = z.object({
  kind: z.literal('host'),
  id: Id,
  name: z.string(),
  clusterId: Id.nullable(),
  datacenter: z.string(),
  ipAddress: z.string(),
  cpuCores: z.number().int().nonnegative(),
  cpuMhz: z.number().nonnegative(),
  memoryMb: z.number().nonnegative(),
  numVms: z.number().int().nonnegative(),
  powerState: z.string(),
  connectionState: z.string(),
  overallStatus: z.string(),
});
export const RawVm = z.object({
  kind: z.literal('vm'),
  id: Id,
  name: z.string(),
  datacenter: z.string(),
  clusterId: Id.nullable(),
  hostId: Id.nullable(),
  uuid: z.string(),
  cpuCount: z.number().int().nonnegative(),
  memoryMb: z.number().nonnegative(),
  diskGb: z.number().nonnegative(),
  powerState: z.string(),
  guestOs: z.string(),
  ipAddress: z.string(),
  isTemplate: z.boolean(),
  overallStatus: z.string(),
  toolsStatus: z.string(),
  createdAt: EpochMs.nullable(),
  powerStateChangedAt: EpochMs.nullable(),
});
export const RawDatastore = z.object({
  kind: z.literal('datastore'),
  id: Id,
  name: z.string(),
  datacenter: z.string(),
  type: z.string(),
  capacityGb: z.number().nonnegative(),
  freeGb: z.number().nonnegative(),
});
export const RawEntity = z.discriminatedUnion('kind', [RawCluster, RawHost, RawVm, RawDatastore]);
export type RawEntity = z.infer<typeof RawEntity>;

export const InventoryObserved = defineEvent({
  name: 'InventoryObserved',
  version: 1,
  stream: 'RAW',
  schema: z
    .object({
      connectionId: Id,
      taskId: Id,
      observedAt: EpochMs,
      batch: z.number().int().nonnegative(),
      entities: z.array(RawEntity).max(2000),
    })
    .strict(),
});

/**
 * One sample as the platform reports it; `counter` is the platform's own name (e.g. `cpu.usage.average`). The raw
 * sample contract: a collector's batch and an imported file's line are checked against this same schema, so what an
 * import accepts line by line is what its events are allowed to carry.
 */
export const RawSample = z.object({
  entityType: EntityType,
  entityId: z.string().min(1, 'the entity id is empty').max(200, 'the entity id is longer than 200 characters'),
  counter: z.string().min(1, 'the counter name is empty'),
  instance: z.string().default(''),
  unit: z.string(),
  timestamp: z
    .number({ error: 'the time is not a number' })
    .int('the time is not whole epoch milliseconds')
    .min(0, 'the time is before 1970'),
  value: z.number({ error: (issue) => `the value is not a finite number (${String(issue.input)})` }),
});
export type RawSample = z.infer<typeof RawSample>;

export const MetricsObserved = defineEvent({
  name: 'MetricsObserved',
  version: 1,
  stream: 'RAW',
  schema: z
    .object({
      connectionId: Id,
      taskId: Id,
      batch: z.number().int().nonnegative(),
      intervalSec: z.number().int().positive(),
      samples: z.array(RawSample).max(6000),
    })
    .strict(),
});

/** Closes a task's raw data: everything it published before this marker is in the stream ahead of it. */
export const CollectionCompleted = defineEvent({
  name: 'CollectionCompleted',
  version: 1,
  stream: 'RAW',
  schema: z
    .object({
      connectionId: Id,
      taskId: Id,
      inventoryBatches: z.number().int().nonnegative(),
      metricBatches: z.number().int().nonnegative(),
      samples: z.number().int().nonnegative(),
    })
    .strict(),
});
