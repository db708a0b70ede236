import type { ClickHouseClient } from '@justfit/storage';
import type { ReportModel } from '../model/report-model';

/** Counts of the latest inventory, for the report's opening numbers. */
export async function estateSummary(
  clickhouse: ClickHouseClient,
  connectionId?: string,
): Promise<ReportModel['estate']> {
  const rs = await clickhouse.query({
    query: `SELECT
      (SELECT count() FROM inventory_vms_latest WHERE ({c:String} = '' OR connection_id = {c:String}) AND NOT is_template) AS vms,
      (SELECT count() FROM inventory_vms_latest WHERE ({c:String} = '' OR connection_id = {c:String}) AND NOT is_template AND power_state = 'poweredOn') AS poweredOnVms,
      (SELECT count() FROM inventory_hosts_latest WHERE ({c:String} = '' OR connection_id = {c:String})) AS hosts,
      (SELECT count() FROM inventory_clusters_latest WHERE ({c:String} = '' OR connection_id = {c:String})) AS clusters`,
    query_params: { c: connectionId ?? '' },
    format: 'JSONEachRow',
  });
  const [row] = await rs.json<Record<string, string | number>>();
  return {
    vms: Number(row?.vms ?? 0),
    poweredOnVms: Number(row?.poweredOnVms ?? 0),
    hosts: Number(row?.hosts ?? 0),
    clusters: Number(row?.clusters ?? 0),
  };
}
