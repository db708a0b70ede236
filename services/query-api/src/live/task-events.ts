import type { EventDataOf, JustFitEvent } from '@justfit/events';
import { isEvent } from '@justfit/events';

export interface TaskEvent {
  taskId: string;
  kind: 'requested' | 'started' | 'progressed' | 'logged' | 'succeeded' | 'loaded' | 'failed' | 'cancelled';
  progress?: number;
  currentStep?: number;
  totalSteps?: number;
  message?: string;
  code?: number;
  at: number;
  /** Stream sequence: lets a subscriber join history and live events without gaps or repeats. */
  seq: number;
}

/** Maps a task lifecycle event to what a dashboard shows; undefined for events that are not about tasks. */
export function toTaskEvent(event: JustFitEvent, seq: number): TaskEvent | undefined {
  const at = Date.parse(event.time);
  const base = (data: { taskId: string }, kind: TaskEvent['kind']) => ({ taskId: data.taskId, kind, at, seq });
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
  const base = (reportId: string, kind: TaskEvent['kind']) => ({ taskId: reportId, kind, at, seq });
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

/**
 * A task's story ends when its data is loaded, or when it failed or was cancelled; a report's when it is generated
 * or failed.
 */
export const isFinal = (e: TaskEvent) =>
  e.kind === 'loaded' ||
  e.kind === 'failed' ||
  e.kind === 'cancelled' ||
  (e.kind === 'succeeded' && isReportId(e.taskId));
