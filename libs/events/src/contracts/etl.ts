import { z } from 'zod';
import { defineEvent } from '../define-event';
import { EntityType, EpochMs, Id } from './common';

export const InventoryLoaded = defineEvent({
  name: 'InventoryLoaded',
  version: 1,
  stream: 'LOADS',
  schema: z
    .object({
      connectionId: Id,
      taskId: Id,
      counts: z.record(EntityType, z.number().int().nonnegative()),
      loadedAt: EpochMs,
    })
    .strict(),
});
export const MetricsBatchLoaded = defineEvent({
  name: 'MetricsBatchLoaded',
  version: 1,
  stream: 'LOADS',
  schema: z
    .object({
      connectionId: Id,
      taskId: Id,
      entityIds: z.array(Id),
      from: EpochMs,
      to: EpochMs,
      rows: z.number().int().nonnegative(),
      rejected: z.number().int().nonnegative(),
    })
    .strict(),
});
/**
 * The ETL has loaded everything a collect task (or an import) published: its data can be analysed. Stored in LOADS
 * (the analyzer's input); events of this type stored in TASKS before are still read there.
 */
export const CollectTaskDataLoaded = defineEvent({
  name: 'CollectTaskDataLoaded',
  version: 1,
  stream: 'LOADS',
  schema: z
    .object({
      taskId: Id,
      connectionId: Id,
      batches: z.number().int().nonnegative(),
      samples: z.number().int().nonnegative(),
      loadedAt: EpochMs,
    })
    .strict(),
});
