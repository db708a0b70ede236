import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ClickHouseClient,
  deleteConnectionData,
  insertNewSamples,
  localTable,
  type MetricSample,
  migrate,
  migrations,
  renderStatement,
  retentionDays,
  schemaStatements,
  SCHEMA_MIGRATIONS,
  setRetentionDays,
} from '@justfit/storage';
import {
  CHECK_CLUSTER,
  startClusterLayoutClickHouse,
  startTestClickHouse,
  type TestClickHouse,
} from '@justfit/testing/clickhouse';

// No ClickHouse cluster (nor Keeper) can run on these machines. What is checked here, with ClickHouse's own engine
// (chDB): every statement of the cluster schema parses; the same layout without its Keeper parts (one shard, this
// process its only replica) is applied for real and the storage code's writes and reads through its Distributed tables
// give exact answers; and the single-node schema is unchanged. Replication, quorum inserts and several shards are not
// run: docs/clickhouse.md.

const CLUSTER = { kind: 'cluster', cluster: 'justfit', keeper: true } as const;
const DAY0 = Date.UTC(2026, 0, 5);

async function formatted(client: ClickHouseClient, sql: string): Promise<string> {
  const result = await client.query({
    query: 'SELECT formatQuery({q:String}) AS q',
    query_params: { q: sql },
    format: 'JSONEachRow',
  });
  return (await result.json<{ q: string }>())[0]!.q;
}

async function rows<T>(client: ClickHouseClient, query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  return (await client.query({ query, query_params: params, format: 'JSONEachRow' })).json<T>();
}

const count = async (client: ClickHouseClient, query: string) =>
  Number(Object.values((await rows<Record<string, string>>(client, query))[0]!)[0]);

