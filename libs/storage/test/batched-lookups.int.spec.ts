import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hasInventory,
  insertInventory,
  knownEntityIds,
  migrate,
  recordEtlLoads,
  taskLoadSummaries,
  taskLoadSummary,
  tombstoneUnobserved,
} from '@justfit/storage';
import { startTestClickHouse, type TestClickHouse } from '@justfit/testing/clickhouse';
import { clusterObservation, hostObservation, MINUTE, T0, vmObservation } from './fixtures/inventory';

describe('batched lookups', () => {
  let ch: TestClickHouse;
  beforeAll(async () => {
    ch = await startTestClickHouse();
    await migrate(ch.client);
  });
  afterAll(async () => {
    await ch?.stop();
  });

  it('taskLoadSummaries - each task as taskLoadSummary sums it up, the empty summary for one nothing is loaded of', async () => {
    const load = {
      connectionId: 'c',
      kind: 'metrics' as const,
      streamSeq: 1,
      batch: 0,
      accepted: 90,
      rejected: 10,
      loadedAt: T0,
    };
    await recordEtlLoads(ch.client, [
      { ...load, taskId: 'task-a', eventId: 'a1' },
      { ...load, taskId: 'task-a', eventId: 'a2', batch: 1, loadedAt: T0 + 2 },
      { ...load, taskId: 'task-a', eventId: 'a1', loadedAt: T0 + 1 },
      { ...load, taskId: 'task-b', eventId: 'b1', kind: 'inventory', accepted: 5, rejected: 1 },
      { ...load, taskId: 'task-b', eventId: 'b-done', kind: 'completed', accepted: 0, rejected: 0, loadedAt: T0 + 9 },
    ]);
    const ids = ['task-a', 'task-b', 'no-such-task', 'task-a'];
    const summaries = await taskLoadSummaries(ch.client, ids);
    expect([...summaries.keys()].sort()).toEqual(['no-such-task', 'task-a', 'task-b']);
    for (const id of ids) expect(summaries.get(id), id).toEqual(await taskLoadSummary(ch.client, id));
    expect(summaries.get('task-b')).toEqual({
      events: 1,
      samples: 0,
      rejected: 1,
      completed: true,
      lastLoadedAt: T0 + 9,
    });
    expect(await taskLoadSummaries(ch.client, [])).toEqual(new Map());
  });

  it('taskLoadSummaries - more ids than one URL holds are asked in chunks', async () => {
    const ids = Array.from({ length: 400 }, (_, i) => `import-${String(i).padStart(4, '0')}-${'x'.repeat(30)}`);
    await recordEtlLoads(ch.client, [
      {
        taskId: ids[399]!,
        eventId: 'e',
        connectionId: 'c',
        kind: 'metrics',
        streamSeq: 1,
        batch: 0,
        accepted: 3,
        rejected: 0,
        loadedAt: T0,
      },
    ]);
    const summaries = await taskLoadSummaries(ch.client, ids);
    expect(summaries.size).toBe(400);
    expect(summaries.get(ids[399]!)).toEqual({
      events: 1,
      samples: 3,
      rejected: 0,
      completed: false,
      lastLoadedAt: T0,
    });
    expect(summaries.get(ids[0]!)).toEqual({
      events: 0,
      samples: 0,
      rejected: 0,
      completed: false,
      lastLoadedAt: null,
    });
  });

  it('hasInventory - whether knownEntityIds has any, whatever kind the entity is and tombstoned or not', async () => {
    await insertInventory(ch.client, 'host', [hostObservation({ id: 'h-1', connectionId: 'only-host' })]);
    await insertInventory(ch.client, 'cluster', [clusterObservation({ id: 'cl-1', connectionId: 'only-cluster' })]);
    await insertInventory(ch.client, 'vm', [vmObservation({ id: 'vm-1', connectionId: 'gone', taskId: 'task-1' })]);
    await insertInventory(ch.client, 'cluster', [
      clusterObservation({ id: 'cl-2', connectionId: 'gone', taskId: 'task-2', observedAt: T0 + MINUTE }),
    ]);
    await tombstoneUnobserved(ch.client, { connectionId: 'gone', taskId: 'task-2', at: T0 + 2 * MINUTE });
    for (const connectionId of ['only-host', 'only-cluster', 'gone', 'no-such-connection']) {
      const known = await knownEntityIds(ch.client, connectionId);
      expect(await hasInventory(ch.client, connectionId), connectionId).toBe(known.length > 0);
    }
    expect(await hasInventory(ch.client, 'only-host')).toBe(true);
    expect(await hasInventory(ch.client, 'no-such-connection')).toBe(false);
    expect((await knownEntityIds(ch.client, 'gone')).sort()).toEqual(['cl-2', 'vm-1']);
  });
});
