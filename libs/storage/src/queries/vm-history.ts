import type { ClickHouseClient } from '@clickhouse/client';
import { decode } from './columns';
import { type InventoryVm, inventoryTables } from './inventory-rows';
import { Filters } from './paging';

/** What an ops user asks of a VM's past: power, size and placement. */
const TRACKED = [
  'powerState',
  'cpuCount',
  'memoryMb',
  'diskGb',
  'hostId',
  'clusterId',
  'deleted',
] as const satisfies ReadonlyArray<keyof InventoryVm>;
export type VmTrackedField = (typeof TRACKED)[number];
const trackedColumns = TRACKED.map((field) => inventoryTables.vm.columns[field][0]);

export interface VmChange {
  /** When JustFit first observed the new value (epoch ms). */
  observedAt: number;
  field: VmTrackedField;
  from: string | number | boolean | null;
  to: string | number | boolean | null;
  /** For powerState: when the platform says the power state changed, if it reports it. */
  reportedAt: number | null;
}

export interface VmHistory {
  firstSeenAt: number | null;
  lastSeenAt: number | null;
  changes: VmChange[];
}

export interface VmHistoryQuery {
  connectionId: string;
  vmId: string;
  from?: number;
  to?: number;
}

const trackedTuple = `tuple(${trackedColumns.join(', ')})`;

/**
 * Answers "when was this VM powered off / resized / moved": the observations where a tracked field differs from the
 * previous observation, computed in ClickHouse so only those rows (plus the first and last) come back.
 */
export async function vmHistory(client: ClickHouseClient, query: VmHistoryQuery): Promise<VmHistory> {
  const filters = new Filters()
    .add('connection_id = {connectionId:String} AND id = {vmId:String}', {
      connectionId: query.connectionId,
      vmId: query.vmId,
    })
    .optional("observed_at >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')", 'from', query.from)
    .optional("observed_at < fromUnixTimestamp64Milli({to:Int64}, 'UTC')", 'to', query.to);
  const result = await client.query({
    query: `SELECT toUnixTimestamp64Milli(observed_at) AS observed_at, ${trackedColumns.join(', ')},
        toUnixTimestamp64Milli(power_state_changed_at) AS power_state_changed_at
      FROM (
        SELECT *,
          lagInFrame(${trackedTuple}) OVER w AS previous,
          row_number() OVER w AS n,
          count() OVER () AS observations
        FROM inventory_vms FINAL ${filters.where()}
        WINDOW w AS (ORDER BY observed_at ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
      )
      WHERE n = 1 OR n = observations OR previous != ${trackedTuple}
      ORDER BY observed_at`,
    query_params: filters.params,
    format: 'JSONEachRow',
  });
  const rows = await result.json<Record<string, unknown>>();
  const changes: VmChange[] = [];
  for (let i = 1; i < rows.length; i++) {
    const before = rows[i - 1]!;
    const after = rows[i]!;
    for (const field of TRACKED) {
      const [column, codec] = inventoryTables.vm.columns[field];
      const from = decode(codec, before[column]);
      const to = decode(codec, after[column]);
      if (from === to) continue;
      const reported = field === 'powerState' ? after.power_state_changed_at : null;
      changes.push({
        observedAt: Number(after.observed_at),
        field,
        from,
        to,
        reportedAt: reported === null || reported === undefined ? null : Number(reported),
      });
    }
  }
  return {
    firstSeenAt: rows.length ? Number(rows[0]!.observed_at) : null,
    lastSeenAt: rows.length ? Number(rows.at(-1)!.observed_at) : null,
    changes,
  };
}
