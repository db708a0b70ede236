import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSamples, type MetricSample, migrate } from '@justfit/storage';
import { startTestClickHouse, type TestClickHouse } from '@justfit/testing/clickhouse';
import { DEFAULT_ZOMBIE_POLICY, type ZombiePolicy } from '../src/policies/policy';
import { queryVmIdleness } from '../src/zombie/zombie.query';

const DAY = 86_400_000;
const NOW = Math.floor(Date.now() / DAY) * DAY;
const CONN = 'conn-idle';
const STEP = 300_000;

/** 15 days of 5-minute CPU and network samples; CPU idle most of the time, with the VM's own bursts. */
function vmSeries(id: string, idleCpu: number, busyEvery: number): MetricSample[] {
  const out: MetricSample[] = [];
  for (let ts = NOW - 15 * DAY, i = 0; ts < NOW; ts += STEP, i++) {
    const busy = i % busyEvery === 0;
    const cpu = busy ? 35 : idleCpu * (1 + 0.3 * Math.sin(i));
    out.push({ connectionId: CONN, entityType: 'vm', entityId: id, metric: 'cpu.usage_pct', ts, value: cpu });
    out.push({ connectionId: CONN, entityType: 'vm', entityId: id, metric: 'net.kbps', ts, value: busy ? 900 : 1.5 });
  }
  return out;
}

const VMS = { tiny: 1, small: 2, odd: 6, large: 24 } as const;
const SERIES: MetricSample[] = [
  ...vmSeries('tiny', 0.8, 400),
  ...vmSeries('small', 0.9, 25),
  ...vmSeries('odd', 0.45, 37),
  ...vmSeries('large', 0.11, 29),
];

/** The shares the rule decides on, counted here from the samples as written, with the analyzer's comparisons. */
function expected(id: keyof typeof VMS, policy: ZombiePolicy, asOf: number) {
  const from = asOf - policy.lookbackDays * DAY;
  const inWindow = SERIES.filter((s) => s.entityId === id && s.ts >= from && s.ts < asOf);
  const cpu = inWindow.filter((s) => s.metric === 'cpu.usage_pct');
  const net = inWindow.filter((s) => s.metric === 'net.kbps');
  const line = (100 * policy.gcpIdleCpuCores) / VMS[id];
  return {
    entityId: id,
    samples: cpu.length,
    firstTs: Math.min(...cpu.map((s) => s.ts)),
    lastTs: Math.max(...cpu.map((s) => s.ts)),
    gcpIdleCpuShare: cpu.filter((s) => s.value < line).length / cpu.length,
    azureIdleCpuShare: cpu.filter((s) => s.value < policy.azureP95CpuPct).length / cpu.length,
    netSamples: net.length,
    gcpIdleNetShare: net.filter((s) => s.value < policy.gcpIdleNetKBps).length / net.length,
  };
}

describe('zombie idle counts', () => {
  let ch: TestClickHouse;
  beforeAll(async () => {
    ch = await startTestClickHouse();
    await migrate(ch.client);
    await insertSamples(ch.client, SERIES);
  });
  afterAll(async () => {
    await ch?.stop();
  });

  const idleness = async (policy: ZombiePolicy, asOf: number) => {
    const rows = await queryVmIdleness(ch.client, {
      policy,
      asOf,
      connectionId: CONN,
      vcpus: new Map(Object.entries(VMS).map(([id, vcpu]) => [`${CONN}/${id}`, vcpu])),
    });
    return Object.fromEntries(rows.map(({ usage: _usage, connectionId: _c, ...row }) => [row.entityId, row]));
  };
  const all = (policy: ZombiePolicy, asOf: number) =>
    Object.fromEntries(Object.keys(VMS).map((id) => [id, expected(id as keyof typeof VMS, policy, asOf)]));

  it('zombie - idle shares per vCPU count are those of the raw samples, over whole hours and partial ones', async () => {
    expect(await idleness(DEFAULT_ZOMBIE_POLICY, NOW)).toEqual(all(DEFAULT_ZOMBIE_POLICY, NOW));
    const partial = NOW - 37 * 60_000 - 1234;
    expect(await idleness(DEFAULT_ZOMBIE_POLICY, partial)).toEqual(all(DEFAULT_ZOMBIE_POLICY, partial));
  });

  it('zombie - a policy with its own idle lines is judged on raw samples with those lines', async () => {
    const custom = { ...DEFAULT_ZOMBIE_POLICY, gcpIdleCpuCores: 0.05, azureP95CpuPct: 1, gcpIdleNetKBps: 1 };
    expect(await idleness(custom, NOW)).toEqual(all(custom, NOW));
  });

  it('zombie - over whole hours the shares come from the hourly counts, not from the raw samples', async () => {
    await ch.client.command({
      query: `ALTER TABLE vm_samples DELETE WHERE entity_id = 'large'`,
      clickhouse_settings: { mutations_sync: '2' },
    });
    expect((await idleness(DEFAULT_ZOMBIE_POLICY, NOW)).large).toEqual(expected('large', DEFAULT_ZOMBIE_POLICY, NOW));
  });

  it('zombie - a VM whose hours were stored before the counts existed is read from raw samples', async () => {
    await ch.client.command({
      query: `ALTER TABLE vm_idle_hourly DELETE WHERE entity_id = 'odd' AND bucket < {before:DateTime}`,
      query_params: { before: Math.floor((NOW - 3 * DAY) / 1000) },
      clickhouse_settings: { mutations_sync: '2' },
    });
    expect(await idleness(DEFAULT_ZOMBIE_POLICY, NOW)).toEqual(all(DEFAULT_ZOMBIE_POLICY, NOW));
  });
});
