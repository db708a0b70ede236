import { filter, pipe } from 'graphql-yoga';
import type { ApiContext } from '../graphql/context';
import { apiError } from '../graphql/errors';
import type { Agent, Resolvers } from '../graphql/resolvers-types.generated';
import { AgentCommandRefused, type AgentLiveView, type AgentStatusChange } from './agent-registry';
import type { AgentState } from './agent.decider';

const MAX_LOG_LINES = 500;
const MAX_INSTANCES = 1000;

function agentView({ agentId, state, live }: { agentId: string; state: AgentState; live: AgentLiveView }): Agent {
  const d = state.description;
  return {
    id: agentId,
    name: d?.name ?? agentId,
    site: d?.site ?? '',
    labels: d?.labels ?? [],
    version: d?.version ?? '',
    capacity: d?.capacity ?? 0,
    status: state.status,
    statusReason: state.statusReason,
    statusSince: state.statusSince,
    registeredAt: state.registeredAt ?? null,
    lastSeenAt: live.lastSeenAt ?? null,
    runningTasks: state.status === 'offline' ? [] : live.running,
    messages: live.messages,
    lastActivityAt: live.lastActivityAt ?? null,
  };
}

/** The registry's refusals become the API's codes; anything else is not ours to explain. */
async function refusalsAsErrors<T>(ctx: ApiContext, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof AgentCommandRefused) throw apiError(e.code, e.message, ctx.traceId);
    throw e;
  }
}

const bounded = (value: number | null | undefined, fallback: number, max: number, ctx: ApiContext) => {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > max) throw apiError(400, `limit must be from 1 to ${max}`, ctx.traceId);
  return n;
};

const who = (ctx: ApiContext) => ctx.principal?.name ?? 'an operator';

export const agentResolvers: Resolvers = {
  Query: {
    agents: (_, { site, status }, ctx) =>
      ctx.agents
        .list()
        .map(agentView)
        .filter((a) => (!site || a.site === site) && (!status || a.status === status))
        .sort((a, b) => a.site.localeCompare(b.site) || a.id.localeCompare(b.id)),
    agent: (_, { id }, ctx) => {
      const found = ctx.agents.get(id);
      return found ? agentView(found) : null;
    },
    agentLogs: (_, { id, limit }, ctx) =>
      refusalsAsErrors(ctx, () => ctx.agents.logs(id, bounded(limit, 100, MAX_LOG_LINES, ctx))),
    taskInstances: (_, { taskId, agentId, status, limit }, ctx) =>
      ctx.taskInstances.list(
        { taskId: taskId ?? undefined, agentId: agentId ?? undefined, status: status ?? undefined },
        bounded(limit, 100, MAX_INSTANCES, ctx),
      ),
  },
  Mutation: {
    agentCommand: (_, { id, command, taskId, reason }, ctx) =>
      refusalsAsErrors(ctx, async () => {
        if (command !== 'cancelTask') {
          const reply = await ctx.agents.setMode(id, command, who(ctx));
          return { ok: reply.ok, message: reply.message, status: reply.mode };
        }
        if (!taskId) throw apiError(400, 'cancelTask needs the taskId', ctx.traceId);
        const instance = ctx.taskInstances.list({ taskId, agentId: id, status: 'running' }, 1)[0];
        if (!instance) throw apiError(404, `task ${taskId} does not run on agent ${id}`, ctx.traceId);
        const reply = await ctx.agents.cancelInstance(id, instance.id, reason ?? `cancelled by ${who(ctx)}`);
        return { ok: reply.ok, message: reply.message, status: reply.mode };
      }),
    disconnectAgent: (_, { id, reason }, ctx) =>
      refusalsAsErrors(ctx, async () => {
        await ctx.agents.disconnect(id, reason ?? `disconnected by ${who(ctx)}`);
        return true;
      }),
    broadcastToAgents: (_, { message }, ctx) => {
      if (message.trim().length === 0 || message.length > 2000)
        throw apiError(400, 'a message has 1 to 2000 characters', ctx.traceId);
      return ctx.agents.broadcast(message, who(ctx));
    },
    cancelTaskInstance: (_, { id, reason }, ctx) =>
      refusalsAsErrors(ctx, async () => {
        const instance = ctx.taskInstances.get(id);
        if (!instance) throw apiError(404, `task instance ${id} not found`, ctx.traceId);
        if (instance.status !== 'running')
          throw apiError(409, `task instance ${id} is ${instance.status}`, ctx.traceId);
        await ctx.agents.cancelInstance(instance.agentId, id, reason ?? `cancelled by ${who(ctx)}`);
        return ctx.taskInstances.get(id) ?? instance;
      }),
  },
  Subscription: {
    agentStatusChanged: {
      subscribe: (_, { agentId }, ctx) =>
        pipe(
          ctx.agents.pubSub.subscribe('agentStatusChanged'),
          filter((change: AgentStatusChange) => !agentId || change.agentId === agentId),
        ),
      resolve: (change: AgentStatusChange) => ({ ...change, previousStatus: change.previousStatus ?? null }),
    },
  },
};
