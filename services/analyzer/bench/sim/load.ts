import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type ClickHouseClient,
  createClickHouse,
  type InventoryCluster,
  type InventoryHost,
  type InventoryVm,
  insertInventory,
  insertSamples,
  type MetricSample,
  migrate,
} from '@justfit/storage';
import { buildEstate, type Estate, generateHost, generateVm, lastMonday, stepTime } from './estate';
import { truthOf, type VmTruth } from './truth';

export const SIM_CONNECTION = 'sim';
const MARKER = 'estate.json';
/** Bump when the generator changes, so a kept data directory is regenerated. */
const GENERATOR_VERSION = 7;
const BATCH_ROWS = 200_000;

export interface LoadedEstate {
  clickhouse: ClickHouseClient;
  estate: Estate;
  truth: VmTruth[];
  rows: number;
  generated: boolean;
  seconds: number;
}

/**
 * Opens chDB in `dataDir` and fills it with the estate (inventory + 5-minute samples through the storage library's
 * insert functions), unless the directory already holds the same estate (same seed, size, days, generator version).
 */
export async function loadEstate(
  dataDir: string,
  args: { seed: number; vms: number; days: number; log?: (line: string) => void },
): Promise<LoadedEstate> {
  const log = args.log ?? (() => undefined);
  mkdirSync(dataDir, { recursive: true });
  const marker = join(dataDir, MARKER);
  const key = { seed: args.seed, vms: args.vms, days: args.days, generator: GENERATOR_VERSION };
  const clickhouse = await createClickHouse({ dataDir });
  if (existsSync(marker)) {
    const saved = JSON.parse(readFileSync(marker, 'utf8')) as {
      key: typeof key;
      now: number;
      truth: VmTruth[];
      rows: number;
    };
    if (JSON.stringify(saved.key) === JSON.stringify(key)) {
      log(`reusing the estate in ${dataDir} (${saved.rows.toLocaleString()} samples)`);
      // An estate generated before a schema change gets the change (and its backfill) here.
      await migrate(clickhouse);
      return {
        clickhouse,
        estate: buildEstate(args.seed, args.vms, args.days, saved.now),
        truth: saved.truth,
        rows: saved.rows,
        generated: false,
        seconds: 0,
      };
    }
    throw new Error(
      `${dataDir} holds a different estate (${JSON.stringify(saved.key)}); delete it or pick another --data-dir`,
    );
  }
  const started = performance.now();
  await migrate(clickhouse);
  const estate = buildEstate(args.seed, args.vms, args.days, lastMonday(Date.now()));
  await insertInventoryOf(clickhouse, estate);

  let batch: MetricSample[] = [];
  let inFlight: Promise<unknown> = Promise.resolve();
  let rows = 0;
  const flush = async () => {
    const values = batch;
    batch = [];
    await inFlight;
    // One insert in flight while the next batch is generated.
    inFlight = insertSamples(clickhouse, values);
    rows += values.length;
  };
  const flushIfFull = async () => {
    if (batch.length >= BATCH_ROWS) await flush();
  };

  const truth: VmTruth[] = [];
  for (const vm of estate.vms) {
    if (vm.cls === 'powered-off') {
      truth.push(truthOf(vm, null));
      continue;
    }
    const series = generateVm(estate, vm);
    truth.push(truthOf(vm, series));
    const steps = [...series.metrics['cpu.usage_pct'].keys(), ...(series.duplicates ?? [])];
    for (const [metric, values] of Object.entries(series.metrics)) {
      // A repeated timestamp keeps its first value, as the ETL's exactly-once rule does (docs/etl.md).
      const seen = new Set<number>();
      for (const s of steps) {
        const value = values[s]!;
        const ts = series.timestamps?.[s] ?? stepTime(estate, s);
        if (Number.isNaN(value) || seen.has(ts)) continue;
        seen.add(ts);
        batch.push({ connectionId: SIM_CONNECTION, entityType: 'vm', entityId: vm.id, metric, ts, value });
      }
    }
    await flushIfFull();
    if (vm.index % 250 === 249)
      log(
        `  ${vm.index + 1} VMs, ${(rows + batch.length).toLocaleString()} samples, ${((performance.now() - started) / 1000).toFixed(0)} s`,
      );
  }
  for (const host of estate.hosts) {
    const { cpu, mem } = generateHost(estate, host);
    for (let s = 0; s < cpu.length; s++) {
      const ts = stepTime(estate, s);
      batch.push({
        connectionId: SIM_CONNECTION,
        entityType: 'host',
        entityId: host.id,
        metric: 'cpu.usage_pct',
        ts,
        value: cpu[s]!,
      });
      batch.push({
        connectionId: SIM_CONNECTION,
        entityType: 'host',
        entityId: host.id,
        metric: 'mem.usage_pct',
        ts,
        value: mem[s]!,
      });
    }
    await flushIfFull();
  }
  await flush();
  await inFlight;
  const seconds = (performance.now() - started) / 1000;
  writeFileSync(marker, JSON.stringify({ key, now: estate.now, truth, rows }));
  return { clickhouse, estate, truth, rows, generated: true, seconds };
}

async function insertInventoryOf(clickhouse: ClickHouseClient, estate: Estate): Promise<void> {
  const base = {
    connectionId: SIM_CONNECTION,
    taskId: 'sim',
    observedAt: estate.now - 3_600_000,
    datacenter: 'dc-sim',
  };
  const clusters: InventoryCluster[] = estate.clusters.map((c) => {
    const hosts = estate.hosts.filter((h) => h.clusterId === c.id);
    return {
      ...base,
      id: c.id,
      name: c.name,
      totalCpuMhz: hosts.reduce((a, h) => a + h.cpuCores * 2600, 0),
      totalMemoryMb: hosts.reduce((a, h) => a + h.memoryMb, 0),
      numHosts: hosts.length,
      numVms: estate.vms.filter((v) => v.clusterId === c.id).length,
      haEnabled: true,
      drsEnabled: true,
    };
  });
  const hosts: InventoryHost[] = estate.hosts.map((h) => ({
    ...base,
    id: h.id,
    name: h.name,
    clusterId: h.clusterId,
    ipAddress: '10.0.0.1',
    cpuCores: h.cpuCores,
    cpuMhz: 2600,
    memoryMb: h.memoryMb,
    numVms: estate.vms.filter((v) => v.hostId === h.id).length,
    powerState: 'poweredOn',
    connectionState: 'connected',
    overallStatus: 'green',
  }));
  const vms: InventoryVm[] = estate.vms.map((v) => ({
    ...base,
    id: v.id,
    name: v.name,
    clusterId: v.clusterId,
    hostId: v.hostId,
    uuid: `uuid-${v.id}`,
    cpuCount: v.cpuCount,
    memoryMb: v.memoryMb,
    diskGb: v.diskGb,
    powerState: v.powerState,
    guestOs: 'ubuntu64Guest',
    ipAddress: '10.1.0.1',
    isTemplate: false,
    overallStatus: 'green',
    toolsStatus: 'toolsOk',
    createdAt: estate.now - 400 * 86_400_000,
    powerStateChangedAt: v.powerStateChangedAt === null ? null : Math.round(v.powerStateChangedAt),
  }));
  await insertInventory(clickhouse, 'cluster', clusters);
  await insertInventory(clickhouse, 'host', hosts);
  await insertInventory(clickhouse, 'vm', vms);
}
