import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appliedMigrations,
  DEFAULT_RETENTION_DAYS,
  migrate,
  migrations,
  retentionDays,
  rawSampleTtl,
  setRetentionDays,
} from '@justfit/storage';
import { startTestClickHouse, type TestClickHouse } from '@justfit/testing/clickhouse';

describe('migrations', () => {
  let ch: TestClickHouse;
  beforeAll(async () => {
    ch = await startTestClickHouse();
  });
  afterAll(async () => {
    await ch?.stop();
  });

  it('migrations - apply twice without error and record each version once', async () => {
    const first = await migrate(ch.client);
    expect(first.applied.map((m) => m.version)).toEqual(migrations.map((m) => m.version));
    const second = await migrate(ch.client);
    expect(second.applied).toEqual([]);
    const recorded = await appliedMigrations(ch.client);
    expect(recorded.map(({ version, name }) => ({ version, name }))).toEqual(
      migrations.map(({ version, name }) => ({ version, name })),
    );
  });

  it('migrations - two concurrent runs are harmless', async () => {
    await Promise.all([migrate(ch.client), migrate(ch.client)]);
    expect((await appliedMigrations(ch.client)).length).toBe(migrations.length);
  });

  it('migrations - create every table of the initial schema', async () => {
    const result = await ch.client.query({
      query: 'SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name',
      format: 'JSONEachRow',
    });
    const tables = (await result.json<{ name: string }>()).map((row) => row.name);
    expect(tables).toEqual(
      expect.arrayContaining([
        'schema_migrations',
        'inventory_vms',
        'inventory_vms_current',
        'inventory_vms_latest',
        'inventory_hosts',
        'inventory_clusters',
        'inventory_datastores',
        'metric_samples',
        'metric_hourly',
        'metric_hourly_mv',
        'metric_daily',
        'metric_daily_mv',
        'findings',
        'alerts',
        'tasks',
        'task_logs',
        'connections',
        'reports',
        'projection_checkpoints',
      ]),
    );
  });

  it('retention - setRetentionDays changes the TTL of metric_samples', async () => {
    expect(await retentionDays(ch.client)).toBe(DEFAULT_RETENTION_DAYS);
    await setRetentionDays(ch.client, 30);
    expect(await retentionDays(ch.client)).toBe(30);
    await setRetentionDays(ch.client, 30);
    await expect(setRetentionDays(ch.client, 0)).rejects.toThrow(/1-36500/);
  });

  it('retention - an import namespace keeps samples older than the retention; a connection loses them at the merge', async () => {
    await setRetentionDays(ch.client, 400);
    for (const table of ['metric_samples', 'vm_samples', 'vm_idle_hourly'] as const) {
      expect((await rawSampleTtl(ch.client, table))?.keepsImports).toBe(true);
    }
    const old = (minute: number) => `2013-07-01 00:${String(minute).padStart(2, '0')}:00.000`;
    const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
    const sample = (connection_id: string, ts: string) => ({
      connection_id,
      entity_type: 'vm',
      entity_id: 'vm-1',
      metric: 'cpu.usage_pct',
      ts,
      value: 7,
    });
    await ch.client.insert({
      table: 'metric_samples',
      values: [
        sample('import-bitbrains', old(0)),
        sample('import-bitbrains', old(5)),
        sample('vc-1', old(0)),
        sample('vc-1', old(5)),
        sample('vc-1', now),
      ],
      format: 'JSONEachRow',
    });
    const counts = async (table: string) => {
      await ch.client.command({ query: `OPTIMIZE TABLE ${table} FINAL` });
      const result = await ch.client.query({
        query: `SELECT connection_id, toUInt32(count()) AS n FROM ${table} GROUP BY connection_id ORDER BY connection_id`,
        format: 'JSONEachRow',
      });
      return result.json<{ connection_id: string; n: number }>();
    };
    const expected = [
      { connection_id: 'import-bitbrains', n: 2 },
      { connection_id: 'vc-1', n: 1 },
    ];
    expect(await counts('metric_samples')).toEqual(expected);
    expect(await counts('vm_samples')).toEqual(expected);
    expect(await counts('vm_idle_hourly')).toEqual([
      { connection_id: 'import-bitbrains', n: 1 },
      { connection_id: 'vc-1', n: 1 },
    ]);
  });
});
