/**
 * Commands: requests one service makes of another over NATS request/reply (`justfit.cmd.<service>.<Command>`).
 * Unlike events they can be refused; a refusal carries one of JustFit's error codes (400, 401, 403, 404, 408, 409,
 * 429, 1001-1005; see the README).
 */
import { z } from 'zod';
import { AnalysisType, EntityType, EpochMs, Id } from './contracts/common';
import { DEFAULT_SITE, SiteName } from './contracts/agent';
import { ConnectionType } from './contracts/connection';
import { CollectScope } from './contracts/task';
import { CurrencyCode, ReportBranding, ReportFormat, ReportType } from './contracts/report';
import { JobAction, JobNamespace, JobSchedule, JobWork, MissedRuns } from './contracts/job';

const ConnectionFields = z.object({
  name: z.string().trim().min(1, 'name is required').max(100),
  type: ConnectionType,
  endpoint: z.string().trim().min(1, 'endpoint is required').max(500),
  port: z.number().int().min(1).max(65535),
  username: z.string().max(200),
  password: z.string().max(1000),
  verifyTls: z.boolean(),
  /** The site whose agents collect it. */
  site: SiteName,
});
const ConnectionInput = ConnectionFields.extend({
  site: SiteName.default(DEFAULT_SITE),
  /** Left out: the platform's default (DEFAULT_PORTS), chosen when the connection is registered. */
  port: ConnectionFields.shape.port.optional(),
  username: ConnectionFields.shape.username.default(''),
  password: ConnectionFields.shape.password.default(''),
  verifyTls: ConnectionFields.shape.verifyTls.default(true),
});

