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

const MAX_SAMPLES_PER_EVENT = 6000;
const ENTITY_TYPES: ReadonlySet<unknown> = new Set(EntityType.options);
const METRICS_OBSERVED_KEYS: ReadonlySet<string> = new Set([
  'connectionId',
  'taskId',
  'batch',
  'intervalSec',
  'samples',
]);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown) => typeof v === 'string' && v.length >= 1 && v.length <= 200;
const isWhole = (v: unknown): v is number => Number.isSafeInteger(v);

/**
 * RawSample's rules checked in place (see EventDefinition.checkInPlace): a missing `instance` becomes '' as the
 * schema's default makes it; keys the schema would strip are left, and nothing reads them.
 */
export function isRawSample(v: unknown): v is RawSample {
  if (!isRecord(v)) return false;
  const { entityId, counter, timestamp, value } = v;
  if (!ENTITY_TYPES.has(v.entityType) || !isId(entityId)) return false;
  if (typeof counter !== 'string' || counter.length === 0 || typeof v.unit !== 'string') return false;
  if (!isWhole(timestamp) || timestamp < 0 || typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (v.instance === undefined) v.instance = '';
  else if (typeof v.instance !== 'string') return false;
  return true;
}

function isMetricsObservedData(v: unknown): v is z.infer<typeof MetricsObservedData> {
  if (!isRecord(v)) return false;
  for (const key in v) if (!METRICS_OBSERVED_KEYS.has(key)) return false;
  const { batch, intervalSec, samples } = v;
  if (!isId(v.connectionId) || !isId(v.taskId) || !isWhole(batch) || batch < 0) return false;
  if (!isWhole(intervalSec) || intervalSec <= 0) return false;
  if (!Array.isArray(samples) || samples.length > MAX_SAMPLES_PER_EVENT) return false;
  for (const sample of samples) if (!isRawSample(sample)) return false;
  return true;
}

const MetricsObservedData = z
  .object({
    connectionId: Id,
    taskId: Id,
    batch: z.number().int().nonnegative(),
    intervalSec: z.number().int().positive(),
    samples: z.array(RawSample).max(MAX_SAMPLES_PER_EVENT),
  })
  .strict();

export const MetricsObserved = defineEvent({
  name: 'MetricsObserved',
  version: 1,
  stream: 'RAW',
  schema: MetricsObservedData,
  checkInPlace: isMetricsObservedData,
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
