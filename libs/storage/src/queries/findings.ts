import type { ClickHouseClient } from '@clickhouse/client';

/** The findings read model (written by query-api's projection), as the API and the reporter read it. */
export interface FindingRow {
  findingId: string;
  analysisType: 'zombie' | 'rightsize' | 'tidal' | 'health';
  connectionId: string;
  entityType: 'cluster' | 'host' | 'vm' | 'datastore';
  entityId: string;
  entityName: string;
  conclusion: string;
  confidence: number;
  recommendation: string;
  riskLevel: 'low' | 'medium' | 'high';
  savings: { cpuCores: number; memoryMb: number; diskGb: number; amount: number };
  evidence: Record<string, unknown>;
  policy: { name: string; version: number };
  status: 'open' | 'resolved';
  runId: string;
  analysedAt: number;
}

const SELECT = `finding_id, analysis_type, connection_id, entity_type, entity_id, entity_name, conclusion, confidence, recommendation,
  risk_level, savings_cpu_cores, savings_memory_mb, savings_disk_gb, savings_amount, evidence, policy_name, policy_version, status,
  run_id, toUnixTimestamp64Milli(analysed_at) AS analysed_at`;

function fromDb(r: Record<string, unknown>): FindingRow {
  return {
    findingId: String(r.finding_id), analysisType: r.analysis_type as FindingRow['analysisType'], connectionId: String(r.connection_id),
    entityType: r.entity_type as FindingRow['entityType'], entityId: String(r.entity_id), entityName: String(r.entity_name),
    conclusion: String(r.conclusion), confidence: Number(r.confidence), recommendation: String(r.recommendation),
    riskLevel: r.risk_level as FindingRow['riskLevel'],
    savings: { cpuCores: Number(r.savings_cpu_cores), memoryMb: Number(r.savings_memory_mb), diskGb: Number(r.savings_disk_gb), amount: Number(r.savings_amount) },
    evidence: JSON.parse(String(r.evidence || '{}')), policy: { name: String(r.policy_name), version: Number(r.policy_version) },
    status: r.status === 'resolved' ? 'resolved' : 'open', runId: String(r.run_id), analysedAt: Number(r.analysed_at),
  };
}

export async function getFinding(clickhouse: ClickHouseClient, id: string): Promise<FindingRow | undefined> {
  const rs = await clickhouse.query({ query: `SELECT ${SELECT} FROM findings FINAL WHERE finding_id = {id:String}`, query_params: { id }, format: 'JSONEachRow' });
  const rows = await rs.json<Record<string, unknown>>();
  return rows[0] ? fromDb(rows[0]) : undefined;
}

export interface FindingQuery {
  analysisType?: string;
  status?: 'open' | 'resolved';
  connectionId?: string;
  limit: number;
}

export async function listFindings(clickhouse: ClickHouseClient, q: FindingQuery): Promise<FindingRow[]> {
  const status = q.status === 'resolved' ? 'resolved' : q.status === 'open' ? 'raised' : '';
  const rs = await clickhouse.query({
    query: `SELECT ${SELECT} FROM findings FINAL
            WHERE ({t:String} = '' OR analysis_type = {t:String}) AND ({s:String} = '' OR status = {s:String})
              AND ({c:String} = '' OR connection_id = {c:String})
            ORDER BY savings_amount DESC, entity_name LIMIT {limit:UInt32}`,
    query_params: { t: q.analysisType ?? '', s: status, c: q.connectionId ?? '', limit: q.limit },
    format: 'JSONEachRow',
  });
  return (await rs.json<Record<string, unknown>>()).map(fromDb);
}
