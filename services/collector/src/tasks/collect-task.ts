import { type EventDataOf, type JustFitEvent, isEvent } from '@justfit/events';

/** The collect task aggregate as the collector needs it: which attempt is current and whether it has ended. */
export interface CollectTaskState {
  requested?: EventDataOf<'CollectTaskRequested'>;
  outcome?: 'succeeded' | 'failed' | 'cancelled';
  attempt: number;
}

export const initialCollectTaskState: CollectTaskState = { attempt: 0 };

export function evolveCollectTask(state: CollectTaskState, event: JustFitEvent): CollectTaskState {
  if (isEvent(event, 'CollectTaskRequested')) return { requested: event.data, attempt: event.data.attempt };
  if (isEvent(event, 'CollectTaskSucceeded')) return { ...state, outcome: 'succeeded' };
  if (isEvent(event, 'CollectTaskFailed')) return { ...state, outcome: 'failed' };
  if (isEvent(event, 'CollectTaskCancelled')) return { ...state, outcome: 'cancelled' };
  return state;
}

/** Progress as a percentage that only ever moves forward and reaches 100 only on success. */
export function progressPercent(done: number, expected: number, reserved = 5): number {
  if (expected <= 0) return 100 - reserved;
  return Math.min(100 - reserved, Math.round(((100 - reserved) * done) / expected));
}
