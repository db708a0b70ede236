import { z } from 'zod';
import { defineEvent } from '../define-event';
import { AnalysisType, EpochMs, ErrorCode, Id } from './common';
import { ReportFormat } from './report';

/** Namespaces group jobs (a team, an environment); they become part of no subject, so any short label will do. */
export const JobNamespace = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'a namespace is 1-63 letters, digits, ".", "_" or "-"');

/**
 * When a job is due: a cron expression (5 fields, or 6 with seconds first) read in an IANA time zone. The pattern and
 * the zone are checked by the scheduler (which owns the cron parser) when a job is created or changed.
 */
export const JobSchedule = z
  .object({ cron: z.string().trim().min(9).max(200), timeZone: z.string().min(1).max(64) })
  .strict();
export type JobSchedule = z.infer<typeof JobSchedule>;

/**
 * What a job does when due, as the command it sends: StartCollectTask to the collector (collecting the
 * `windowHours` before the due time), RunAnalysis to the analyzer, GenerateReport to the reporter.
 */
export const JobAction = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('collect'),
      connectionId: Id,
      windowHours: z
        .number()
        .int()
        .min(1)
        .max(24 * 90),
      sampleIntervalSec: z.number().int().min(20).max(86_400),
    })
    .strict(),
  z.object({ kind: z.literal('analyze'), analysisType: AnalysisType, connectionId: Id.optional() }).strict(),
  z
    .object({
      kind: z.literal('report'),
      format: ReportFormat,
      title: z.string().max(200),
      connectionId: Id.optional(),
    })
    .strict(),
]);
export type JobAction = z.infer<typeof JobAction>;

/**
 * What a job does with due times that passed while no scheduler ran (or it was late by more than the grace period):
 * `skip` records them as skipped and waits for the next due time; `runOnce` runs once for the latest of them.
 */
export const MissedRuns = z.enum(['skip', 'runOnce']);
export type MissedRuns = z.infer<typeof MissedRuns>;

const JobFields = {
  name: z.string().trim().min(1).max(100),
  schedule: JobSchedule,
  action: JobAction,
  missedRuns: MissedRuns,
};

/** Scheduled jobs, one aggregate per job id (`job-…`). */
export const JobCreated = defineEvent({
  name: 'JobCreated',
  version: 1,
  stream: 'JOBS',
  schema: z
    .object({
      jobId: Id,
      namespace: JobNamespace,
      ...JobFields,
      enabled: z.boolean(),
      createdBy: z.string().max(200),
      createdAt: EpochMs,
    })
    .strict(),
});
/** The whole definition as it is after the change (a left-out field of the command kept its value). */
export const JobUpdated = defineEvent({
  name: 'JobUpdated',
  version: 1,
  stream: 'JOBS',
  schema: z.object({ jobId: Id, ...JobFields, updatedBy: z.string().max(200), updatedAt: EpochMs }).strict(),
});
const JobToggle = z.object({ jobId: Id, by: z.string().max(200), at: EpochMs }).strict();
export const JobEnabled = defineEvent({ name: 'JobEnabled', version: 1, stream: 'JOBS', schema: JobToggle });
export const JobDisabled = defineEvent({ name: 'JobDisabled', version: 1, stream: 'JOBS', schema: JobToggle });
export const JobDeleted = defineEvent({ name: 'JobDeleted', version: 1, stream: 'JOBS', schema: JobToggle });

const Skipped = z.object({ count: z.number().int().positive(), firstDueAt: EpochMs, lastDueAt: EpochMs }).strict();

/**
 * A scheduler replica claimed due time `dueAt` and is starting the job's work. Appended at the job's expected
 * revision, so of several replicas only one claims a due time. `skipped`: earlier due times missed (missedRuns).
 */
export const JobFired = defineEvent({
  name: 'JobFired',
  version: 1,
  stream: 'JOBS',
  schema: z
    .object({ jobId: Id, dueAt: EpochMs, firedAt: EpochMs, late: z.boolean(), skipped: Skipped.optional() })
    .strict(),
});
/** Due times missed while no scheduler ran, not run (missedRuns: skip). */
export const JobRunsSkipped = defineEvent({
  name: 'JobRunsSkipped',
  version: 1,
  stream: 'JOBS',
  schema: z.object({ jobId: Id, ...Skipped.shape, at: EpochMs }).strict(),
});

/** The work a run started: a collect task, an analysis run or a report. */
export const JobWork = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('collectTask'), taskId: Id }).strict(),
  z.object({ kind: z.literal('analysisRun'), runId: Id }).strict(),
  z.object({ kind: z.literal('report'), reportId: Id }).strict(),
]);
export type JobWork = z.infer<typeof JobWork>;

export const JobRunStarted = defineEvent({
  name: 'JobRunStarted',
  version: 1,
  stream: 'JOBS',
  schema: z.object({ jobId: Id, dueAt: EpochMs, work: JobWork, at: EpochMs }).strict(),
});
/**
 * A run still pending long after it fired: the replica that fired it stopped before recording what it started. Its
 * work may or may not have started; it is not started again.
 */
export const JobRunAbandoned = defineEvent({
  name: 'JobRunAbandoned',
  version: 1,
  stream: 'JOBS',
  schema: z.object({ jobId: Id, dueAt: EpochMs, at: EpochMs }).strict(),
});
/** The command of a run was refused or not answered; the next due time runs as usual. */
export const JobRunFailed = defineEvent({
  name: 'JobRunFailed',
  version: 1,
  stream: 'JOBS',
  schema: z.object({ jobId: Id, dueAt: EpochMs, code: ErrorCode, message: z.string().max(2000), at: EpochMs }).strict(),
});
