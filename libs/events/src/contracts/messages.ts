import { z } from 'zod';
import { AgentDescription, AgentId, AgentMode } from './agent';
import { EpochMs, Id } from './common';

/**
 * Messages that are not events of a stream, each with its subject and schema: a collector's request to stop a task
 * it runs (core NATS request/reply between collector replicas), the records the ETL refused (the DLQ stream), and
 * each service instance's heartbeat (core NATS, what systemHealth and systemInfo read).
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

const HEARTBEAT_PREFIX = 'justfit.status';

/** How often every service instance says it is alive; one not heard for three intervals is offline. */
export const HEARTBEAT_INTERVAL_MS = 5_000;

/**
 * What one service instance says of itself every HEARTBEAT_INTERVAL_MS: who it is, what build it runs, since when,
 * and its readiness checks. Sent on core NATS (nothing is stored): whoever listens sees the instances alive now.
 */
export const ServiceHeartbeat = {
  name: 'ServiceHeartbeat',
  subject: `${HEARTBEAT_PREFIX}.<service>`,
  schema: z
    .object({
      service: z.string().min(1).max(100),
      /** One process: host, process id and a random part, so a restarted process is a new instance. */
      instance: z.string().min(1).max(200),
      version: z.string().max(100),
      build: z.string().max(200),
      commit: z.string().max(100),
      nodeVersion: z.string().max(50),
      startedAt: z.number().int().nonnegative(),
      sentAt: z.number().int().nonnegative(),
      intervalMs: z.number().int().positive(),
      ready: z.boolean(),
      /** Each readiness check: `ok`, or why not. */
      checks: z.record(z.string(), z.string().max(1000)),
      /** Sent once as the instance stops: it is gone, not silent. */
      stopping: z.boolean().default(false),
    })
    .strict(),
  producer: 'every service',
  consumers: ['query-api'],
} as const satisfies MessageDefinition;

/** Where one service's instances send their heartbeats, and where a listener hears all of them. */
export const heartbeatSubject = (service: string) => `${HEARTBEAT_PREFIX}.${service}`;
export const heartbeatSubjects = `${HEARTBEAT_PREFIX}.*`;

const CANCEL_RUN_PREFIX = 'justfit.ctl.analyzer.cancel';

/**
 * A request to stop an analysis run, heard by every analyzer replica; each answers whether it holds (queued or runs)
 * it, and the one that does stops it. `onlyAsk`: only whether one holds it (an analyzer looking for abandoned runs).
 */
export const CancelAnalysisRun = {
  name: 'CancelAnalysisRun',
  subject: `${CANCEL_RUN_PREFIX}.<runId>`,
  schema: z.object({ runId: Id, reason: z.string().min(1).max(1000), onlyAsk: z.boolean().default(false) }).strict(),
  producer: 'analyzer',
  consumers: ['analyzer'],
} as const satisfies MessageDefinition;

export const cancelAnalysisRunSubject = (runId: string) => `${CANCEL_RUN_PREFIX}.${runId}`;
export const cancelAnalysisRunSubjects = `${CANCEL_RUN_PREFIX}.*`;

const IMPORT_PROGRESS_PREFIX = 'justfit.live.imports';

/**
 * An import's progress while the API replica that reads its file publishes it, heard by every API replica for the
 * task subscriptions (the end, its data loaded, comes from the ETL in LOADS). Core NATS: nothing is stored; importJob
 * reads the saved state.
 */
export const ImportProgressed = {
  name: 'ImportProgressed',
  subject: `${IMPORT_PROGRESS_PREFIX}.<importId>`,
  schema: z
    .object({
      importId: Id,
      connectionId: Id,
      kind: z.enum(['requested', 'progressed', 'failed']),
      progress: z.number().min(0).max(100),
      message: z.string().max(2000),
      at: z.number().int().nonnegative(),
    })
    .strict(),
  producer: 'query-api',
  consumers: ['query-api'],
} as const satisfies MessageDefinition;

export const importProgressedSubject = (importId: string) => `${IMPORT_PROGRESS_PREFIX}.${importId}`;
export const importProgressedSubjects = `${IMPORT_PROGRESS_PREFIX}.*`;
/**
 * An agent (a collector process) announces itself to the registry (query-api) with a new session: its description,
 * and whether it drains or is in maintenance. Published on `justfit.agents.<agentId>.register`; its heartbeats then
 * name that session. A registry that hears heartbeats of a session it does not know asks the agent to register again.
 */
export const RegisterAgent = {
  name: 'RegisterAgent',
  subject: 'justfit.agents.<agentId>.register',
  schema: AgentDescription.extend({ session: Id, mode: AgentMode, sentAt: EpochMs }).strict(),
  producer: 'collector',
  consumers: ['query-api'],
} as const satisfies MessageDefinition;

/** Sent by every agent every AGENT_HEARTBEAT_MS: alive, in which session and mode, running what. */
export const AgentHeartbeat = {
  name: 'AgentHeartbeat',
  subject: 'justfit.agents.<agentId>.heartbeat',
  schema: z
    .object({
      agentId: AgentId,
      session: Id,
      mode: AgentMode,
      capacity: z.number().int().positive(),
      running: z.array(z.object({ instanceId: Id, taskId: Id })).max(64),
      sentAt: EpochMs,
    })
    .strict(),
  producer: 'collector',
  consumers: ['query-api'],
} as const satisfies MessageDefinition;

/**
 * What the registry asks one agent (request/reply on `justfit.agents.<agentId>.control`): change its mode, cancel a
 * task instance it runs, give its recent log lines, end its session (it registers again), or register again (its
 * session is unknown to the registry).
 */
export const AgentControl = {
  name: 'AgentControl',
  subject: 'justfit.agents.<agentId>.control',
  schema: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('drain') }).strict(),
    z.object({ kind: z.literal('resume') }).strict(),
    z.object({ kind: z.literal('maintenance') }).strict(),
    z.object({ kind: z.literal('cancel'), instanceId: Id, reason: z.string().min(1).max(1000) }).strict(),
    z.object({ kind: z.literal('logs'), limit: z.number().int().min(1).max(500) }).strict(),
    z.object({ kind: z.literal('disconnect'), reason: z.string().max(1000) }).strict(),
    z.object({ kind: z.literal('register') }).strict(),
  ]),
  producer: 'query-api',
  consumers: ['collector'],
} as const satisfies MessageDefinition;

export const AgentControlReply = {
  name: 'AgentControlReply',
  subject: '(the reply to AgentControl)',
  schema: z
    .object({ ok: z.boolean(), message: z.string(), mode: AgentMode, lines: z.array(z.string()).optional() })
    .strict(),
  producer: 'collector',
  consumers: ['query-api'],
} as const satisfies MessageDefinition;

/** A message for every agent (each logs it), published on one subject all collectors hear. */
export const AgentBroadcast = {
  name: 'AgentBroadcast',
  subject: 'justfit.ctl.collector.broadcast',
  schema: z.object({ message: z.string().min(1).max(2000), from: z.string().max(200), sentAt: EpochMs }).strict(),
  producer: 'query-api',
  consumers: ['collector'],
} as const satisfies MessageDefinition;

const AGENTS_PREFIX = 'justfit.agents';
/** Where an agent's registration, heartbeats and control requests travel. */
export const agentSubject = (agentId: string, kind: 'register' | 'heartbeat' | 'control') =>
  `${AGENTS_PREFIX}.${agentId}.${kind}`;
export const agentSubjects = (kind: 'register' | 'heartbeat') => `${AGENTS_PREFIX}.*.${kind}`;
export const agentBroadcastSubject = AgentBroadcast.subject;
