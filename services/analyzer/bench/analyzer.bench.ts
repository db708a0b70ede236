import { DEFAULT_SETTINGS } from '@justfit/events';
/**
 * Speed of the four analyzers against a baseline that scans the metric table once (count and sum of every sample).
 * ClickHouse runs as its own process (the embedded server, queried over HTTP), as it does for the services.
 *
 *   npm run bench:analyzer -- [--vms 10000] [--days 30] [--data-dir DIR] [--keep] [--repeat 2]
 *
 * The estate is generated inside ClickHouse (INSERT … SELECT FROM numbers(), shapes per VM class: idle, daily and
 * weekly tides, noisy, steady) because pushing ~520 M rows through JSON would take over an hour on this machine; the
 * materialized views fill the hourly and daily rollups exactly as they do for collected data. Inventory goes through
 * the storage library. VM metrics: the six the analyzers read (cpu.usage_pct, cpu.ready_pct, mem.active_mb,
 * mem.consumed_mb, disk.kbps, net.kbps); hosts: cpu.usage_pct and mem.usage_pct.
 * Last line: {"analyzers_s":…,"scan_s":…,"ratio":…} plus the size measured and the time of each analyzer.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startEmbeddedServer } from '@justfit/testing/clickhouse';
import {
  type ClickHouseClient,
  createClickHouse,
  type InventoryCluster,
  type InventoryHost,
  type InventoryVm,
  insertInventory,
  migrate,
} from '@justfit/storage';
import { healthCandidates } from '../src/health/health-analysis';
import {
  DEFAULT_HEALTH_POLICY,
  DEFAULT_RIGHTSIZE_POLICY,
  DEFAULT_TIDAL_POLICY,
  DEFAULT_ZOMBIE_POLICY,
} from '../src/policies/policy';
import { rightsizeCandidates } from '../src/rightsize/rightsize-analysis';
import { loadPlacedVms } from '../src/runs/inventory';
import { zombieCandidates } from '../src/zombie/zombie-analysis';
import { tidalCandidates } from '../src/tidal/tidal-analysis';
import { lastMonday } from './sim/estate';

const { values: opts } = parseArgs({
  options: {
    vms: { type: 'string', default: '10000' },
    days: { type: 'string', default: '30' },
    'data-dir': { type: 'string' },
    keep: { type: 'boolean', default: false },
    repeat: { type: 'string', default: '2' },
    chunk: { type: 'string', default: '25' },
  },
});
const log = (line: string) => process.stdout.write(`${line}\n`);
const CONNECTION = 'bench';
const VM_METRICS = ['cpu.usage_pct', 'cpu.ready_pct', 'mem.active_mb', 'mem.consumed_mb', 'disk.kbps', 'net.kbps'];
const VMS_PER_HOST = 25;
const HOSTS_PER_CLUSTER = 16;
const STEP_S = 300;
const GENERATOR_VERSION = 3;

const vcpuOf = (k: number) => [2, 4, 8][k % 3]!;
const memOf = (k: number) => [4096, 8192, 16_384][(k >> 2) % 3]!;

/**
 * One INSERT … SELECT per chunk of VMs: every row is (VM k, step i, metric). Class by k % 20: 0 idle (a guest's
 * housekeeping, 0.003-0.015 of a core whatever the VM's size, under GCP's 0.03 vCPU line; low active memory, a trickle
 * of traffic: a zombie), 1 idle with a job every night from 02:00 to 02:30 UTC (idle by the share of samples, working
 * by its recurring job: the zombie rule reads its evidence and keeps it), 2-5 daily office hours, 6-7 weekday office
 * hours, 8-11 noisy, 12-19 steady at various levels. Noise from cityHash64.
 */
