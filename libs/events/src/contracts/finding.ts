import { z } from 'zod';
import { defineEvent } from '../define-event';
import { AnalysisType, EntityType, EpochMs, ErrorCode, Id, RiskLevel, Severity } from './common';
import { EvidenceByType, type RecordedEvidence } from './finding-evidence';

// Not strict, as in v1: a key these do not know is dropped, not refused, so older events keep decoding.
export const Savings = z.object({
  cpuCores: z.number(),
  memoryMb: z.number(),
  diskGb: z.number(),
  amount: z.number(),
});
export const PolicyRef = z.object({ name: z.string(), version: z.number().int().positive() });

/** What every finding says, whatever its analysis type. */
const FindingFields = {
  findingId: Id,
  connectionId: Id,
  entityType: EntityType,
  entityId: Id,
  entityName: z.string(),
  conclusion: z.string(),
  confidence: z.number().min(0).max(1),
  recommendation: z.string(),
  riskLevel: RiskLevel,
  savings: Savings,
  policy: PolicyRef,
  runId: Id,
  analysedAt: EpochMs,
};
const findingOf = <const T extends AnalysisType, E extends z.ZodType>(analysisType: T, evidence: E) =>
  z.object({ ...FindingFields, analysisType: z.literal(analysisType), evidence }).strict();

/**
 * A finding, its evidence typed by its analysis type. FindingRaised and FindingUpdated stay version 1: the wire
 * shape is the one v1 always allowed (evidence was any record), so replicas of either age read each other's events
 * during a rolling upgrade; events stored before the evidence was typed decode with it kept as recorded
 * (`RecordedEvidence`).
 */
export const FindingBody = z.discriminatedUnion('analysisType', [
  findingOf('zombie', EvidenceByType.zombie),
  findingOf('rightsize', EvidenceByType.rightsize),
  findingOf('tidal', EvidenceByType.tidal),
  findingOf('health', EvidenceByType.health),
]);
export type FindingBody = z.infer<typeof FindingBody>;
export type FindingOf<T extends AnalysisType> = Extract<FindingBody, { analysisType: T }>;
/** The evidence an analysis emits today (without the recorded form older events may carry). */
export type EvidenceOf<T extends AnalysisType> = Exclude<FindingOf<T>['evidence'], RecordedEvidence>;

export const AnalysisRunRequested = defineEvent({
  name: 'AnalysisRunRequested',
  version: 1,
  stream: 'FINDINGS',
  schema: z
    .object({
      runId: Id,
      analysisType: AnalysisType,
      connectionId: Id.optional(),
      entityType: EntityType,
      entityIds: z.array(Id),
      trigger: z.enum(['on-demand', 'data-landed']),
      /** End of the analysed window when the caller chose it; otherwise each connection's newest sample. */
      asOf: EpochMs.optional(),
      options: z.record(z.string(), z.unknown()),
      /** The bulk analysis this run is one child of. */
      parentId: Id.optional(),
    })
    .strict(),
});
export const FindingRaised = defineEvent({
  name: 'FindingRaised',
  version: 1,
  stream: 'FINDINGS',
  schema: FindingBody,
});
export const FindingUpdated = defineEvent({
  name: 'FindingUpdated',
  version: 1,
  stream: 'FINDINGS',
  schema: FindingBody,
});
export const FindingResolved = defineEvent({
  name: 'FindingResolved',
  version: 1,
  stream: 'FINDINGS',
  schema: z
    .object({
      findingId: Id,
      analysisType: AnalysisType,
      entityId: Id,
      runId: Id,
      resolvedAt: EpochMs,
      reason: z.string(),
    })
    .strict(),
});
/**
 * The finding's entity is gone with its data (an import namespace deleted): unlike a resolved finding, it leaves the
 * findings altogether, and its aggregate starts afresh should the entity come back.
 */
