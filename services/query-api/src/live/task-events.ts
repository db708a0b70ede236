import type { EventDataOf, JustFitEvent } from '@justfit/events';
import { isEvent } from '@justfit/events';

/** The kinds of work that are tasks: one lifecycle, one pair of subscriptions. */
export type TaskType = 'collect' | 'analyze' | 'report' | 'import';

const TYPE_BY_PREFIX: ReadonlyArray<readonly [string, TaskType]> = [
  ['task-', 'collect'],
  ['run-', 'analyze'],
  // A bulk analysis: one analysis over many connections, the parent of one run per connection.
  ['bulk-', 'analyze'],
  ['report-', 'report'],
  ['import-', 'import'],
];

/** A task's type, from the prefix of its id (each service names its tasks so). */
export function taskTypeOf(taskId: string): TaskType | undefined {
  return TYPE_BY_PREFIX.find(([prefix]) => taskId.startsWith(prefix))?.[1];
}

export interface TaskEvent {
  taskId: string;
  taskType: TaskType;
  kind: 'requested' | 'started' | 'progressed' | 'logged' | 'succeeded' | 'loaded' | 'failed' | 'cancelled';
  progress?: number;
  currentStep?: number;
  totalSteps?: number;
  message?: string;
  code?: number;
  at: number;
  /** Stream sequence: lets a subscriber join history and live events without gaps or repeats (NOT_STORED: none). */
  seq: number;
}

/** The sequence of a task event that no stream keeps (an import's progress while it is published). */
export const NOT_STORED = 0;

/** Maps a task lifecycle event to what a dashboard shows; undefined for events that are not about tasks. */
export function toTaskEvent(event: JustFitEvent, seq: number): TaskEvent | undefined {
  const at = Date.parse(event.time);
  // Imports end like collections (their data loaded); the ETL tells it with the import's id.
  const base = (data: { taskId: string }, kind: TaskEvent['kind']) => ({
    taskId: data.taskId,
    taskType: taskTypeOf(data.taskId) === 'import' ? ('import' as const) : ('collect' as const),
    kind,
    at,
    seq,
  });
  if (isEvent(event, 'CollectTaskRequested'))
    return { ...base(event.data, 'requested'), progress: 0, message: event.data.config.name };
  if (isEvent(event, 'CollectTaskStarted'))
    return { ...base(event.data, 'started'), progress: 0, message: `attempt ${event.data.attempt}` };
  if (isEvent(event, 'CollectTaskProgressed')) {
    const d: EventDataOf<'CollectTaskProgressed'> = event.data;
    return {
      ...base(d, 'progressed'),
      progress: d.progress,
      currentStep: d.currentStep,
      totalSteps: d.totalSteps,
      message: d.message,
    };
  }
  if (isEvent(event, 'CollectTaskLogged'))
    return { ...base(event.data, 'logged'), message: `[${event.data.level}] ${event.data.message}` };
  if (isEvent(event, 'CollectTaskSucceeded')) {
    return {
      ...base(event.data, 'succeeded'),
      progress: 100,
      message: `${event.data.entities} objects, ${event.data.samples} samples`,
    };
  }
  if (isEvent(event, 'CollectTaskDataLoaded')) {
    return {
      ...base(event.data, 'loaded'),
      progress: 100,
      message: `${event.data.samples} samples loaded and ready for analysis`,
    };
  }
  if (isEvent(event, 'CollectTaskFailed'))
    return { ...base(event.data, 'failed'), message: event.data.message, code: event.data.code };
  if (isEvent(event, 'CollectTaskCancelled')) return { ...base(event.data, 'cancelled'), message: event.data.reason };
  return undefined;
}

/** Report ids: a report is a task whose events live in the REPORTS stream. */
export const isReportId = (id: string) => id.startsWith('report-');

/** Maps a report's lifecycle event to the task events subscribers follow (its id is the task id). */
export function toReportTaskEvent(event: JustFitEvent, seq: number): TaskEvent | undefined {
  const at = Date.parse(event.time);
  const base = (reportId: string, kind: TaskEvent['kind']) => ({
    taskId: reportId,
    taskType: 'report' as const,
    kind,
    at,
    seq,
  });
  if (isEvent(event, 'ReportRequested'))
    return { ...base(event.data.reportId, 'requested'), progress: 0, message: event.data.title };
  if (isEvent(event, 'ReportProgressed'))
    return { ...base(event.data.reportId, 'progressed'), progress: event.data.progress, message: event.data.message };
  if (isEvent(event, 'ReportGenerated')) {
    return {
      ...base(event.data.reportId, 'succeeded'),
      progress: 100,
      message: `${event.data.format} report generated (${event.data.bytes} bytes)`,
    };
  }
  if (isEvent(event, 'ReportFailed'))
    return { ...base(event.data.reportId, 'failed'), message: event.data.message, code: event.data.code };
  return undefined;
}

