import { z } from 'zod';
import { Id } from './common';

/**
 * Messages that are not events of a stream, each with its subject and schema: a collector's request to stop a task
 * it runs (core NATS request/reply between collector replicas), and the records the ETL refused (the DLQ stream).
 */
export interface MessageDefinition<Name extends string = string, Schema extends z.ZodType = z.ZodType> {
  readonly name: Name;
  /** Where it travels: the subject, with `<…>` for the token that varies. */
  readonly subject: string;
  readonly schema: Schema;
  /** Who sends it and who reads it, for the topology table. */
  readonly producer: string;
  readonly consumers: readonly string[];
}

export const CancelCollectTask = {
  name: 'CancelCollectTask',
  subject: 'justfit.ctl.collector.cancel.<taskId>',
  schema: z.object({ taskId: Id, reason: z.string().min(1).max(1000) }).strict(),
  producer: 'collector',
  consumers: ['collector'],
} as const satisfies MessageDefinition;

const RejectedRecord = z.object({
  /** Position of the record in its source event. */
  seq: z.number().int().nonnegative(),
  code: z.string().min(1),
  reason: z.string(),
  record: z.unknown(),
});

export const RecordsRejected = {
  name: 'RecordsRejected',
  subject: 'justfit.dlq.etl.records',
  schema: z
    .object({
      originalSubject: z.string(),
      sourceEventId: Id,
      sourceType: z.string(),
      consumer: z.literal('etl'),
      reason: z.string(),
      records: z.array(RejectedRecord).min(1),
      deadAt: z.iso.datetime({ offset: true }),
    })
    .strict(),
  producer: 'etl',
  // Operators read the DLQ stream (`nats stream view DLQ`); the records are also in ClickHouse (importRejections).
  consumers: ['operators'],
} as const satisfies MessageDefinition;

const CANCEL_PREFIX = 'justfit.ctl.collector.cancel';

/** Where a cancel request for one task goes (every collector replica listens on `<prefix>.*`). */
export const cancelCollectTaskSubject = (taskId: string) => `${CANCEL_PREFIX}.${taskId}`;
export const cancelCollectTaskSubjects = `${CANCEL_PREFIX}.*`;
