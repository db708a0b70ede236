import { describe, expect, it } from 'vitest';
import {
  AttemptEnded,
  collectTaskAggregate,
  type CollectTaskEvent,
  decideInstanceEnd,
  decideInstanceStart,
} from './collect-task';
import { ev, requested, TASK } from './collect-task.fixtures';

const instanceStarted = (instanceId: string, agentId: string, attempt = 1) =>
  ev('TaskInstanceStarted', {
    instanceId,
    taskId: TASK,
    taskType: 'collect',
    attempt,
    agentId,
    site: 'east',
    startedAt: 1,
  });
const instanceEnded = (instanceId: string, agentId: string) =>
  ev('TaskInstanceEnded', { instanceId, taskId: TASK, agentId, status: 'succeeded', reason: 'done', endedAt: 2 });
const succeeded = ev('CollectTaskSucceeded', {
  taskId: TASK,
  connectionId: 'c',
  entities: 1,
  samples: 1,
  finishedAt: 2,
});
const given = (...events: CollectTaskEvent[]) =>
  events.reduce(collectTaskAggregate.evolve, collectTaskAggregate.initialState());
const start = (agentId: string) => ({ instanceId: `inst-${agentId}`, agentId, site: 'east', now: 5 });

describe('task instances - decide', () => {
  it('task instances - the first agent to run an attempt starts its instance alone', () => {
    const decided = decideInstanceStart(TASK, given(requested(1)), 1, start('east-1'));
    expect(decided).toEqual([
      {
        name: 'TaskInstanceStarted',
        data: {
          instanceId: 'inst-east-1',
          taskId: TASK,
          taskType: 'collect',
          attempt: 1,
          agentId: 'east-1',
          site: 'east',
          startedAt: 5,
        },
      },
    ]);
  });

  it('task instances - an agent resuming an attempt ends the instance its dead predecessor left running as interrupted', () => {
    const decided = decideInstanceStart(
      TASK,
      given(requested(1), instanceStarted('inst-a', 'east-1')),
      1,
      start('east-2'),
    );
    expect(decided.map((d) => [d.name, d.data.agentId])).toEqual([
      ['TaskInstanceEnded', 'east-1'],
      ['TaskInstanceStarted', 'east-2'],
    ]);
    expect(decided[0]!.data).toMatchObject({ instanceId: 'inst-a', status: 'interrupted' });
    expect((decided[0]!.data as { reason: string }).reason).toMatch(/east-1 stopped.*resumed on agent east-2/);
  });

  it('task instances - an ended attempt, or one replaced by a retry, starts no instance', () => {
    expect(() => decideInstanceStart(TASK, given(requested(1), succeeded), 1, start('east-2'))).toThrow(AttemptEnded);
    expect(() => decideInstanceStart(TASK, given(requested(1), requested(2)), 1, start('east-2'))).toThrow(
      AttemptEnded,
    );
  });

  it('task instances - an instance ends once: ending it again, or one never started, decides nothing', () => {
    const running = given(requested(1), instanceStarted('inst-a', 'east-1'));
    const end = {
      instanceId: 'inst-a',
      taskId: TASK,
      agentId: 'east-1',
      status: 'cancelled' as const,
      reason: 'x',
      endedAt: 3,
    };
    expect(decideInstanceEnd(running, end)).toEqual([end]);
    expect(
      decideInstanceEnd(
        given(requested(1), instanceStarted('inst-a', 'east-1'), instanceEnded('inst-a', 'east-1')),
        end,
      ),
    ).toEqual([]);
    expect(decideInstanceEnd(running, { ...end, instanceId: 'inst-b' })).toEqual([]);
  });

  it('task instances - a retry keeps the record of instances still open from the attempt before', () => {
    const state = given(requested(1), instanceStarted('inst-a', 'east-1'), requested(2));
    expect(state.openInstances).toEqual([{ instanceId: 'inst-a', agentId: 'east-1', attempt: 1 }]);
    expect(state.attempt).toBe(2);
    expect(state.outcome).toBeUndefined();
  });
});
