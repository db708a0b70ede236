import { type EventDataOf, newEvent } from '@justfit/events';
import type { CollectTaskEvent, CollectTaskEventName } from './collect-task';

/** Events of one collect task for the deciders' given/when/then tests. */
export const TASK = 'task-1';

export const ev = <N extends CollectTaskEventName>(name: N, data: EventDataOf<N>) =>
  newEvent(name, data, { subject: TASK, source: 't', traceId: 't' }) as CollectTaskEvent;

export const requested = (attempt: number) =>
  ev('CollectTaskRequested', {
    taskId: TASK,
    attempt,
    config: {
      connectionId: 'c',
      name: 'n',
      scope: { clusterIds: [], hostIds: [], vmIds: [] },
      startTime: 0,
      endTime: 1,
      sampleIntervalSec: 300,
      metrics: [],
    },
  });
