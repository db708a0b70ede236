import { z } from 'zod';
import { defineEvent } from '../define-event';
import { EpochMs, ErrorCode, Id } from './common';

export const CollectScope = z.object({
  clusterIds: z.array(Id).default([]),
  hostIds: z.array(Id).default([]),
  vmIds: z.array(Id).default([]),
});
export type CollectScope = z.infer<typeof CollectScope>;

export const CollectTaskConfig = z
  .object({
    connectionId: Id,
    name: z.string().max(200),
    scope: CollectScope,
    startTime: EpochMs,
    endTime: EpochMs,
    sampleIntervalSec: z.number().int().positive(),
    metrics: z.array(z.string()).default([]),
  })
  .strict();
export type CollectTaskConfig = z.infer<typeof CollectTaskConfig>;

export const CollectTaskRequested = defineEvent({
  name: 'CollectTaskRequested',
  version: 1,
  stream: 'TASKS',
  schema: z.object({ taskId: Id, attempt: z.number().int().positive(), config: CollectTaskConfig }).strict(),
});
export const CollectTaskStarted = defineEvent({
  name: 'CollectTaskStarted',
  version: 1,
  stream: 'TASKS',
  schema: z.object({ taskId: Id, attempt: z.number().int().positive(), worker: z.string() }).strict(),
});
export const CollectTaskProgressed = defineEvent({
  name: 'CollectTaskProgressed',
  version: 1,
  stream: 'TASKS',
  schema: z
    .object({
      taskId: Id,
      progress: z.number().min(0).max(100),
      currentStep: z.number().int().nonnegative(),
      totalSteps: z.number().int().positive(),
      message: z.string(),
    })
    .strict(),
});
export const CollectTaskLogged = defineEvent({
  name: 'CollectTaskLogged',
  version: 1,
  stream: 'TASKS',
  schema: z
    .object({
      taskId: Id,
      level: z.enum(['debug', 'info', 'warn', 'error']),
      message: z.string(),
      timestamp: EpochMs,
    })
    .strict(),
});
export const CollectTaskSucceeded = defineEvent({
  name: 'CollectTaskSucceeded',
  version: 1,
  stream: 'TASKS',
  schema: z
    .object({
      taskId: Id,
      connectionId: Id,
      entities: z.number().int().nonnegative(),
      samples: z.number().int().nonnegative(),
      finishedAt: EpochMs,
    })
    .strict(),
});
export const CollectTaskFailed = defineEvent({
  name: 'CollectTaskFailed',
  version: 1,
  stream: 'TASKS',
  schema: z
    .object({ taskId: Id, connectionId: Id, code: ErrorCode, message: z.string(), finishedAt: EpochMs })
    .strict(),
});
export const CollectTaskCancelled = defineEvent({
  name: 'CollectTaskCancelled',
  version: 1,
  stream: 'TASKS',
  schema: z.object({ taskId: Id, connectionId: Id, reason: z.string(), finishedAt: EpochMs }).strict(),
});
