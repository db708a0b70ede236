import { type FindingBody, isEvent } from '@justfit/events';
import { getFinding } from '@justfit/storage';
import type { Projection } from '../projections/projection';

function toDb(
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

export const findingsProjection: Projection = {
  name: 'findings',
  stream: 'FINDINGS',
  canHandle: ['FindingRaised', 'FindingUpdated', 'FindingResolved', 'FindingWithdrawn'],
  async project(event, { streamSeq, clickhouse }) {
    if (isEvent(event, 'FindingRaised') || isEvent(event, 'FindingUpdated')) {
      await clickhouse.insert({
        table: 'findings',
        values: [toDb(event.data, 'raised', streamSeq)],
        format: 'JSONEachRow',
      });
      return;
    }
    if (isEvent(event, 'FindingWithdrawn')) {
      // A newer row that hides the finding from every listing (ReplacingMergeTree keeps the highest version).
      const current = await getFinding(clickhouse, event.data.findingId);
      if (!current) return;
      await clickhouse.insert({
        table: 'findings',
        values: [toDb(current, 'withdrawn', streamSeq, { at: event.data.withdrawnAt, reason: event.data.reason })],
        format: 'JSONEachRow',
      });
      return;
    }
    if (!isEvent(event, 'FindingResolved')) return;
    const current = await getFinding(clickhouse, event.data.findingId);
    if (!current) return;
    await clickhouse.insert({
      table: 'findings',
      values: [toDb(current, 'resolved', streamSeq, { at: event.data.resolvedAt, reason: event.data.reason })],
      format: 'JSONEachRow',
    });
  },
};
