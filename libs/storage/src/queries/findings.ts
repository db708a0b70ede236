import type { ClickHouseClient } from '@clickhouse/client';
import { EvidenceByType, type FindingBody } from '@justfit/events';
import { Filters } from './paging';

/** The findings read model (written by query-api's projection), as the API and the reporter read it: the body the
 * analyzer raised, and whether it is still open. */
export type FindingRow = FindingBody & { status: 'open' | 'resolved' };

/** What the projection stores of a finding: its body flattened into columns, its status and the stream position. */
export function findingColumns(
  body: FindingBody,
  status: 'raised' | 'resolved' | 'withdrawn',
  version: number,
  resolved?: { at: number; reason: string },
) {
  return {
    finding_id: body.findingId,
    analysis_type: body.analysisType,
    connection_id: body.connectionId,
    entity_type: body.entityType,
    entity_id: body.entityId,
    entity_name: body.entityName,
    conclusion: body.conclusion,
    confidence: body.confidence,
    recommendation: body.recommendation,
    risk_level: body.riskLevel,
    savings_cpu_cores: body.savings.cpuCores,
    savings_memory_mb: body.savings.memoryMb,
    savings_disk_gb: body.savings.diskGb,
    savings_amount: body.savings.amount,
    evidence: JSON.stringify(body.evidence),
    policy_name: body.policy.name,
    policy_version: body.policy.version,
    status,
    resolved_at: resolved?.at ?? null,
    resolve_reason: resolved?.reason ?? '',
    run_id: body.runId,
    analysed_at: body.analysedAt,
    version,
  };
}

const SELECT = `finding_id, analysis_type, connection_id, entity_type, entity_id, entity_name, conclusion, confidence, recommendation,
  risk_level, savings_cpu_cores, savings_memory_mb, savings_disk_gb, savings_amount, evidence, policy_name, policy_version, status,
  run_id, toUnixTimestamp64Milli(analysed_at) AS analysed_at`;

/** A stored row back into a finding; its evidence is read through the contract (older rows keep theirs as recorded). */
export function findingFromDb(r: Record<string, unknown>): FindingRow {
  const analysisType = r.analysis_type as FindingBody['analysisType'];
  return {
    findingId: String(r.finding_id),
    analysisType,
    connectionId: String(r.connection_id),
    entityType: r.entity_type as FindingRow['entityType'],
    entityId: String(r.entity_id),
    entityName: String(r.entity_name),
    conclusion: String(r.conclusion),
    confidence: Number(r.confidence),
    recommendation: String(r.recommendation),
    riskLevel: r.risk_level as FindingRow['riskLevel'],
    savings: {
      cpuCores: Number(r.savings_cpu_cores),
      memoryMb: Number(r.savings_memory_mb),
      diskGb: Number(r.savings_disk_gb),
      amount: Number(r.savings_amount),
    },
    evidence: EvidenceByType[analysisType].parse(JSON.parse(String(r.evidence || '{}'))),
    policy: { name: String(r.policy_name), version: Number(r.policy_version) },
    status: r.status === 'resolved' ? 'resolved' : 'open',
    runId: String(r.run_id),
    analysedAt: Number(r.analysed_at),
  } as FindingRow;
}

export async function getFinding(clickhouse: ClickHouseClient, id: string): Promise<FindingRow | undefined> {
  const rs = await clickhouse.query({
    query: `SELECT ${SELECT} FROM findings FINAL WHERE finding_id = {id:String} AND status != 'withdrawn'`,
    query_params: { id },
    format: 'JSONEachRow',
  });
  const rows = await rs.json<Record<string, unknown>>();
  return rows[0] ? findingFromDb(rows[0]) : undefined;
}

export interface FindingQuery {
  analysisType?: string;
  status?: 'open' | 'resolved';
  connectionId?: string;
  /** Only the findings whose latest analysis was this run. */
  runId?: string;
  /** Only these entities; empty or undefined: all. */
  entityIds?: string[];
  limit: number;
}

