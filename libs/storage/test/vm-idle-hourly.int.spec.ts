import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ClickHouseClient,
  IDLE_MAX_VCPUS,
  insertSamples,
  type MetricSample,
  migrate,
  migrations,
} from '@justfit/storage';
import { startTestClickHouse, type TestClickHouse } from '@justfit/testing/clickhouse';

const T0 = Date.UTC(2026, 10, 20);
const STEP = 300_000;

function series(entityId: string, metric: string, values: number[]): MetricSample[] {
  return values.map((value, i) => ({
    connectionId: 'c1',
    entityType: 'vm',
    entityId,
    metric,
    ts: T0 + i * STEP,
    value,
  }));
}

/** Samples under GCP's line (0.03 vCPU = 3 / v %) for a VM of v vCPUs, counted the way the analyzer compares. */
const underGcp = (values: number[], vcpus: number) => values.filter((x) => x < (100 * 0.03) / vcpus).length;

interface Counts {
  cpu: number;
  net: number;
  netIdle: number;
  azure: number;
  first: number;
  last: number;
  /** CPU samples under GCP's line of a v-vCPU VM, for each v asked. */
  gcp: Record<number, number>;
}

async function counts(client: ClickHouseClient, entityId: string, vcpus: number[]): Promise<Counts> {
  const result = await client.query({
    query: `SELECT sum(cpu_samples) AS cpu, sum(net_samples) AS net, sum(net_idle) AS netIdle,
        sum(cpu_under_azure) AS azure, toUnixTimestamp64Milli(min(cpu_first_ts)) AS first,
        toUnixTimestamp64Milli(max(cpu_last_ts)) AS last, sumMap(cpu_idle_vcpus) AS idle
      FROM vm_idle_hourly WHERE entity_id = {entityId:String}`,
    query_params: { entityId },
    format: 'JSONEachRow',
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  });
  const [row] = await result.json<Omit<Counts, 'gcp'> & { idle: [number[], number[]] }>();
  const [keys, values] = row!.idle;
  const gcp = Object.fromEntries(
    vcpus.map((v) => [v, keys.reduce((sum, key, i) => (key >= v ? sum + values[i]! : sum), 0)]),
  );
  return {
    cpu: row!.cpu,
    net: row!.net,
    netIdle: row!.netIdle,
    azure: row!.azure,
    first: row!.first,
    last: row!.last,
    gcp,
  };
}

describe('vm_idle_hourly', () => {
  let ch: TestClickHouse;
  beforeAll(async () => {
    ch = await startTestClickHouse();
  });
  afterAll(async () => {
    await ch?.stop();
  });

  it('backfill - samples stored before the migration are counted once, even when the backfill runs again', async () => {
    await migrate(
      ch.client,
      migrations.filter((m) => m.version < 10),
    );
    const cpu = [0.2, 0.5, 1.2, 2.9, 3, 40, 0.01, 0.75];
    await insertSamples(ch.client, [
      ...series('old', 'cpu.usage_pct', cpu),
      ...series('old', 'net.kbps', [0.5, 1.9, 2, 300, 1, 1, 1, 1]),
      ...series('old', 'disk.kbps', [5, 5]),
      { connectionId: 'c1', entityType: 'host', entityId: 'h1', metric: 'cpu.usage_pct', ts: T0, value: 0 },
    ]);
    const result = await migrate(
      ch.client,
      migrations.filter((m) => m.version <= 10),
    );
    expect(result.applied.map((m) => m.name)).toEqual(['vm_idle_hourly']);
    await migrations.find((m) => m.version === 10)!.backfill!(ch.client);

    expect(await counts(ch.client, 'old', [1, 2, 4])).toEqual({
      cpu: 8,
      net: 8,
      netIdle: 6,
      azure: 6,
      first: T0,
      last: T0 + 7 * STEP,
      gcp: { 1: underGcp(cpu, 1), 2: underGcp(cpu, 2), 4: underGcp(cpu, 4) },
    });
    const hosts = await ch.client.query({
      query: `SELECT count() AS n FROM vm_idle_hourly WHERE entity_id = 'h1'`,
      format: 'JSONEachRow',
    });
    expect(await hosts.json()).toEqual([{ n: 0 }]);
  });

  it('view - GCP line counts agree with the analyzer comparison for every vCPU count, at and beside each line', async () => {
    await migrate(ch.client);
    const vcpus = [1, 2, 3, 5, 6, 7, 12, 24, 48, 96, 128, 768, IDLE_MAX_VCPUS];
    // The lines themselves and the doubles on either side of them, where a rounding slip would show.
    const values = vcpus.flatMap((v) => {
      const line = (100 * 0.03) / v;
      return [line, line * (1 - Number.EPSILON), line * (1 + Number.EPSILON), Math.round(line * 100) / 100];
    });
    values.push(0, 3, 2.99, 100);
    await insertSamples(ch.client, series('lines', 'cpu.usage_pct', values));
    const counted = await counts(ch.client, 'lines', [...vcpus, IDLE_MAX_VCPUS + 1]);
    expect(counted.gcp).toEqual(
      Object.fromEntries([...vcpus.map((v) => [v, underGcp(values, v)]), [IDLE_MAX_VCPUS + 1, 0]]),
    );
    expect(counted.azure).toBe(values.filter((x) => x < 3).length);
  });
});
