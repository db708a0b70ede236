import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClickHouseClient, insertSamples, type MetricSample, migrate, migrations } from '@justfit/storage';
import { startTestClickHouse, type TestClickHouse } from '@justfit/testing/clickhouse';

const T0 = Date.UTC(2026, 10, 20);
const STEP = 300_000;

/** `steps` 5-minute samples of each metric for one VM; values encode (metric, step) so a mix-up shows. */
function vmSamples(entityId: string, metrics: string[], steps: number, connectionId = 'c1'): MetricSample[] {
  return metrics.flatMap((metric, m) =>
    Array.from({ length: steps }, (_, i) => ({
      connectionId,
      entityType: 'vm' as const,
      entityId,
      metric,
      ts: T0 + i * STEP,
      value: (m + 1) * 1000 + i,
    })),
  );
}

async function rows(client: ClickHouseClient, final: boolean): Promise<Array<Record<string, number | null | string>>> {
  const result = await client.query({
    query: `SELECT entity_id, toUnixTimestamp64Milli(ts) AS ts, cpu_usage_pct, disk_kbps, net_kbps, mem_active_mb
      FROM vm_samples ${final ? 'FINAL' : ''} ORDER BY entity_id, ts, cpu_usage_pct NULLS LAST`,
    format: 'JSONEachRow',
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  });
  return result.json();
}

describe('vm_samples', () => {
  let ch: TestClickHouse;
  beforeAll(async () => {
    ch = await startTestClickHouse();
  });
  afterAll(async () => {
    await ch?.stop();
  });

  it('backfill - samples stored before the migration are copied, one folded row per VM and timestamp', async () => {
    await migrate(
      ch.client,
      migrations.filter((m) => m.version < 4),
    );
    await insertSamples(ch.client, [
      ...vmSamples('old-1', ['cpu.usage_pct', 'disk.kbps', 'net.kbps', 'mem.active_mb'], 12),
      ...vmSamples('old-2', ['cpu.usage_pct'], 6),
      // Hosts and metrics without a column stay out.
      { connectionId: 'c1', entityType: 'host', entityId: 'h1', metric: 'cpu.usage_pct', ts: T0, value: 1 },
      { connectionId: 'c1', entityType: 'vm', entityId: 'old-2', metric: 'cpu.ready_ms', ts: T0, value: 1 },
    ]);
    const result = await migrate(ch.client);
    expect(result.applied.map((m) => m.name)[0]).toBe('vm_samples');
    const folded = await rows(ch.client, true);
    expect(folded).toHaveLength(18);
    expect(folded[0]).toEqual({
      entity_id: 'old-1',
      ts: T0,
      cpu_usage_pct: 1000,
      disk_kbps: 2000,
      net_kbps: 3000,
      mem_active_mb: 4000,
    });
    expect(folded.at(-1)).toEqual({
      entity_id: 'old-2',
      ts: T0 + 5 * STEP,
      cpu_usage_pct: 1005,
      disk_kbps: null,
      net_kbps: null,
      mem_active_mb: null,
    });
  });

  it('view - new samples land in vm_samples; metrics inserted apart fold into one row per timestamp', async () => {
    // No background merge between the inserts and the plain read, or it might fold the rows first.
    await ch.client.command({ query: 'SYSTEM STOP MERGES vm_samples' });
    await insertSamples(ch.client, vmSamples('new', ['cpu.usage_pct', 'disk.kbps'], 4));
    await insertSamples(ch.client, vmSamples('new', ['net.kbps'], 4));
    const plain = (await rows(ch.client, false)).filter((r) => r.entity_id === 'new');
    // Until a merge the two inserts are two rows per timestamp; FINAL (and a merge) folds them.
    expect(plain.length).toBe(8);
    await ch.client.command({ query: 'SYSTEM START MERGES vm_samples' });
    const folded = (await rows(ch.client, true)).filter((r) => r.entity_id === 'new');
    expect(folded).toHaveLength(4);
    expect(folded[3]).toMatchObject({ cpu_usage_pct: 1003, disk_kbps: 2003, net_kbps: 1003 });
  });

  it('backfill - running it again changes nothing once folded (max of a value and itself)', async () => {
    const before = await rows(ch.client, true);
    await migrations.find((m) => m.name === 'vm_samples')!.backfill!(ch.client);
    await ch.client.command({ query: 'OPTIMIZE TABLE vm_samples FINAL' });
    expect(await rows(ch.client, false)).toEqual(before);
  });
});