function vmChunkSql(first: number, count: number, steps: number, start: number): string {
  const noise = (salt: number, amplitude: number) =>
    `((cityHash64(number, ${salt}) % 1000) / 1000 - 0.5) * ${amplitude}`;
  const vcpu = '[2, 4, 8][k % 3 + 1]';
  const mem = '[4096, 8192, 16384][intDiv(k, 4) % 3 + 1]';
  const cpu = `greatest(0, least(100, multiIf(
      cls = 1 AND hod = 2 AND toMinute(ts) < 30, 45 + ${noise(1, 30)},
      cls < 2, 100 * (0.003 + 0.012 * (cityHash64(k, 9) % 1000) / 1000) / ${vcpu} * (1 + ${noise(1, 0.6)}),
      cls < 6, if(hod >= 8 AND hod < 18, 55, 10) + ${noise(1, 8)},
      cls < 8, if(dow < 5 AND hod >= 8 AND hod < 18, 60, 12) + ${noise(1, 8)},
      cls < 12, 30 + 15 * sin(i / 37 + k) + ${noise(1, 20)},
      5 + (k % 7) * 9 + ${noise(1, 6)})))`;
  return `
    INSERT INTO metric_samples
    SELECT '${CONNECTION}', 'vm', concat('vm-', leftPad(toString(k), 6, '0')), metric, ts,
      round(multiIf(
        metric = 'cpu.usage_pct', cpu,
        metric = 'cpu.ready_pct', cpu * 0.02 * ${vcpu} * (1 + ${noise(2, 0.5)}),
        metric = 'mem.active_mb', ${mem} * if(cls < 2, 0.02 + (k % 7) / 100, 0.15 + (k % 5) / 10) * (1 + ${noise(3, 0.02)}),
        metric = 'mem.consumed_mb', ${mem} * (0.3 + (k % 5) / 10),
        metric = 'disk.kbps', if(idle, 22.5 + ${noise(4, 35)}, 200 + cpu * 30 + ${noise(4, 100)}),
        if(idle, 0.2 + 1.2 * pow((cityHash64(number, 5) % 1000) / 1000, 3), 150 + cpu * 20 + ${noise(5, 100)})), 2) AS value
    FROM (
      SELECT number, intDiv(number, ${steps}) AS k, number % ${steps} AS i, k % 20 AS cls,
        toDateTime64(${start / 1000} + i * ${STEP_S}, 3, 'UTC') AS ts, toHour(ts) AS hod, toDayOfWeek(ts) - 1 AS dow,
        ${cpu} AS cpu, cls < 2 AND cpu < 3 AS idle
      FROM numbers(${first * steps}, ${count * steps})
    )
    ARRAY JOIN ${JSON.stringify(VM_METRICS).replace(/"/g, "'")} AS metric`;
}

function hostSql(hosts: number, steps: number, start: number): string {
  return `
    INSERT INTO metric_samples
    SELECT '${CONNECTION}', 'host', concat('host-', toString(j)), metric, toDateTime64(${start / 1000} + i * ${STEP_S}, 3, 'UTC'),
      round(if(metric = 'cpu.usage_pct', least(100, 25 + (j % 8) * 8 + (cityHash64(number, 7) % 1000) / 100),
                                         35 + (j % 5) * 9 + (cityHash64(number, 8) % 1000) / 200), 2)
    FROM (SELECT number, intDiv(number, ${steps}) AS j, number % ${steps} AS i FROM numbers(${hosts * steps}))
    ARRAY JOIN ['cpu.usage_pct', 'mem.usage_pct'] AS metric`;
}