export const FindingWithdrawn = defineEvent({
  name: 'FindingWithdrawn',
  version: 1,
  stream: 'FINDINGS',
  schema: z
    .object({
      findingId: Id,
      analysisType: AnalysisType,
      connectionId: Id,
      entityId: Id,
      withdrawnAt: EpochMs,
      reason: z.string(),
    })
    .strict(),
});
export const AnalysisRunCompleted = defineEvent({
  name: 'AnalysisRunCompleted',
  version: 1,
  stream: 'FINDINGS',
  schema: z
    .object({
      runId: Id,
      analysisType: AnalysisType,
      analysed: z.number().int().nonnegative(),
      raised: z.number().int().nonnegative(),
      updated: z.number().int().nonnegative(),
      resolved: z.number().int().nonnegative(),
      skipped: z.number().int().nonnegative(),
      completedAt: EpochMs,
      /** What a person should know about the run: the windows read, VMs skipped and why, connections without data. */
      notes: z.array(z.string()).default([]),
    })
    .strict(),
});
/** A run leaves the queue of its analyzer and starts reading (runs of one analyzer go one at a time). */
export const AnalysisRunStarted = defineEvent({
  name: 'AnalysisRunStarted',
  version: 1,
  stream: 'FINDINGS',
  schema: z.object({ runId: Id, analysisType: AnalysisType, worker: z.string(), startedAt: EpochMs }).strict(),
});
/** How far a run is: connections read, then findings decided. */
export const AnalysisRunProgressed = defineEvent({
  name: 'AnalysisRunProgressed',
  version: 1,
  stream: 'FINDINGS',
  schema: z
    .object({
      runId: Id,
      progress: z.number().min(0).max(100),
      currentStep: z.number().int().nonnegative(),
      totalSteps: z.number().int().positive(),
      message: z.string(),
      at: EpochMs,
    })
    .strict(),
});
/** A run that could not finish: what it had already decided stays; the code says why (1003: the analysis failed). */
export const AnalysisRunFailed = defineEvent({
  name: 'AnalysisRunFailed',
  version: 1,
  stream: 'FINDINGS',
  schema: z
    .object({ runId: Id, analysisType: AnalysisType, code: ErrorCode, message: z.string(), failedAt: EpochMs })
    .strict(),
});
/** A run stopped by a person before it ended: what it had already decided stays. */
export const AnalysisRunCancelled = defineEvent({
  name: 'AnalysisRunCancelled',
  version: 1,
  stream: 'FINDINGS',
  schema: z.object({ runId: Id, analysisType: AnalysisType, reason: z.string(), cancelledAt: EpochMs }).strict(),
});
/**
 * Bulk work: one analysis (one policy) over many connections, a task whose children are one run per connection. It
 * tells how many children have ended, and ends once all have.
 */
export const BulkAnalysisRequested = defineEvent({
  name: 'BulkAnalysisRequested',
  version: 1,
  stream: 'FINDINGS',
  schema: z
    .object({
      bulkId: Id,
      analysisType: AnalysisType,
      connectionIds: z.array(Id).min(1),
      /** The children, one run per connection, in the order of connectionIds. */
      runIds: z.array(Id).min(1),
      asOf: EpochMs.optional(),
      options: z.record(z.string(), z.unknown()),
    })
    .strict(),
});
export const BulkAnalysisProgressed = defineEvent({
  name: 'BulkAnalysisProgressed',
  version: 1,
  stream: 'FINDINGS',
  schema: z
    .object({
      bulkId: Id,
      ended: z.number().int().nonnegative(),
      total: z.number().int().positive(),
      message: z.string(),
      at: EpochMs,
    })
    .strict(),
});
export const BulkAnalysisCompleted = defineEvent({
  name: 'BulkAnalysisCompleted',
  version: 1,
  stream: 'FINDINGS',
  schema: z
    .object({
      bulkId: Id,
      analysisType: AnalysisType,
      succeeded: z.number().int().nonnegative(),
      failed: z.number().int().nonnegative(),
      cancelled: z.number().int().nonnegative(),
      completedAt: EpochMs,
    })
    .strict(),
});
export const AlertRaised = defineEvent({
  name: 'AlertRaised',
  version: 1,
  stream: 'FINDINGS',
  schema: z
    .object({
      alertId: Id,
      findingId: Id,
      severity: Severity,
      title: z.string(),
      message: z.string(),
      entityType: EntityType,
      entityId: Id,
      entityName: z.string(),
      raisedAt: EpochMs,
    })
    .strict(),
});

/** A person marked an alert read or resolved (or back). */
export const AlertMarked = defineEvent({
  name: 'AlertMarked',
  version: 1,
  stream: 'FINDINGS',
  schema: z
    .object({
      alertId: Id,
      findingId: Id,
      read: z.boolean().optional(),
      resolved: z.boolean().optional(),
      markedAt: EpochMs,
    })
    .strict(),
});