const JobFields = z.object({
  name: z.string().trim().min(1).max(100),
  schedule: JobSchedule,
  action: JobAction,
  missedRuns: MissedRuns,
});
const JobView = JobFields.extend({
  id: Id,
  namespace: JobNamespace,
  enabled: z.boolean(),
  createdBy: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
/** One firing of a job (or a stretch of skipped due times) and what came of it. */
const JobRunView = z.object({
  dueAt: z.number(),
  firedAt: z.number(),
  late: z.boolean(),
  outcome: z.enum(['pending', 'started', 'failed', 'skipped', 'abandoned']),
  work: JobWork.optional(),
  error: z.object({ code: z.number().int(), message: z.string() }).optional(),
  skippedBefore: z.number().int().nonnegative(),
});
const JobDetail = JobView.extend({ nextRuns: z.array(z.number()), lastRuns: z.array(JobRunView) });
/** Who asks, for the job's history (the API's principal). */
const Actor = z.string().min(1).max(200);

const AnalysisRequest = z.object({
  analysisType: AnalysisType,
  entityType: EntityType.default('vm'),
  entityIds: z.array(Id).default([]),
  connectionId: Id.optional(),
  /** End of the analysed window (epoch ms); by default each connection's newest sample. */
  asOf: EpochMs.optional(),
  options: z.record(z.string(), z.unknown()).default({}),
});

export const Commands = {
  collector: {
    RegisterConnection: { input: ConnectionInput, reply: z.object({ connectionId: Id, name: z.string() }) },
    UpdateConnection: {
      // No defaults here: a field left out keeps its value (and a password left out keeps the sealed one).
      input: ConnectionFields.partial().extend({ connectionId: Id }),
      reply: z.object({ connectionId: Id }),
    },
    DeleteConnection: { input: z.object({ connectionId: Id }), reply: z.object({ connectionId: Id }) },
    TestConnection: {
      input: z.object({ connectionId: Id }),
      reply: z.object({
        success: z.boolean(),
        message: z.string(),
        latencyMs: z.number(),
        serverVersion: z.string().optional(),
        apiVersion: z.string().optional(),
        code: z.number().int().optional(),
      }),
    },
    StartCollectTask: {
      input: z.object({
        connectionId: Id,
        name: z.string().max(200).optional(),
        scope: CollectScope.default({ clusterIds: [], hostIds: [], vmIds: [] }),
        startTime: z.number().int().nonnegative().optional(),
        endTime: z.number().int().nonnegative().optional(),
        sampleIntervalSec: z.number().int().positive().default(300),
        metrics: z.array(z.string()).default([]),
      }),
      reply: z.object({ taskId: Id }),
    },
    StopCollectTask: {
      input: z.object({ taskId: Id, reason: z.string().max(500).default('stopped by a user') }),
      reply: z.object({ taskId: Id, status: z.string() }),
    },
    RetryCollectTask: {
      input: z.object({ taskId: Id }),
      reply: z.object({ taskId: Id, attempt: z.number().int().positive() }),
    },
  },
  analyzer: {
    /** Runs an analysis and answers once it is done, with what it did. */
    RunAnalysis: {
      input: AnalysisRequest,
      reply: z.object({
        runId: Id,
        analysed: z.number().int(),
        raised: z.number().int(),
        updated: z.number().int(),
        resolved: z.number().int(),
        skipped: z.number().int(),
        notes: z.array(z.string()),
      }),
    },
    /**
     * Starts an analysis as a task: the reply comes once the run is requested (its id is the task id); its start,
     * progress and end follow as events of the run.
     */
    StartAnalysis: { input: AnalysisRequest, reply: z.object({ runId: Id }) },
    /** One analysis (one policy) over many connections: a task with one child run per connection. */
    StartBulkAnalysis: {
      input: z.object({
        analysisType: AnalysisType,
        connectionIds: z.array(Id).min(1).max(500),
        asOf: EpochMs.optional(),
        options: z.record(z.string(), z.unknown()).default({}),
      }),
      reply: z.object({ bulkId: Id, runIds: z.array(Id) }),
    },
    /** Stops a run that has not ended (queued or running); it ends cancelled. */
    StopAnalysis: {
      input: z.object({ runId: Id, reason: z.string().max(500).default('stopped by a user') }),
      reply: z.object({ runId: Id, status: z.literal('cancelled') }),
    },
    CreatePolicyVersion: {
      input: z.object({
        name: z.string().min(1).max(100),
        analysisType: AnalysisType,
        settings: z.record(z.string(), z.unknown()),
        activate: z.boolean().default(false),
        note: z.string().max(1000).default(''),
      }),
      reply: z.object({ name: z.string(), version: z.number().int() }),
    },
    ChangePolicyVersion: {
      input: z.object({
        name: z.string().min(1).max(100),
        version: z.number().int().positive(),
        action: z.enum(['activate', 'hide', 'show', 'archive']),
      }),
      reply: z.object({ name: z.string(), version: z.number().int() }),
    },
    ListPolicies: {
      input: z.object({ analysisType: AnalysisType.optional(), includeHidden: z.boolean().default(false) }),
      reply: z.array(
        z.object({
          name: z.string(),
          analysisType: AnalysisType,
          activeVersion: z.number().int(),
          versions: z.array(
            z.object({
              version: z.number().int(),
              status: z.enum(['active', 'inactive', 'archived']),
              hidden: z.boolean(),
              settings: z.record(z.string(), z.unknown()),
              note: z.string(),
              createdAt: z.number(),
            }),
          ),
        }),
      ),
    },
    /** Withdraws every finding of a connection whose data was deleted (an import namespace). */
    WithdrawFindings: {
      input: z.object({ connectionId: Id, reason: z.string().min(1).max(500) }),
      reply: z.object({ withdrawn: z.number().int().nonnegative() }),
    },
    MarkAlert: {
      input: z
        .object({ alertId: Id, read: z.boolean().optional(), resolved: z.boolean().optional() })
        .refine((m) => m.read !== undefined || m.resolved !== undefined, 'say read, resolved or both'),
      reply: z.object({ alertId: Id, findingId: Id }),
    },
  },
  reporter: {
    GenerateReport: {
      input: z.object({
        format: ReportFormat.default('json'),
        reportType: ReportType.default('summary'),
        title: z.string().max(200).default('JustFit waste report'),
        connectionId: Id.optional(),
        /** Only the findings whose latest analysis was this run. */
        runId: Id.optional(),
        /** Only these entities (empty: all). */
        entityIds: z.array(Id).max(1000).default([]),
        /** Absent: the settings' currency, which the analyses priced the savings in. */
        currency: CurrencyCode.optional(),
        branding: ReportBranding.default({}),
      }),
      // The report is a task: the reply comes once it is requested; progress and completion follow as events.
      reply: z.object({ reportId: Id }),
    },
  },
  scheduler: {
    CreateJob: {
      input: JobFields.extend({
        namespace: JobNamespace.default('default'),
        missedRuns: MissedRuns.default('skip'),
        enabled: z.boolean().default(true),
        by: Actor,
      }),
      reply: JobView,
    },
    UpdateJob: {
      // A field left out keeps its value.
      input: JobFields.partial().extend({ jobId: Id, by: Actor }),
      reply: JobView,
    },
    SetJobEnabled: { input: z.object({ jobId: Id, enabled: z.boolean(), by: Actor }), reply: JobView },
    DeleteJob: { input: z.object({ jobId: Id, by: Actor }), reply: z.object({ jobId: Id }) },
    ListJobs: { input: z.object({ namespace: JobNamespace.optional() }), reply: z.array(JobView) },
    GetJob: {
      input: z.object({
        jobId: Id,
        nextRuns: z.number().int().min(0).max(100).default(5),
        lastRuns: z.number().int().min(0).max(100).default(20),
      }),
      reply: JobDetail,
    },
  },
} as const;

export type ServiceName = keyof typeof Commands;
export type CommandName<S extends ServiceName> = keyof (typeof Commands)[S] & string;
type CommandDef<S extends ServiceName, C extends CommandName<S>> = (typeof Commands)[S][C] extends {
  input: infer I extends z.ZodType;
  reply: infer R extends z.ZodType;
}
  ? { input: I; reply: R }
  : never;
export type CommandInput<S extends ServiceName, C extends CommandName<S>> = z.input<CommandDef<S, C>['input']>;
export type ParsedCommandInput<S extends ServiceName, C extends CommandName<S>> = z.output<CommandDef<S, C>['input']>;
export type CommandReply<S extends ServiceName, C extends CommandName<S>> = z.output<CommandDef<S, C>['reply']>;
