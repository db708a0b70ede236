import { ReportDigest } from '@justfit/events';
import type { ClickHouseClient } from '@justfit/storage';

/** The latest generated report of the same scope before this one, with its figures, or null for a first report. */
export async function previousReport(
  clickhouse: ClickHouseClient,
  scopeKey: string,
  reportId: string,
): Promise<{ reportId: string; generatedAt: number; digest: ReportDigest } | null> {
  const rs = await clickhouse.query({
    query: `SELECT report_id AS reportId, toUnixTimestamp64Milli(generated_at) AS generatedAt, digest
      FROM reports FINAL
      WHERE scope_key = {scope:String} AND status = 'generated' AND report_id != {id:String} AND digest != ''
      ORDER BY generated_at DESC LIMIT 1`,
    query_params: { scope: scopeKey, id: reportId },
    format: 'JSONEachRow',
  });
  const [row] = await rs.json<{ reportId: string; generatedAt: number; digest: string }>();
  if (!row) return null;
  const digest = ReportDigest.safeParse(parseJson(row.digest));
  return digest.success ? { reportId: row.reportId, generatedAt: Number(row.generatedAt), digest: digest.data } : null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