async function generate(clickhouse: ClickHouseClient, vmCount: number, days: number, now: number): Promise<number> {
  const steps = (days * 86_400) / STEP_S;
  const start = now - days * 86_400_000;
  const hosts = Math.ceil(vmCount / VMS_PER_HOST);
  const clusters = Math.ceil(hosts / HOSTS_PER_CLUSTER);
  const base = { connectionId: CONNECTION, taskId: 'bench', observedAt: now - 3_600_000, datacenter: 'dc' };
  const clusterRows: InventoryCluster[] = Array.from({ length: clusters }, (_, c) => ({
    ...base,
    id: `cl-${c}`,
    name: `cluster-${c}`,
    totalCpuMhz: 0,
    totalMemoryMb: 0,
    numHosts: HOSTS_PER_CLUSTER,
    numVms: 0,
    haEnabled: true,
    drsEnabled: true,
  }));
  const hostRows: InventoryHost[] = Array.from({ length: hosts }, (_, j) => ({
    ...base,
    id: `host-${j}`,
    name: `esx-${j}`,
    clusterId: `cl-${Math.floor(j / HOSTS_PER_CLUSTER)}`,
    ipAddress: '10.0.0.1',
    cpuCores: 48,
    cpuMhz: 2600,
    memoryMb: 512 * 1024,
    numVms: VMS_PER_HOST,
    powerState: 'poweredOn',
    connectionState: 'connected',
    overallStatus: 'green',
  }));
  const vmRows: InventoryVm[] = Array.from({ length: vmCount }, (_, k) => {
    const host = Math.floor(k / VMS_PER_HOST);
    return {
      ...base,
      id: `vm-${String(k).padStart(6, '0')}`,
      name: `bench-${k}`,
      clusterId: `cl-${Math.floor(host / HOSTS_PER_CLUSTER)}`,
      hostId: `host-${host}`,
      uuid: `uuid-${k}`,
      cpuCount: vcpuOf(k),
      memoryMb: memOf(k),
      diskGb: 80,
      powerState: 'poweredOn',
      guestOs: 'ubuntu64Guest',
      ipAddress: '10.1.0.1',
      isTemplate: false,
      overallStatus: 'green',
      toolsStatus: 'toolsOk',
      createdAt: start - 86_400_000,
      powerStateChangedAt: null,
    };
  });
  await insertInventory(clickhouse, 'cluster', clusterRows);
  await insertInventory(clickhouse, 'host', hostRows);
  for (let i = 0; i < vmRows.length; i += 5000) await insertInventory(clickhouse, 'vm', vmRows.slice(i, i + 5000));

  const chunk = Number(opts.chunk);
  const started = performance.now();
  for (let first = 0; first < vmCount; first += chunk) {
    await clickhouse.command({ query: vmChunkSql(first, Math.min(chunk, vmCount - first), steps, start) });
    const done = Math.min(vmCount, first + chunk);
    const seconds = (performance.now() - started) / 1000;
    log(
      `  ${done} VMs, ${(done * steps * VM_METRICS.length).toLocaleString()} rows, ${seconds.toFixed(0)} s (${Math.round((done * steps * VM_METRICS.length) / seconds).toLocaleString()} rows/s)`,
    );
  }
  await clickhouse.command({ query: hostSql(hosts, steps, start) });
  return vmCount * steps * VM_METRICS.length + hosts * steps * 2;
}