/** Analysis type and connection filters; '' (as well as undefined) means "any". */
function findingFilters(q: { analysisType?: string; connectionId?: string }, filters = new Filters()): Filters {
  return filters
    .optional('analysis_type = {t:String}', 't', q.analysisType || undefined)
    .optional('connection_id = {c:String}', 'c', q.connectionId || undefined);
}

export async function listFindings(clickhouse: ClickHouseClient, q: FindingQuery): Promise<FindingRow[]> {
  const status = q.status === 'resolved' ? 'resolved' : q.status === 'open' ? 'raised' : undefined;
  // Withdrawn findings (their entity deleted with its data) are in no listing.
  const filters = findingFilters(q, new Filters().add("status != 'withdrawn'", {}))
    .optional('status = {s:String}', 's', status)
    .optional('run_id = {run:String}', 'run', q.runId || undefined)
    .optional('entity_id IN {entities:Array(String)}', 'entities', q.entityIds?.length ? q.entityIds : undefined);
  const rs = await clickhouse.query({
    query: `SELECT ${SELECT} FROM findings FINAL ${filters.where()}
            ORDER BY savings_amount DESC, entity_name LIMIT {limit:UInt32}`,
    query_params: { ...filters.params, limit: q.limit },
    format: 'JSONEachRow',
  });
  return (await rs.json<Record<string, unknown>>()).map(findingFromDb);
}

export interface FindingsSummary {
  findings: number;
  byRisk: { low: number; medium: number; high: number };
  /** Each entity counted once, with its largest saving (a zombie that is also oversized is reclaimed once). */
  savings: { cpuCores: number; memoryMb: number; diskGb: number; amount: number };
  lastAnalysedAt: number | null;
}

/** The analysis summary over open findings, computed in ClickHouse. */
export async function summariseFindings(
  clickhouse: ClickHouseClient,
  q: { analysisType?: string; connectionId?: string },
): Promise<FindingsSummary> {
  const filters = findingFilters(q, new Filters().add("status = 'raised'", {}));
  const rs = await clickhouse.query({
    query: `
      WITH open AS (
        SELECT * FROM findings FINAL ${filters.where()}
      ),
      per_entity AS (
        SELECT argMax(savings_cpu_cores, savings_amount) AS cpu, argMax(savings_memory_mb, savings_amount) AS mem,
               argMax(savings_disk_gb, savings_amount) AS disk, max(savings_amount) AS amount
        FROM open GROUP BY connection_id, entity_type, entity_id
      )
      SELECT (SELECT count() FROM open) AS findings,
             (SELECT countIf(risk_level = 'low') FROM open) AS low,
             (SELECT countIf(risk_level = 'medium') FROM open) AS medium,
             (SELECT countIf(risk_level = 'high') FROM open) AS high,
             (SELECT sum(cpu) FROM per_entity) AS cpu, (SELECT sum(mem) FROM per_entity) AS mem,
             (SELECT sum(disk) FROM per_entity) AS disk, (SELECT sum(amount) FROM per_entity) AS amount,
             (SELECT if(count() = 0, NULL, toUnixTimestamp64Milli(max(analysed_at))) FROM open) AS last`,
    query_params: filters.params,
    format: 'JSONEachRow',
  });
  const [r = {}] = await rs.json<Record<string, unknown>>();
  const n = (v: unknown) => Math.round(Number(v ?? 0) * 100) / 100;
  return {
    findings: Number(r.findings ?? 0),
    byRisk: { low: Number(r.low ?? 0), medium: Number(r.medium ?? 0), high: Number(r.high ?? 0) },
    savings: { cpuCores: n(r.cpu), memoryMb: n(r.mem), diskGb: n(r.disk), amount: n(r.amount) },
    lastAnalysedAt: r.last === null || r.last === undefined ? null : Number(r.last),
  };
}
