import type { ClickHouseClient } from '@clickhouse/client';

/**
 * The end of each connection's newest hour of samples (epoch ms), from the hourly rollup: where an analysis window
 * ends, so an export from last quarter is analysed like fresh data. Connections without samples are absent.
 */
export async function newestSampleHours(client: ClickHouseClient, connectionId?: string): Promise<Map<string, number>> {
  const rs = await client.query({
    query: `
      SELECT connection_id AS connectionId, toUnixTimestamp(max(bucket)) + 3600 AS endSec
      FROM metric_hourly
      WHERE {connectionId:String} = '' OR connection_id = {connectionId:String}
      GROUP BY connection_id`,
    query_params: { connectionId: connectionId ?? '' },
    format: 'JSONEachRow',
  });
  const rows = await rs.json<{ connectionId: string; endSec: string | number }>();
  return new Map(rows.map((r) => [String(r.connectionId), Number(r.endSec) * 1000]));
}
