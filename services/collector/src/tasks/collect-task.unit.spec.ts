import { describe, expect, it } from 'vitest';
import {
  AttemptEnded,
  assertAttemptCurrent,
  collectTaskAggregate,
  type CollectTaskEvent,
  decideRetry,
  decideStop,
  queuedAttemptVerdict,
} from './collect-task';
import { ev, requested, TASK } from './collect-task.fixtures';

const started = (attempt: number) => ev('CollectTaskStarted', { taskId: TASK, attempt, worker: '1' });
const cancelled = ev('CollectTaskCancelled', { taskId: TASK, connectionId: 'c', reason: 'stop', finishedAt: 2 });
const failed = ev('CollectTaskFailed', { taskId: TASK, connectionId: 'c', code: 1002, message: 'x', finishedAt: 2 });
const given = (...events: CollectTaskEvent[]) =>
  events.reduce(collectTaskAggregate.evolve, collectTaskAggregate.initialState());

describe('collect task - decide', () => {
  it('collect task - a queued attempt runs when it is the current one, and is over once ended or retried', () => {
    expect(queuedAttemptVerdict(given(requested(1)), 1)).toBe('run');
    expect(queuedAttemptVerdict(given(requested(1), started(1)), 1)).toBe('run');
    expect(queuedAttemptVerdict(given(requested(1), cancelled), 1)).toBe('over');
    expect(queuedAttemptVerdict(given(requested(1), failed, requested(2)), 1)).toBe('over');
  });

  it('collect task - a queued attempt the history does not hold yet is retried, not dropped', () => {
    expect(queuedAttemptVerdict(given(), 1)).toBe('retry');
    expect(queuedAttemptVerdict(given(requested(1), failed), 2)).toBe('retry');
  });

  it('collect task - the collector running attempt 1 may write while it is current and not ended', () => {
    expect(() => assertAttemptCurrent(TASK, given(requested(1), started(1)), 1)).not.toThrow();
  });

  it('collect task - once stopped, the collector still running it is told the attempt ended', () => {
    expect(() => assertAttemptCurrent(TASK, given(requested(1), started(1), cancelled), 1)).toThrow(AttemptEnded);
  });

  it('collect task - once retried, a writer of the earlier attempt is told it ended', () => {
    const state = given(requested(1), started(1), failed, requested(2));
    expect(() => assertAttemptCurrent(TASK, state, 1)).toThrow(/attempt 2/);
    expect(() => assertAttemptCurrent(TASK, state, 2)).not.toThrow();
  });

  it('collect task - stop: pending and running tasks can be stopped, ended ones are 409, unknown ones 404', () => {
    expect(decideStop(TASK, given(requested(1)))).toBe('cancel-pending');
    expect(decideStop(TASK, given(requested(1), started(1)))).toBe('cancel-running');
    expect(() => decideStop(TASK, given(requested(1), cancelled))).toThrow(/already cancelled/);
    expect(() => decideStop(TASK, given())).toThrow(/not found/);
  });

  it('collect task - retry: a failed task runs again as the next attempt with its configuration', () => {
    expect(decideRetry(TASK, given(requested(1), started(1), failed))).toMatchObject({ taskId: TASK, attempt: 2 });
    expect(() => decideRetry(TASK, given(requested(1), started(1)))).toThrow(/still running/);
  });
});
