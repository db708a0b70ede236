import type { JobAction } from '@justfit/events';
import { getConnection } from '../read-models/connections';
import { getTask } from '../read-models/tasks';
import { sendCommand } from '../graphql/commands';
import type { ApiContext } from '../graphql/context';
import { apiError } from '../graphql/errors';
import type { JobActionInput, Resolvers } from '../graphql/resolvers-types.generated';

/** Jobs live in the scheduler, which answers for them; the API names who asks and checks the connection exists. */
export const jobResolvers: Resolvers = {
  Query: {
    jobs: (_, a, ctx) => sendCommand(ctx, 'scheduler', 'ListJobs', { namespace: a.namespace ?? undefined }),
    job: async (_, a, ctx) => {
      try {
        return await sendCommand(ctx, 'scheduler', 'GetJob', { jobId: a.id, nextRuns: 0, lastRuns: 0 });
      } catch (e) {
        if ((e as { extensions?: { code?: number } }).extensions?.code === 404) return null;
        throw e;
      }
    },
  },
  Mutation: {
    createJob: async (_, { input }, ctx) =>
      sendCommand(ctx, 'scheduler', 'CreateJob', {
        namespace: input.namespace ?? undefined,
        name: input.name,
        schedule: input.schedule,
        action: await jobAction(input.action, ctx),
        missedRuns: input.missedRuns ?? undefined,
        enabled: input.enabled ?? undefined,
        by: actor(ctx),
      }),
    updateJob: async (_, { input }, ctx) =>
      sendCommand(ctx, 'scheduler', 'UpdateJob', {
        jobId: input.id,
        name: input.name ?? undefined,
        schedule: input.schedule ?? undefined,
        action: input.action ? await jobAction(input.action, ctx) : undefined,
        missedRuns: input.missedRuns ?? undefined,
        by: actor(ctx),
      }),
    setJobEnabled: (_, a, ctx) =>
      sendCommand(ctx, 'scheduler', 'SetJobEnabled', { jobId: a.id, enabled: a.enabled, by: actor(ctx) }),
    deleteJob: async (_, a, ctx) =>
      (await sendCommand(ctx, 'scheduler', 'DeleteJob', { jobId: a.id, by: actor(ctx) })).jobId,
  },
  Job: {
    nextRuns: async (job, a, ctx) =>
      (await sendCommand(ctx, 'scheduler', 'GetJob', { jobId: job.id, nextRuns: count(a.count, ctx), lastRuns: 0 }))
        .nextRuns,
    lastRuns: async (job, a, ctx) =>
      (await sendCommand(ctx, 'scheduler', 'GetJob', { jobId: job.id, nextRuns: 0, lastRuns: count(a.limit, ctx) }))
        .lastRuns,
  },
  JobRun: {
    work: (run) => {
      const work = run.work;
      if (!work) return null;
      const id = work.kind === 'collectTask' ? work.taskId : work.kind === 'analysisRun' ? work.runId : work.reportId;
      return { kind: work.kind, id };
    },
  },
  JobWork: {
    task: (work, _, ctx) => (work.kind === 'collectTask' ? getTask(ctx.clickhouse, work.id) : null),
  },
};

const actor = (ctx: ApiContext) => (ctx.principal ? `${ctx.principal.kind}:${ctx.principal.name}` : 'unknown');

function count(value: unknown, ctx: ApiContext): number {
  const n = value ?? 5;
  if (!Number.isInteger(n) || (n as number) < 0 || (n as number) > 100)
    throw apiError(400, 'count and limit take a whole number from 0 to 100', ctx.traceId);
  return n as number;
}

/** The action of the kind asked for, with its defaults; a connection it names must be known to the API. */
async function jobAction(input: JobActionInput, ctx: ApiContext): Promise<JobAction> {
  const connectionId: string | undefined = input.connectionId ?? undefined;
  if (connectionId && !(await getConnection(ctx.clickhouse, connectionId)))
    throw apiError(404, `connection ${connectionId} does not exist`, ctx.traceId);
  const only = (allowed: string[]) => {
    const extra = Object.entries(input).filter(([k, v]) => v != null && k !== 'kind' && !allowed.includes(k));
    if (extra.length)
      throw apiError(400, `a ${input.kind} job takes no ${extra.map(([k]) => k).join(', ')}`, ctx.traceId);
  };
  switch (input.kind) {
    case 'collect':
      only(['connectionId', 'windowHours', 'sampleIntervalSec']);
      if (!connectionId) throw apiError(400, 'a collect job needs connectionId', ctx.traceId);
      return {
        kind: 'collect',
        connectionId,
        windowHours: input.windowHours ?? 24,
        sampleIntervalSec: input.sampleIntervalSec ?? 300,
      };
    case 'analyze':
      only(['connectionId', 'analysisType']);
      if (!input.analysisType) throw apiError(400, 'an analyze job needs analysisType', ctx.traceId);
      return { kind: 'analyze', analysisType: input.analysisType, ...(connectionId ? { connectionId } : {}) };
    case 'report':
      only(['connectionId', 'format', 'title']);
      return {
        kind: 'report',
        format: input.format ?? 'json',
        title: input.title ?? 'JustFit waste report',
        ...(connectionId ? { connectionId } : {}),
      };
    default:
      throw apiError(400, `unknown job kind ${String(input.kind)}`, ctx.traceId);
  }
}