describe('ClickHouse cluster DDL - parsed by ClickHouse, single-node schema unchanged', () => {
  let ch: TestClickHouse;
  beforeAll(async () => {
    ch = await startTestClickHouse();
  });
  afterAll(async () => {
    await ch?.stop();
  });

  it('cluster DDL - every statement parses: Replicated local tables, Distributed twins, views on locals, ON CLUSTER', async () => {
    const statements = schemaStatements(CLUSTER);
    for (const { sql } of statements) await expect(formatted(ch.client, sql), sql).resolves.toContain('ON CLUSTER');

    const locals = statements.filter(({ sql }) => /^CREATE TABLE IF NOT EXISTS \w+_local /.test(sql));
    const distributed = statements.filter(({ sql }) => /ENGINE = Distributed\(/.test(sql));
    expect(locals.length).toBeGreaterThan(15);
    for (const { sql } of locals) {
      expect(sql).toMatch(
        /ENGINE = Replicated\w*MergeTree\('\/clickhouse\/tables\/\{shard\}\/\{database\}\/\{table\}', '\{replica\}'/,
      );
      expect(sql).not.toContain('non_replicated_deduplication_window');
    }
    // One Distributed table per local table, over it, sharded.
    expect(
      distributed.map(({ sql }) => /\(justfit, currentDatabase\(\), (\w+), cityHash64\(.+\)\)/.exec(sql)?.[1]),
    ).toEqual(locals.map(({ sql }) => /EXISTS (\w+) /.exec(sql)![1]));
    for (const { sql } of statements.filter(({ sql }) => sql.startsWith('CREATE MATERIALIZED VIEW'))) {
      expect(sql, sql).toMatch(/ TO \w+_local AS/);
      expect(sql, sql).toMatch(/FROM \w+_local\b/);
    }
    await expect(
      formatted(ch.client, `ALTER TABLE metric_samples_local ON CLUSTER justfit DELETE WHERE connection_id = 'x'`),
    ).resolves.toContain('ON CLUSTER');
    // Column changes reach both tables; the TTL only the table that stores rows.
    expect(statements.filter(({ version }) => version === 2).map(({ sql }) => sql.split(' ADD')[0])).toEqual([
      'ALTER TABLE tasks_local ON CLUSTER justfit',
      'ALTER TABLE tasks ON CLUSTER justfit',
    ]);
  });

  it('single-node DDL - every released migration renders the statements it always had (formatted by ClickHouse)', async () => {
    const frozen = JSON.parse(
      readFileSync(new URL('./fixtures/single-node-ddl.json', import.meta.url), 'utf8'),
    ) as Record<string, string[]>;
    const single = { kind: 'single' } as const;
    const now: Record<string, string[]> = {
      schema_migrations: await Promise.all(
        renderStatement(SCHEMA_MIGRATIONS, single).map((sql) => formatted(ch.client, sql)),
      ),
    };
    for (const m of migrations.filter((m) => String(m.version) in frozen)) {
      now[String(m.version)] = await Promise.all(
        m.statements.flatMap((s) => renderStatement(s, single)).map((sql) => formatted(ch.client, sql)),
      );
    }
    expect(now).toEqual(frozen);
  });
});

describe('ClickHouse cluster layout - applied for real on one shard without Keeper', () => {
  let ch: TestClickHouse;
  beforeAll(async () => {
    ch = await startClusterLayoutClickHouse();
    await migrate(ch.client);
  });
  afterAll(async () => {
    await ch?.stop();
  });

  it('cluster layout - each local table has a Distributed twin with the same columns; views write local tables', async () => {
    const tables = await rows<{ name: string; engine: string; engine_full: string }>(
      ch.client,
      `SELECT name, engine, engine_full FROM system.tables WHERE database = currentDatabase() ORDER BY name`,
    );
    const locals = tables.filter((t) => t.name.endsWith('_local'));
    expect(locals.length).toBeGreaterThan(15);
    for (const local of locals) {
      const name = local.name.slice(0, -'_local'.length);
      const twin = tables.find((t) => t.name === name);
      expect(twin?.engine, name).toBe('Distributed');
      expect(twin?.engine_full, name).toContain(`Distributed('${CHECK_CLUSTER}', 'justfit', '${local.name}'`);
      const columns = (table: string) =>
        rows<{ name: string; type: string }>(
          ch.client,
          `SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = {t:String} ORDER BY position`,
          { t: table },
        );
      expect(await columns(name), name).toEqual(await columns(local.name));
    }
    const views = tables.filter((t) => t.engine === 'MaterializedView');
    expect(views.map((v) => v.name).sort()).toEqual(
      ['clusters', 'datastores', 'hosts', 'vms']
        .map((k) => `inventory_${k}_current_mv`)
        .concat(['metric_daily_mv', 'metric_hourly_mv', 'vm_idle_hourly_mv', 'vm_samples_mv'])
        .sort(),
    );
    const targets = await rows<{ name: string; create_table_query: string }>(
      ch.client,
      `SELECT name, create_table_query FROM system.tables WHERE database = currentDatabase() AND engine = 'MaterializedView'`,
    );
    for (const view of targets) expect(view.create_table_query, view.name).toMatch(/ TO \w+\.\w+_local /);
  });

  it('cluster layout - samples written twice through the Distributed table are stored, rolled up and widened once', async () => {
    // 4 VMs x 36 timestamps x 2 metrics: vm_samples folds each VM's two metrics of a timestamp into one row.
    const samples: MetricSample[] = Array.from({ length: 288 }, (_, i) => ({
      connectionId: 'conn-c',
      entityType: 'vm',
      entityId: `vm-${Math.floor(i / 2) % 4}`,
      metric: i % 2 ? 'cpu.usage_pct' : 'net.kbps',
      ts: DAY0 + Math.floor(i / 8) * 300_000,
      value: i + 1,
    }));
    expect(await insertNewSamples(ch.client, samples)).toEqual({ inserted: 288, alreadyStored: 0 });
    // A redelivery of the same samples reads what the first write stored (through the Distributed table) and skips it.
    expect(await insertNewSamples(ch.client, samples)).toEqual({ inserted: 0, alreadyStored: 288 });

    expect(await count(ch.client, `SELECT count() FROM metric_samples WHERE connection_id = 'conn-c'`)).toBe(288);
    expect(await count(ch.client, `SELECT count() FROM ${localTable('metric_samples')}`)).toBe(288);
    expect(
      await count(ch.client, `SELECT countMerge(count_state) FROM metric_hourly WHERE connection_id = 'conn-c'`),
    ).toBe(288);
    expect(
      await count(ch.client, `SELECT countMerge(count_state) FROM metric_daily WHERE connection_id = 'conn-c'`),
    ).toBe(288);
    const wide = await rows<Record<string, string | number>>(
      ch.client,
      `SELECT count() AS n, countIf(cpu_usage_pct IS NOT NULL) AS cpu, countIf(net_kbps IS NOT NULL) AS net
       FROM vm_samples FINAL WHERE connection_id = 'conn-c'`,
    );
    expect(wide.map((r) => [Number(r.n), Number(r.cpu), Number(r.net)])).toEqual([[144, 144, 144]]);
  });

  it('cluster layout - a read model read with FINAL through the Distributed table gives each row’s latest version', async () => {
    const task = (version: number, status: string) => ({
      task_id: 'task-c',
      connection_id: 'conn-c',
      name: 'collect',
      status,
      progress: version * 10,
      current_step: version,
      total_steps: 3,
      message: '',
      attempt: 1,
      created_at: DAY0,
      version,
    });
    for (const [version, status] of [
      [1, 'requested'],
      [3, 'completed'],
      [2, 'running'],
    ] as const) {
      await ch.client.insert({ table: 'tasks', values: [task(version, status)], format: 'JSONEachRow' });
    }
    expect(
      await rows(ch.client, `SELECT status, toString(version) AS version FROM tasks FINAL WHERE task_id = 'task-c'`),
    ).toEqual([{ status: 'completed', version: '3' }]);
    expect(await count(ch.client, `SELECT count() FROM tasks_local WHERE task_id = 'task-c'`)).toBeGreaterThan(0);
  });

  it('cluster layout - deleting a connection’s data runs on the local tables and leaves nothing to read', async () => {
    const samples: MetricSample[] = Array.from({ length: 12 }, (_, i) => ({
      connectionId: 'conn-gone',
      entityType: 'vm',
      entityId: 'vm-1',
      metric: 'cpu.usage_pct',
      ts: DAY0 + i * 300_000,
      value: i,
    }));
    await insertNewSamples(ch.client, [...samples, ...samples.map((s) => ({ ...s, connectionId: 'conn-kept' }))]);
    expect(await count(ch.client, `SELECT count() FROM metric_samples WHERE connection_id = 'conn-gone'`)).toBe(12);
    await deleteConnectionData(ch.client, 'conn-gone');
    for (const table of ['metric_samples', 'metric_hourly', 'vm_samples']) {
      expect(await count(ch.client, `SELECT count() FROM ${table} WHERE connection_id = 'conn-gone'`), table).toBe(0);
    }
    expect(await count(ch.client, `SELECT count() FROM metric_samples WHERE connection_id = 'conn-kept'`)).toBe(12);
  });

  it('cluster layout - the dashboard views join names through the Distributed tables (GLOBAL joins)', async () => {
    const at = DAY0;
    await ch.client.insert({
      table: 'connections',
      values: [{ connection_id: 'conn-v', name: 'lab', type: 'simulated', created_at: at, updated_at: at, version: 1 }],
      format: 'JSONEachRow',
    });
    await ch.client.insert({
      table: 'inventory_clusters',
      values: [{ connection_id: 'conn-v', id: 'cl-1', observed_at: at, name: 'gold' }],
      format: 'JSONEachRow',
    });
    await ch.client.insert({
      table: 'inventory_vms',
      values: [
        { connection_id: 'conn-v', id: 'vm-1', observed_at: at, name: 'web-1', cluster_id: 'cl-1', cpu_count: 4 },
      ],
      format: 'JSONEachRow',
    });
    await ch.client.insert({
      table: 'findings',
      values: [
        {
          finding_id: 'f-1',
          analysis_type: 'zombie',
          connection_id: 'conn-v',
          entity_id: 'vm-1',
          status: 'raised',
          analysed_at: at,
          version: 1,
        },
      ],
      format: 'JSONEachRow',
    });
    expect(
      await rows(
        ch.client,
        `SELECT connection_name, vm_name, cluster_name, cpu_count FROM vms_named WHERE connection_id = 'conn-v'`,
      ),
    ).toEqual([{ connection_name: 'lab', vm_name: 'web-1', cluster_name: 'gold', cpu_count: 4 }]);
    expect(
      await rows(ch.client, `SELECT finding_id, connection_name FROM findings_latest WHERE connection_id = 'conn-v'`),
    ).toEqual([{ finding_id: 'f-1', connection_name: 'lab' }]);
  });

  it('cluster layout - the raw-sample retention is set on the local tables, where the rows are', async () => {
    await setRetentionDays(ch.client, 90);
    expect(await retentionDays(ch.client)).toBe(90);
    expect(await retentionDays(ch.client, 'vm_samples')).toBe(90);
  });
});