/** Maps an analysis run's lifecycle event to the task events subscribers follow (the run id is the task id). */
export function toAnalysisTaskEvent(event: JustFitEvent, seq: number): TaskEvent | undefined {
  const at = Date.parse(event.time);
  const base = (runId: string, kind: TaskEvent['kind']) => ({
    taskId: runId,
    taskType: 'analyze' as const,
    kind,
    at,
    seq,
  });
  if (isEvent(event, 'AnalysisRunRequested')) {
    const d = event.data;
    const scope = d.connectionId ? ` of ${d.connectionId}` : '';
    return { ...base(d.runId, 'requested'), progress: 0, message: `${d.analysisType} analysis${scope} (${d.trigger})` };
  }
  if (isEvent(event, 'AnalysisRunStarted'))
    return { ...base(event.data.runId, 'started'), progress: 0, message: `started on ${event.data.worker}` };
  if (isEvent(event, 'AnalysisRunProgressed')) {
    const d = event.data;
    return {
      ...base(d.runId, 'progressed'),
      progress: d.progress,
      currentStep: d.currentStep,
      totalSteps: d.totalSteps,
      message: d.message,
    };
  }
  if (isEvent(event, 'AnalysisRunCompleted')) {
    const d = event.data;
    return {
      ...base(d.runId, 'succeeded'),
      progress: 100,
      message: `${d.analysed} analysed: ${d.raised} raised, ${d.updated} updated, ${d.resolved} resolved, ${d.skipped} skipped`,
    };
  }
  if (isEvent(event, 'AnalysisRunFailed'))
    return { ...base(event.data.runId, 'failed'), message: event.data.message, code: event.data.code };
  if (isEvent(event, 'AnalysisRunCancelled'))
    return { ...base(event.data.runId, 'cancelled'), message: event.data.reason };
  return toBulkTaskEvent(event, seq);
}

/** A bulk analysis's events as the task events of its parent task. */
function toBulkTaskEvent(event: JustFitEvent, seq: number): TaskEvent | undefined {
  const at = Date.parse(event.time);
  const base = (bulkId: string, kind: TaskEvent['kind']) => ({
    taskId: bulkId,
    taskType: 'analyze' as const,
    kind,
    at,
    seq,
  });
  if (isEvent(event, 'BulkAnalysisRequested')) {
    const d = event.data;
    return {
      ...base(d.bulkId, 'requested'),
      progress: 0,
      totalSteps: d.runIds.length,
      message: `${d.analysisType} analysis of ${d.connectionIds.length} connections`,
    };
  }
  if (isEvent(event, 'BulkAnalysisProgressed')) {
    const d = event.data;
    return {
      ...base(d.bulkId, 'progressed'),
      progress: Math.round((1000 * d.ended) / d.total) / 10,
      currentStep: d.ended,
      totalSteps: d.total,
      message: d.message,
    };
  }
  if (isEvent(event, 'BulkAnalysisCompleted')) {
    const d = event.data;
    const counts = `${d.succeeded} succeeded, ${d.failed} failed, ${d.cancelled} cancelled`;
    return d.failed === 0 && d.cancelled === 0
      ? { ...base(d.bulkId, 'succeeded'), progress: 100, message: counts }
      : { ...base(d.bulkId, 'failed'), progress: 100, message: counts, code: 1003 };
  }
  return undefined;
}

/**
 * A task's story ends when it failed or was cancelled; a collection's (and an import's) when its data is loaded,
 * any other task's when it succeeded.
 */
export const isFinal = (e: TaskEvent) =>
  e.kind === 'loaded' ||
  e.kind === 'failed' ||
  e.kind === 'cancelled' ||
  (e.kind === 'succeeded' && e.taskType !== 'collect' && e.taskType !== 'import');

/**
 * The end a taskCompleted subscriber hears of: success, failure or cancellation; an import, which the ETL tells only
 * once its data is loaded, at that.
 */
export const isCompletion = (e: TaskEvent) =>
  e.kind === 'succeeded' ||
  e.kind === 'failed' ||
  e.kind === 'cancelled' ||
  (e.kind === 'loaded' && e.taskType === 'import');
