import { z } from 'zod';
import { defineEvent } from '../define-event';
import { EpochMs, Id } from './common';

/** An agent id, a site and a label become NATS subject tokens and user names: letters, digits, '-' and '_'. */
export const AgentId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "1-64 letters, digits, '-' or '_'");
export const SiteName = AgentId;
/** The site of connections and agents that name none. */
export const DEFAULT_SITE = 'default';

/** What an agent is doing: `offline` once its heartbeats stop; `draining` and `maintenance` take no new work. */
export const AgentStatus = z.enum(['online', 'offline', 'draining', 'maintenance']);
export type AgentStatus = z.infer<typeof AgentStatus>;
/** The status an agent chooses for itself (offline is decided by the registry, from missed heartbeats). */
export const AgentMode = z.enum(['online', 'draining', 'maintenance']);
export type AgentMode = z.infer<typeof AgentMode>;

export const AgentDescription = z
  .object({
    agentId: AgentId,
    name: z.string().min(1).max(100),
    site: SiteName,
    labels: z.array(SiteName).max(32),
    version: z.string().min(1).max(100),
    /** Tasks it runs at once. */
    capacity: z.number().int().min(1).max(64),
  })
  .strict();
export type AgentDescription = z.infer<typeof AgentDescription>;

/** An agent registered (again): a new session, whose heartbeats count from now on. */
export const AgentRegistered = defineEvent({
  name: 'AgentRegistered',
  version: 1,
  stream: 'FLEET',
  schema: AgentDescription.extend({ session: Id, mode: AgentMode, registeredAt: EpochMs }).strict(),
});

export const AgentStatusChanged = defineEvent({
  name: 'AgentStatusChanged',
  version: 1,
  stream: 'FLEET',
  schema: z
    .object({
      agentId: AgentId,
      session: Id,
      from: AgentStatus,
      status: AgentStatus,
      reason: z.string().max(1000),
      at: EpochMs,
    })
    .strict(),
});

/** An operator ended the agent's session: it takes no work until it registers again. */
export const AgentDisconnected = defineEvent({
  name: 'AgentDisconnected',
  version: 1,
  stream: 'FLEET',
  schema: z.object({ agentId: AgentId, session: Id, reason: z.string().max(1000), at: EpochMs }).strict(),
});

/**
 * A collect attempt waiting for an agent of its connection's site. Stored on `justfit.work.<site>.<taskId>`: the
 * agents of a site share one durable consumer of their site's subjects and pull only while they have a free slot.
 */
export const CollectTaskQueued = defineEvent({
  name: 'CollectTaskQueued',
  version: 1,
  stream: 'WORK',
  schema: z
    .object({ taskId: Id, attempt: z.number().int().positive(), connectionId: Id, site: SiteName, queuedAt: EpochMs })
    .strict(),
});

/** One run of a task's attempt on one agent (a resumed attempt has one instance per agent that ran it). */
export const TaskInstanceStarted = defineEvent({
  name: 'TaskInstanceStarted',
  version: 1,
  stream: 'TASKS',
  schema: z
    .object({
      instanceId: Id,
      taskId: Id,
      taskType: z.literal('collect'),
      attempt: z.number().int().positive(),
      agentId: AgentId,
      site: SiteName,
      startedAt: EpochMs,
    })
    .strict(),
});

/** `interrupted`: its agent stopped or vanished and the attempt resumes elsewhere. */
export const TaskInstanceStatus = z.enum(['running', 'succeeded', 'failed', 'cancelled', 'interrupted']);
export type TaskInstanceStatus = z.infer<typeof TaskInstanceStatus>;

export const TaskInstanceEnded = defineEvent({
  name: 'TaskInstanceEnded',
  version: 1,
  stream: 'TASKS',
  schema: z
    .object({
      instanceId: Id,
      taskId: Id,
      agentId: AgentId,
      status: TaskInstanceStatus.exclude(['running']),
      reason: z.string().max(1000),
      endedAt: EpochMs,
    })
    .strict(),
});
