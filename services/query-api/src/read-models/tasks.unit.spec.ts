import { type EventDataOf, type EventName, newEvent } from '@justfit/events';
import { describe, expect, it } from 'vitest';
import { evolveTaskRow, type TaskRow } from './tasks';

const ev = <N extends EventName>(name: N, data: EventDataOf<N>) =>
  newEvent(name, data, { subject: 'task-1', source: 't', traceId: 't', time: new Date(1000) });
const requested = ev('CollectTaskRequested', {
  taskId: 'task-1',
  attempt: 1,
  config: {
    connectionId: 'c',
    name: 'collect',
    scope: { clusterIds: [], hostIds: [], vmIds: [] },
    startTime: 0,
    endTime: 1,
    sampleIntervalSec: 300,
    metrics: [],
  },
});
const run = (...events: Parameters<typeof evolveTaskRow>[1][]) =>
  events.reduce<TaskRow | undefined>(evolveTaskRow, undefined);

describe('tasks read model - evolve', () => {
  it('follows a task from pending to succeeded and loaded', () => {
    const row = run(
      requested,
      ev('CollectTaskStarted', { taskId: 'task-1', attempt: 1, worker: 'w' }),
      ev('CollectTaskProgressed', { taskId: 'task-1', progress: 40, currentStep: 2, totalSteps: 3, message: '40%' }),
      ev('CollectTaskSucceeded', { taskId: 'task-1', connectionId: 'c', entities: 3, samples: 9, finishedAt: 5000 }),
      ev('CollectTaskDataLoaded', { taskId: 'task-1', connectionId: 'c', batches: 2, samples: 9, loadedAt: 6000 }),
    );
    expect(row).toMatchObject({
      status: 'succeeded',
      progress: 100,
      startedAt: 1000,
      finishedAt: 5000,
      loadedAt: 6000,
      errorCode: null,
    });
  });

  it('keeps the failure code and message', () => {
    const row = run(
      requested,
      ev('CollectTaskFailed', {
        taskId: 'task-1',
        connectionId: 'c',
        code: 1001,
        message: 'login refused',
        finishedAt: 9,
      }),
    );
    expect(row).toMatchObject({ status: 'failed', errorCode: 1001, errorMessage: 'login refused' });
  });

  it('ignores events of a task it never saw requested', () => {
    expect(run(ev('CollectTaskStarted', { taskId: 'task-1', attempt: 1, worker: 'w' }))).toBeUndefined();
  });
});
