import { type ConnectionType, DEFAULT_PORTS, isEvent } from '@justfit/events';
import { listFindings, listVms, MAX_PAGE_SIZE, summariseFindings } from '@justfit/storage';
import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { filter, pipe } from 'graphql-yoga';
import { limitArg, pageArgs } from '../inventory/args';
import type { TaskEvent } from '../live/task-events';
import { getConnection, listConnections } from '../read-models/connections';
import { listAlerts } from '../read-models/alerts';
import { getReport, listReports, type ReportRow } from '../read-models/reports';
import { getTask, listTasks } from '../read-models/tasks';
import { listTaskLogs } from '../read-models/task-logs';
import { sendCommand } from './commands';
import type { ApiContext } from './context';
import { publicText } from './errors';

type Args = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const COMPLETED = new Set(['succeeded', 'failed', 'cancelled']);

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

const reportView = (r: ReportRow, ctx: ApiContext) => ({
  ...r,
  downloadUrl: r.status === 'generated' ? `${ctx.publicUrl}/reports/${encodeURIComponent(r.id)}` : null,
});

export const resolvers = {
  JSON: JSONScalar,
  Finding: { id: (f: { findingId: string }) => f.findingId },
  Query: {
    analysisSummary: (_: unknown, a: Args, ctx: ApiContext) =>
      summariseFindings(ctx.clickhouse, { analysisType: a.analysisType, connectionId: a.connectionId }),
    analysisResult: async (_: unknown, a: Args, ctx: ApiContext) => {
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
    policies: (_: unknown, a: Args, ctx: ApiContext) =>
      sendCommand(ctx, 'analyzer', 'ListPolicies', {
        analysisType: a.analysisType ?? undefined,
        includeHidden: Boolean(a.includeHidden),
      }),
    connections: (_: unknown, a: Args, ctx: ApiContext) =>
      listConnections(ctx.clickhouse, { type: a.type, status: a.status }),
    connection: (_: unknown, a: Args, ctx: ApiContext) => getConnection(ctx.clickhouse, a.id),
    task: (_: unknown, a: Args, ctx: ApiContext) => getTask(ctx.clickhouse, a.id),
    tasks: (_: unknown, a: Args, ctx: ApiContext) =>
      listTasks(ctx.clickhouse, { connectionId: a.connectionId, status: a.status, limit: limitArg(a.limit, 50, ctx) }),
    taskLogs: (_: unknown, a: Args, ctx: ApiContext) =>
      listTaskLogs(ctx.clickhouse, { taskId: a.taskId, level: a.level, limit: limitArg(a.limit, 200, ctx) }),
    vms: async (_: unknown, a: Args, ctx: ApiContext) => {
      const page = pageArgs(a, ctx);
      return { ...(await listVms(ctx.clickhouse, { ...(a.filter ?? {}), ...page })), ...page };
    },
    findings: (_: unknown, a: Args, ctx: ApiContext) =>
      listFindings(ctx.clickhouse, {
        analysisType: a.analysisType,
        status: a.status,
        connectionId: a.connectionId,
        limit: limitArg(a.limit, 500, ctx),
      }),
    alerts: (_: unknown, a: Args, ctx: ApiContext) =>
      listAlerts(ctx.clickhouse, { unreadOnly: Boolean(a.unreadOnly), limit: limitArg(a.limit, 100, ctx) }),
    report: async (_: unknown, a: Args, ctx: ApiContext) => {
      const r = await getReport(ctx.clickhouse, a.id);
      return r ? reportView(r, ctx) : null;
    },
    reports: async (_: unknown, a: Args, ctx: ApiContext) =>
      (await listReports(ctx.clickhouse, limitArg(a.limit, 50, ctx))).map((r) => reportView(r, ctx)),
  },
  Mutation: {
    createConnection: async (_: unknown, { input }: Args, ctx: ApiContext) => {
      const reply = await sendCommand(ctx, 'collector', 'RegisterConnection', input);
      const now = Date.now();
      return {
        id: reply.connectionId,
        name: reply.name,
        type: input.type,
        endpoint: input.endpoint,
        port: input.port ?? DEFAULT_PORTS[input.type as ConnectionType],
        username: input.username ?? '',
        verifyTls: input.verifyTls ?? true,
        status: 'disconnected',
        lastSyncAt: null,
        errorMessage: null,
        createdAt: now,
        updatedAt: now,
      };
    },
    updateConnection: async (_: unknown, { input }: Args, ctx: ApiContext) => {
      const { id, ...rest } = input;
      return (await sendCommand(ctx, 'collector', 'UpdateConnection', { connectionId: id, ...rest })).connectionId;
    },
    deleteConnection: async (_: unknown, a: Args, ctx: ApiContext) =>
      (await sendCommand(ctx, 'collector', 'DeleteConnection', { connectionId: a.id })).connectionId,
    testConnection: async (_: unknown, a: Args, ctx: ApiContext) => {
      const result = await sendCommand(ctx, 'collector', 'TestConnection', { connectionId: a.id }, 60_000);
      return { ...result, message: publicText(result.message) };
    },
    startCollectTask: async (_: unknown, { input }: Args, ctx: ApiContext) =>
      (await sendCommand(ctx, 'collector', 'StartCollectTask', input)).taskId,
    stopCollectTask: async (_: unknown, a: Args, ctx: ApiContext) =>
      (
        await sendCommand(ctx, 'collector', 'StopCollectTask', {
          taskId: a.id,
          ...(a.reason ? { reason: a.reason } : {}),
        })
      ).taskId,
    retryCollectTask: async (_: unknown, a: Args, ctx: ApiContext) =>
      (await sendCommand(ctx, 'collector', 'RetryCollectTask', { taskId: a.id })).attempt,
    runAnalysis: (_: unknown, { input }: Args, ctx: ApiContext) =>
      sendCommand(ctx, 'analyzer', 'RunAnalysis', input, 300_000),
    createPolicyVersion: (_: unknown, { input }: Args, ctx: ApiContext) =>
      sendCommand(ctx, 'analyzer', 'CreatePolicyVersion', {
        name: input.name,
        analysisType: input.analysisType,
        settings: input.settings,
        activate: input.activate ?? false,
        note: input.note ?? '',
      }),
    changePolicyVersion: (_: unknown, a: Args, ctx: ApiContext) =>
      sendCommand(ctx, 'analyzer', 'ChangePolicyVersion', { name: a.name, version: a.version, action: a.action }),
    markAlert: async (_: unknown, a: Args, ctx: ApiContext) =>
      (
        await sendCommand(ctx, 'analyzer', 'MarkAlert', {
          alertId: a.id,
          read: a.read ?? undefined,
          resolved: a.resolved ?? undefined,
        })
      ).alertId,
    generateReport: async (_: unknown, { input }: Args, ctx: ApiContext) => {
      const reply = await sendCommand(ctx, 'reporter', 'GenerateReport', input ?? {}, 120_000);
      const format = input?.format ?? 'json';
      return reportView(
        {
          id: reply.reportId,
          connectionId: input?.connectionId ?? null,
          format,
          title: input?.title ?? 'JustFit waste report',
          status: 'generated',
          path: reply.path,
          bytes: reply.bytes,
          sha256: null,
          errorMessage: null,
          generatedAt: Date.now(),
        },
        ctx,
      );
    },
  },
  Subscription: {
    taskProgress: {
      subscribe: (_: unknown, a: Args, ctx: ApiContext) => ctx.live.taskEvents(a.taskId ?? undefined),
      resolve: (e: unknown) => e,
    },
    taskCompleted: {
      subscribe: (_: unknown, a: Args, ctx: ApiContext) =>
        pipe(
          ctx.live.pubSub.subscribe('taskEvents'),
          filter((e: TaskEvent) => COMPLETED.has(e.kind) && (!a.taskId || e.taskId === a.taskId)),
        ),
      resolve: (e: unknown) => e,
    },
    alertCreated: {
      subscribe: (_: unknown, __: Args, ctx: ApiContext) => ctx.live.pubSub.subscribe('alertCreated'),
      resolve: (e: unknown) => e,
    },
  },
};