async function seconds<T>(run: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const out = await run();
  return [(performance.now() - started) / 1000, out];
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
const r3 = (v: number) => Math.round(v * 1000) / 1000;

async function main() {
  const vmCount = Number(opts.vms);
  const days = Number(opts.days);
  const dataDir = opts['data-dir'] ?? join(tmpdir(), `justfit-bench-${process.pid}`);
  mkdirSync(dataDir, { recursive: true });
  const marker = join(dataDir, 'bench.json');
  const key = JSON.stringify({ vmCount, days, generator: GENERATOR_VERSION });
  const server = await startEmbeddedServer({ dataDir });
  // One generated chunk can take minutes on a loaded machine while merges run.
  const clickhouse = await createClickHouse({ url: server.url, dataDir, requestTimeoutMs: 600_000 });
  try {
    // On a data set generated before a migration, this is where the migration (and its backfill) runs.
    const [migrateSeconds, migrated] = await seconds(() => migrate(clickhouse));
    if (migrated.applied.length)
      log(`migrated (${migrated.applied.map((m) => m.name).join(', ')}) in ${migrateSeconds.toFixed(0)} s`);
    let now: number;
    let rows: number;
    if (existsSync(marker) && JSON.parse(readFileSync(marker, 'utf8')).key === key) {
      ({ now, rows } = JSON.parse(readFileSync(marker, 'utf8')) as { now: number; rows: number });
      log(`reusing ${rows.toLocaleString()} samples in ${dataDir}`);
    } else {
      if (existsSync(marker)) throw new Error(`${dataDir} holds another estate; delete it or pick another --data-dir`);
      now = lastMonday(Date.now());
      log(`generating ${vmCount} VMs × ${days} days × 5-minute samples in ${dataDir}`);
      const [genSeconds, generated] = await seconds(() => generate(clickhouse, vmCount, days, now));
      rows = generated;
      log(`generated ${rows.toLocaleString()} samples in ${genSeconds.toFixed(0)} s`);
      writeFileSync(marker, JSON.stringify({ key, now, rows }));
    }
    const [inventorySeconds, vms] = await seconds(() => loadPlacedVms(clickhouse, CONNECTION));
    log(`inventory: ${vms.length} VMs listed in ${inventorySeconds.toFixed(2)} s`);
    const args = {
      prices: DEFAULT_SETTINGS.currencyAndPrices,
      asOf: now,
      now,
      runId: 'bench',
      connectionId: CONNECTION,
    };
    const analyzers = {
      zombie: () => zombieCandidates(clickhouse, vms, { ...args, policy: DEFAULT_ZOMBIE_POLICY }),
      rightsize: () => rightsizeCandidates(clickhouse, vms, { ...args, policy: DEFAULT_RIGHTSIZE_POLICY }),
      tidal: () => tidalCandidates(clickhouse, vms, { ...args, policy: DEFAULT_TIDAL_POLICY }),
      health: () => healthCandidates(clickhouse, vms, { ...args, policy: DEFAULT_HEALTH_POLICY }),
    };
    const scan = async () => {
      const result = await clickhouse.query({
        query: 'SELECT count() AS n, sum(value) AS s FROM metric_samples',
        format: 'JSONEachRow',
      });
      return result.json<{ n: string; s: number }>();
    };
    // Alternate baseline and analyzers so load from other processes hits both alike; report the medians.
    const scanTimes: number[] = [];
    const totals: number[] = [];
    const each: Record<string, number[]> = { zombie: [], rightsize: [], tidal: [], health: [] };
    const findings: Record<string, number> = {};
    for (let run = 0; run < Number(opts.repeat); run++) {
      const [scanSeconds, [counted]] = await seconds(scan);
      scanTimes.push(scanSeconds);
      log(`run ${run + 1}: scan ${scanSeconds.toFixed(2)} s (${Number(counted?.n).toLocaleString()} rows)`);
      let total = 0;
      for (const [name, analyze] of Object.entries(analyzers)) {
        const [s, candidates] = await seconds(analyze);
        each[name]!.push(s);
        findings[name] = candidates.filter((c) => c.body).length;
        total += s;
        log(`run ${run + 1}: ${name} ${s.toFixed(2)} s (${findings[name]} findings of ${candidates.length})`);
      }
      totals.push(total);
    }
    const analyzersS = median(totals);
    const scanS = median(scanTimes);
    log(
      JSON.stringify({
        analyzers_s: r3(analyzersS),
        scan_s: r3(scanS),
        ratio: r3(analyzersS / scanS),
        vms: vmCount,
        days,
        samples: rows,
        per_analyzer_s: Object.fromEntries(Object.entries(each).map(([k, v]) => [k, r3(median(v))])),
        inventory_s: r3(inventorySeconds),
      }),
    );
  } finally {
    await clickhouse.close();
    await server.stop();
    if (!opts['data-dir'] && !opts.keep) rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
