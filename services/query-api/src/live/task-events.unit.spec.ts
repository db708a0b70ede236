import { newEvent } from '@justfit/events';
import { describe, expect, it } from 'vitest';
import { isCompletion, isFinal, type TaskEvent, taskTypeOf, toAnalysisTaskEvent, toTaskEvent } from './task-events';

const event = (over: Partial<TaskEvent>): TaskEvent => ({
  taskId: 'task-1',
  taskType: 'collect',
  kind: 'succeeded',
  at: 0,
  seq: 1,
  ...over,
});

describe('task events - one model for every type of task', () => {
  it('task events - the id says the type of task', () => {
    expect(['task-1', 'run-1', 'report-1', 'import-1', 'conn-1'].map(taskTypeOf)).toEqual([
      'collect',
      'analyze',
      'report',
      'import',
      undefined,
    ]);
  });

  it('task events - a collection ends when its data is loaded, an analysis or a report when it succeeded', () => {
    expect(isFinal(event({ kind: 'succeeded' }))).toBe(false);
    expect(isFinal(event({ kind: 'loaded' }))).toBe(true);
    expect(isFinal(event({ taskId: 'run-1', taskType: 'analyze', kind: 'succeeded' }))).toBe(true);
    expect(isFinal(event({ taskId: 'report-1', taskType: 'report', kind: 'succeeded' }))).toBe(true);
    expect(isFinal(event({ taskType: 'analyze', kind: 'failed' }))).toBe(true);
  });

  it('task events - taskCompleted hears successes, failures and cancellations, and an import once loaded', () => {
    expect(isCompletion(event({ kind: 'succeeded' }))).toBe(true);
    expect(isCompletion(event({ kind: 'loaded' }))).toBe(false);
    expect(isCompletion(event({ taskId: 'import-1', taskType: 'import', kind: 'loaded' }))).toBe(true);
    expect(isCompletion(event({ kind: 'progressed' }))).toBe(false);
  });

  it('task events - an analysis run reads as an analyze task, an import loaded as an import task', () => {
    const progressed = newEvent(
      'AnalysisRunProgressed',
      { runId: 'run-9', progress: 25, currentStep: 1, totalSteps: 4, message: 'reading conn-1', at: 5 },
      { subject: 'run-9', source: 'test', traceId: 'trace-1' },
    );
    expect(toAnalysisTaskEvent(progressed, 7)).toMatchObject({
      taskId: 'run-9',
      taskType: 'analyze',
      kind: 'progressed',
      progress: 25,
      message: 'reading conn-1',
      seq: 7,
    });
    const loaded = newEvent(
      'CollectTaskDataLoaded',
      { taskId: 'import-3', connectionId: 'import-lab', batches: 1, samples: 10, loadedAt: 5 },
      { subject: 'import-3', source: 'test', traceId: 'trace-1' },
    );
    expect(toTaskEvent(loaded, 1)).toMatchObject({ taskId: 'import-3', taskType: 'import', kind: 'loaded' });
  });
});
