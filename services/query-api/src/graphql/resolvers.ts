import type { Resolvers } from './resolvers-types.generated';
import { type ConnectionType, DEFAULT_PORTS, DEFAULT_SITE, isEvent } from '@justfit/events';
import { listFindings, listVms, MAX_PAGE_SIZE, summariseFindings } from '@justfit/storage';
import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { filter, pipe } from 'graphql-yoga';
import { definedOnly, limitArg, pageArgs, withoutNulls } from '../inventory/args';
import { isCompletion, type TaskEvent } from '../live/task-events';
import { getConnection, listConnections } from '../read-models/connections';
import { type AlertRow, listAlerts } from '../read-models/alerts';
import { getTask, listTasks } from '../read-models/tasks';
import { listTaskLogs } from '../read-models/task-logs';
import { sendCommand } from './commands';
import { publicText } from './errors';
import { jsonObject } from './json-object';

function parseLiteral(ast: ValueNode): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, parseLiteral(f.value)]));
    case Kind.LIST:
      return ast.values.map(parseLiteral);
    default:
      return null;
  }
}

const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  serialize: (v) => v,
  parseValue: (v) => v,
  parseLiteral,
});

export const resolvers: Resolvers = {
  JSON: JSONScalar,
  Finding: { id: (f) => f.findingId },
  Query: {
    analysisSummary: (_, a, ctx) =>
      summariseFindings(ctx.clickhouse, {
        analysisType: a.analysisType ?? undefined,
        connectionId: a.connectionId ?? undefined,
      }),
    analysisResult: async (_, a, ctx) => {
      if (!/^run-[0-9a-f-]{36}$/.test(a.runId)) return null;
      const events = (await ctx.store.read(a.runId, 'FINDINGS')).events.map((e) => e.event);
      const requested = events.find((e) => isEvent(e, 'AnalysisRunRequested'));
      if (!requested || !isEvent(requested, 'AnalysisRunRequested')) return null;
      const completed = events.find((e) => isEvent(e, 'AnalysisRunCompleted'));
      const stats = completed && isEvent(completed, 'AnalysisRunCompleted') ? completed.data : undefined;
      const scope = { analysisType: requested.data.analysisType, connectionId: requested.data.connectionId };
      const [entries, summary] = await Promise.all([
        listFindings(ctx.clickhouse, { ...scope, status: 'open', limit: MAX_PAGE_SIZE }),
        summariseFindings(ctx.clickhouse, scope),
      ]);
      return {
        runId: a.runId,
        ...scope,
        trigger: requested.data.trigger,
        analysed: stats?.analysed,
        raised: stats?.raised,
        updated: stats?.updated,
        resolved: stats?.resolved,
        skipped: stats?.skipped,
        completedAt: stats?.completedAt,
        notes: stats?.notes ?? [],
        entries,
        summary,
      };
    },
    policies: (_, a, ctx) =>
      sendCommand(ctx, 'analyzer', 'ListPolicies', {
        analysisType: a.analysisType ?? undefined,
        includeHidden: Boolean(a.includeHidden),
      }),
    connections: (_, a, ctx) =>
      listConnections(ctx.clickhouse, { type: a.type ?? undefined, status: a.status ?? undefined }),
    connection: (_, a, ctx) => getConnection(ctx.clickhouse, a.id),
    task: (_, a, ctx) => getTask(ctx.clickhouse, a.id),
    tasks: (_, a, ctx) =>
      listTasks(ctx.clickhouse, {
        connectionId: a.connectionId ?? undefined,
        status: a.status ?? undefined,
        limit: limitArg(a.limit, 50, ctx),
      }),
    taskLogs: (_, a, ctx) =>
      listTaskLogs(ctx.clickhouse, {
        taskId: a.taskId,
        level: a.level ?? undefined,
        limit: limitArg(a.limit, 200, ctx),
      }),
    vms: async (_, a, ctx) => {
      const page = pageArgs(a, ctx);
      return { ...(await listVms(ctx.clickhouse, { ...definedOnly(a.filter), ...page })), ...page };
    },
    findings: (_, a, ctx) =>
      listFindings(ctx.clickhouse, {
        analysisType: a.analysisType ?? undefined,
        status: a.status ?? undefined,
        connectionId: a.connectionId ?? undefined,
        limit: limitArg(a.limit, 500, ctx),
      }),
    alerts: (_, a, ctx) =>
      listAlerts(ctx.clickhouse, { unreadOnly: Boolean(a.unreadOnly), limit: limitArg(a.limit, 100, ctx) }),
  },
  Mutation: {
    createConnection: async (_, { input }, ctx) => {
      const reply = await sendCommand(ctx, 'collector', 'RegisterConnection', withoutNulls(input));
      const now = Date.now();
      return {
        id: reply.connectionId,
        name: reply.name,
        type: input.type,
        endpoint: input.endpoint,
        port: input.port ?? DEFAULT_PORTS[input.type as ConnectionType],
        username: input.username ?? '',
        verifyTls: input.verifyTls ?? true,
        site: input.site ?? DEFAULT_SITE,
        status: 'disconnected',
        lastSyncAt: null,
        errorMessage: null,
        createdAt: now,
        updatedAt: now,
      };
    },
    updateConnection: async (_, { input }, ctx) => {
      const { id, ...rest } = withoutNulls(input);
      return (await sendCommand(ctx, 'collector', 'UpdateConnection', { connectionId: id, ...rest })).connectionId;
    },
    deleteConnection: async (_, a, ctx) =>
      (await sendCommand(ctx, 'collector', 'DeleteConnection', { connectionId: a.id })).connectionId,
    testConnection: async (_, a, ctx) => {
      const result = await sendCommand(ctx, 'collector', 'TestConnection', { connectionId: a.id }, 60_000);
      return { ...result, message: publicText(result.message) };
    },
    startCollectTask: async (_, { input }, ctx) =>
      (await sendCommand(ctx, 'collector', 'StartCollectTask', withoutNulls(input))).taskId,
    stopCollectTask: async (_, a, ctx) =>
      (
        await sendCommand(ctx, 'collector', 'StopCollectTask', {
          taskId: a.id,
          ...(a.reason ? { reason: a.reason } : {}),
        })
      ).taskId,
    retryCollectTask: async (_, a, ctx) =>
      (await sendCommand(ctx, 'collector', 'RetryCollectTask', { taskId: a.id })).attempt,
    runAnalysis: (_, { input }, ctx) =>
      sendCommand(
        ctx,
        'analyzer',
        'RunAnalysis',
        { ...withoutNulls(input), options: jsonObject(input.options ?? {}, 'options', ctx) },
        300_000,
      ),
    createPolicyVersion: (_, { input }, ctx) =>
      sendCommand(ctx, 'analyzer', 'CreatePolicyVersion', {
        name: input.name,
        analysisType: input.analysisType,
        settings: jsonObject(input.settings, 'settings', ctx),
        activate: input.activate ?? false,
        note: input.note ?? '',
      }),
    changePolicyVersion: (_, a, ctx) =>
      sendCommand(ctx, 'analyzer', 'ChangePolicyVersion', { name: a.name, version: a.version, action: a.action }),
    markAlert: async (_, a, ctx) =>
      (
        await sendCommand(ctx, 'analyzer', 'MarkAlert', {
          alertId: a.id,
          read: a.read ?? undefined,
          resolved: a.resolved ?? undefined,
        })
      ).alertId,
  },
  Subscription: {
    taskProgress: {
      subscribe: (_, a, ctx) =>
        pipe(
          ctx.live.taskEvents(a.taskId ?? undefined),
          filter((e: TaskEvent) => !a.taskType || e.taskType === a.taskType),
        ),
      resolve: (e: TaskEvent) => e,
    },
    taskCompleted: {
      subscribe: (_, a, ctx) =>
        pipe(
          ctx.live.pubSub.subscribe('taskEvents'),
          filter(
            (e: TaskEvent) =>
              isCompletion(e) && (!a.taskId || e.taskId === a.taskId) && (!a.taskType || e.taskType === a.taskType),
          ),
        ),
      resolve: (e: TaskEvent) => e,
    },
    alertCreated: {
      subscribe: (_, __, ctx) => ctx.live.pubSub.subscribe('alertCreated'),
      resolve: (e: AlertRow) => e,
    },
  },
};
