import { type EventStore, isEvent } from '@justfit/events';
import { sendCommand } from '../graphql/commands';
import type { ApiContext } from '../graphql/context';
import { apiError } from '../graphql/errors';
import { taskTypeOf } from '../live/task-events';

const DEFAULT_REASON = 'stopped by a user';

/** Stops a collection or an analysis; the others end on their own. */
export async function stopTask(ctx: ApiContext, id: string, reason = DEFAULT_REASON): Promise<string> {
  switch (taskTypeOf(id)) {
    case 'collect':
      return (await sendCommand(ctx, 'collector', 'StopCollectTask', { taskId: id, reason })).taskId;
    case 'analyze':
      if (id.startsWith('bulk-')) return stopChildren(ctx, id, reason);
      return (await sendCommand(ctx, 'analyzer', 'StopAnalysis', { runId: id, reason })).runId;
    case 'report':
      throw apiError(400, 'a report cannot be stopped: one reporter writes it in one go, in seconds', ctx.traceId);
    case 'import':
      throw apiError(400, 'an import cannot be stopped once its file is read: delete its namespace', ctx.traceId);
    default:
      throw apiError(404, `no task ${id}`, ctx.traceId);
  }
}

/** Stops every child of a bulk analysis that has not ended; the bulk ends once they have. */
async function stopChildren(ctx: ApiContext, bulkId: string, reason: string): Promise<string> {
  const requested = (await ctx.store.read(bulkId, 'FINDINGS')).events
    .map((e) => e.event)
    .find((e) => isEvent(e, 'BulkAnalysisRequested'));
  if (!requested || !isEvent(requested, 'BulkAnalysisRequested')) throw apiError(404, `no task ${bulkId}`, ctx.traceId);
  for (const runId of requested.data.runIds) {
    await sendCommand(ctx, 'analyzer', 'StopAnalysis', { runId, reason }).catch((e: unknown) => {
      // A child that has already ended is left as it ended.
      if ((e as { extensions?: { code?: number } }).extensions?.code !== 409) throw e;
    });
  }
  return bulkId;
}

/** What a run or a report asked for, once it ended failed or cancelled; 409 while it has not, 404 if unknown. */
async function endedRequest<T>(
  store: EventStore,
  ctx: ApiContext,
  id: string,
  stream: 'FINDINGS' | 'REPORTS',
  read: (events: Awaited<ReturnType<EventStore['read']>>['events']) => { request?: T; outcome?: string },
): Promise<T> {
  const { request, outcome } = read((await store.read(id, stream)).events);
  if (!request) throw apiError(404, `no task ${id}`, ctx.traceId);
  if (outcome !== 'failed' && outcome !== 'cancelled')
    throw apiError(
      409,
      `task ${id} is ${outcome ?? 'not ended'}: only failed or cancelled tasks are retried`,
      ctx.traceId,
    );
  return request;
}

/** Runs a failed or cancelled task again; answers with the id of the task that does. */
export async function retryTask(ctx: ApiContext, id: string): Promise<string> {
  switch (taskTypeOf(id)) {
    case 'collect':
      await sendCommand(ctx, 'collector', 'RetryCollectTask', { taskId: id });
      return id;
    case 'analyze': {
      if (id.startsWith('bulk-'))
        throw apiError(400, 'a bulk analysis is retried child by child: retry its failed children', ctx.traceId);
      const request = await endedRequest(ctx.store, ctx, id, 'FINDINGS', (events) => {
        let outcome: string | undefined;
        let request;
        for (const { event } of events) {
          if (isEvent(event, 'AnalysisRunRequested')) request = event.data;
          else if (isEvent(event, 'AnalysisRunCompleted')) outcome = 'succeeded';
          else if (isEvent(event, 'AnalysisRunFailed')) outcome = 'failed';
          else if (isEvent(event, 'AnalysisRunCancelled')) outcome = 'cancelled';
        }
        return { request, outcome };
      });
      const { analysisType, entityType, entityIds, connectionId, asOf, options } = request;
      const input = { analysisType, entityType, entityIds, connectionId, asOf, options };
      return (await sendCommand(ctx, 'analyzer', 'StartAnalysis', input)).runId;
    }
    case 'report': {
      const request = await endedRequest(ctx.store, ctx, id, 'REPORTS', (events) => {
        let outcome: string | undefined;
        let request;
        for (const { event } of events) {
          if (isEvent(event, 'ReportRequested')) request = event.data;
          else if (isEvent(event, 'ReportGenerated')) outcome = 'succeeded';
          else if (isEvent(event, 'ReportFailed')) outcome = 'failed';
        }
        return { request, outcome };
      });
      const { reportId: _previous, ...input } = request;
      return (await sendCommand(ctx, 'reporter', 'GenerateReport', input)).reportId;
    }
    case 'import':
      throw apiError(400, 'an import is retried by uploading its file again', ctx.traceId);
    default:
      throw apiError(404, `no task ${id}`, ctx.traceId);
  }
}
