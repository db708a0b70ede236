import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONNECTION_DATA_TABLES,
  deleteConnectionData,
  deleteImportRecords,
  importsOfConnection,
  insertInventory,
  insertNewSamples,
  insertRejectedRecords,
  migrate,
  recordEtlLoads,
  saveImport,
} from '@justfit/storage';
import { startTestClickHouse, type TestClickHouse } from '@justfit/testing/clickhouse';
import { clusterObservation, hostObservation, T0, vmObservation } from './fixtures/inventory';

/** Read models the query-api projects from events: they change through their events, never by a deletion. */
const PROJECTED_FROM_EVENTS = ['findings', 'connections', 'reports', 'tasks', 'analysis_runs'];

describe('connection data - deleting what was loaded for one connection', () => {
  let ch: TestClickHouse;
  beforeAll(async () => {
    ch = await startTestClickHouse();
    await migrate(ch.client);
  });
  afterAll(async () => {
    await ch?.stop();
  });

  async function count(table: string, connectionId: string): Promise<number> {
    const result = await ch.client.query({
      query: `SELECT count() AS n FROM ${table} WHERE connection_id = {c:String}`,
      query_params: { c: connectionId },
      format: 'JSONEachRow',
    });
    return Number((await result.json<{ n: string }>())[0]!.n);
  }

  async function load(connectionId: string) {
    await insertInventory(ch.client, 'vm', [
      vmObservation({ id: 'vm-1', connectionId, taskId: `imp-${connectionId}` }),
    ]);
    const observed = { connectionId, taskId: `imp-${connectionId}`, observedAt: T0 };
    await insertInventory(ch.client, 'host', [hostObservation({ id: 'h-1', ...observed })]);
    await insertInventory(ch.client, 'cluster', [clusterObservation({ id: 'cl-1', ...observed })]);
    await insertInventory(ch.client, 'datastore', [
      { id: 'ds-1', name: 'ds', datacenter: 'dc1', type: 'VMFS', capacityGb: 100, freeGb: 50, ...observed },
    ]);
    await insertNewSamples(
      ch.client,
      Array.from({ length: 48 }, (_, i) => ({
        connectionId,
        entityType: 'vm',
        entityId: 'vm-1',
        metric: i % 2 ? 'cpu.usage_pct' : 'mem.usage_pct',
        ts: T0 + Math.floor(i / 2) * 300_000,
        value: i,
      })),
    );
    const at = { taskId: `imp-${connectionId}`, connectionId };
    await recordEtlLoads(ch.client, [
      { ...at, eventId: 'e1', kind: 'metrics', streamSeq: 1, batch: 0, accepted: 48, rejected: 1, loadedAt: T0 },
    ]);
    await insertRejectedRecords(ch.client, [
      {
        ...at,
        sourceEventId: 'e1',
        seq: 0,
        stage: 'etl',
        code: 'negative',
        reason: 'negative value -1',
        line: null,
        record: '{}',
        rejectedAt: Date.now(),
      },
    ]);
    await saveImport(
      ch.client,
      {
        importId: `imp-${connectionId}`,
        connectionId,
        fileName: 'x.csv',
        format: 'wide',
        status: 'published',
        rowsRead: 24,
        rowsRejected: 0,
        samplesPublished: 49,
        entities: 1,
        eventsPublished: 2,
        message: '',
        startedAt: T0,
        finishedAt: T0,
      },
      1,
    );
  }

  it('connection data - inventory, samples, rollups, ledger, rejections and imports go; another connection stays', async () => {
    await load('import-a');
    await load('import-b');
    const tables = [...CONNECTION_DATA_TABLES, 'imports'];
    for (const table of tables) expect(await count(table, 'import-a'), table).toBeGreaterThan(0);

    await deleteConnectionData(ch.client, 'import-a');
    expect(await importsOfConnection(ch.client, 'import-a')).toHaveLength(1); // kept until the end of a deletion
    await deleteImportRecords(ch.client, 'import-a');

    for (const table of tables) {
      expect(await count(table, 'import-a'), table).toBe(0);
      expect(await count(table, 'import-b'), table).toBeGreaterThan(0);
    }
    expect(await importsOfConnection(ch.client, 'import-b')).toMatchObject([{ importId: 'imp-import-b' }]);
  });

  it('connection data - every stored table keyed by connection is either deleted or projected from events', async () => {
    const result = await ch.client.query({
      query: `SELECT DISTINCT table FROM system.columns c JOIN system.tables t ON t.database = c.database AND t.name = c.table
              WHERE c.database = currentDatabase() AND c.name = 'connection_id' AND t.engine LIKE '%MergeTree'`,
      format: 'JSONEachRow',
    });
    const keyed = (await result.json<{ table: string }>()).map((r) => r.table).sort();
    expect(keyed).toEqual([...CONNECTION_DATA_TABLES, 'imports', ...PROJECTED_FROM_EVENTS].sort());
  });
});
