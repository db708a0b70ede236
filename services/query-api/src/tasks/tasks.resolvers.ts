import { sendCommand } from '../graphql/commands';
import { apiError } from '../graphql/errors';
import { jsonObject } from '../graphql/json-object';
import type { Resolvers } from '../graphql/resolvers-types.generated';
import { ABANDONED_AFTER_MS } from '../imports/import-jobs';
import { limitArg, withoutNulls } from '../inventory/args';
import { retryTask, stopTask } from './task-control';
import { decodeCursor, listAllTasks, type TaskListFilter } from './task-list';

const STATES = new Set(['pending', 'running', 'succeeded', 'failed', 'cancelled']);

export const taskResolvers: Resolvers = {
  Query: {
    taskList: async (_, a, ctx) => {
      const filter = withoutNulls(a.filter ?? {}) as TaskListFilter;
      if (filter.status && !STATES.has(filter.status))
        throw apiError(400, `status must be one of ${[...STATES].join(', ')}`, ctx.traceId);
      const after = a.after ? decodeCursor(a.after) : undefined;
      if (a.after && !after) throw apiError(400, 'after is not a cursor this API gave', ctx.traceId);
      const first = limitArg(a.first, 50, ctx);
      return listAllTasks(ctx.clickhouse, filter, first, after, Date.now() - ABANDONED_AFTER_MS);
    },
  },
  Mutation: {
    stopTask: (_, a, ctx) => stopTask(ctx, a.id, a.reason ?? undefined),
    retryTask: (_, a, ctx) => retryTask(ctx, a.id),
    startBulkAnalysis: async (_, { input }, ctx) => {
      const { bulkId, runIds } = await sendCommand(ctx, 'analyzer', 'StartBulkAnalysis', {
        analysisType: input.analysisType,
        connectionIds: input.connectionIds,
        asOf: input.asOf ?? undefined,
        options: input.policy ? { policy: input.policy } : {},
      });
      return { taskId: bulkId, childTaskIds: runIds };
    },
    startAnalysis: async (_, { input }, ctx) =>
      (
        await sendCommand(ctx, 'analyzer', 'StartAnalysis', {
          ...withoutNulls(input),
          options: jsonObject(input.options ?? {}, 'options', ctx),
        })
      ).runId,
  },
};
