import { type ClickHouseClient, perEntityStats } from '@justfit/storage';

const DAY_MS = 86_400_000;
const STEPS_PER_DAY = 288;

export interface P95Figure {
  vms: number;
  days: number;
  rawRows: number;
  loadSeconds: number;
  rollupSeconds: number;
  rawSeconds: number;
  /** Largest relative difference between the two p95 of a VM. */
  maxRelativeDiff: number;
}

/**
 * `vms` VMs × `days` days of 5-minute cpu.usage_pct written straight into metric_samples (INSERT … SELECT, so the
 * rollup views fill metric_hourly and metric_daily as they would from the ETL), then the 30-day p95 per VM read once
 * from the daily rollup and once from the raw samples (each the best of two runs).
 */
export async function measureP95(client: ClickHouseClient, vms: number, days: number): Promise<P95Figure> {
  const start = Date.UTC(2026, 5, 1);
  const perVm = days * STEPS_PER_DAY;
  const vmsPerInsert = Math.max(1, Math.floor(5_000_000 / perVm));
  const loadStarted = performance.now();
  for (let first = 0; first < vms; first += vmsPerInsert) {
    const count = Math.min(vmsPerInsert, vms - first) * perVm;
    // A daily shape plus noise that differs per VM, so the percentiles are not all alike.
    await client.command({
      query: `INSERT INTO metric_samples
        SELECT 'p95', 'vm', concat('vm-', toString(intDiv(number, {perVm:UInt64}))), 'cpu.usage_pct',
          fromUnixTimestamp64Milli(toInt64({start:Int64} + (number % {perVm:UInt64}) * 300000), 'UTC'),
          greatest(0, least(100, (intDiv(number, {perVm:UInt64}) % 50) + 20 * sin((number % 288) / 288 * 2 * pi()) + (cityHash64(number) % 2000) / 100))
        FROM numbers({offset:UInt64}, {count:UInt64})`,
      query_params: { perVm, start, offset: first * perVm, count },
      clickhouse_settings: { max_insert_block_size: '2000000' },
    });
  }
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  const scope = {
    connectionId: 'p95',
    entityType: 'vm' as const,
    metric: 'cpu.usage_pct',
    from: start,
    to: start + days * DAY_MS,
  };
  const timed = async (source: 'rollup' | 'raw') => {
    let best = Number.POSITIVE_INFINITY;
    let rows: Awaited<ReturnType<typeof perEntityStats>> = [];
    for (let run = 0; run < 2; run++) {
      const started = performance.now();
      rows = await perEntityStats(client, { ...scope, source });
      best = Math.min(best, (performance.now() - started) / 1000);
    }
    return { rows, seconds: best };
  };
  const rollup = await timed('rollup');
  const raw = await timed('raw');
  if (rollup.rows.length !== vms || raw.rows.length !== vms)
    throw new Error(`p95 for ${rollup.rows.length} / ${raw.rows.length} VMs, expected ${vms}`);
  let maxRelativeDiff = 0;
  rollup.rows.forEach((r, i) => {
    maxRelativeDiff = Math.max(
      maxRelativeDiff,
      Math.abs(r.p95 - raw.rows[i]!.p95) / Math.max(1e-9, Math.abs(raw.rows[i]!.p95)),
    );
  });
  return {
    vms,
    days,
    rawRows: vms * perVm,
    loadSeconds,
    rollupSeconds: rollup.seconds,
    rawSeconds: raw.seconds,
    maxRelativeDiff,
  };
}
