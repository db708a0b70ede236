import type { ClickHouseClient } from '@justfit/storage';
import { type EntityPlacement, placementKey, type ReportFinding } from '../model/report-model';

/** The cluster of each finding's entity (a cluster is its own), from the latest inventory. */
export async function entityPlacements(
  clickhouse: ClickHouseClient,
  findings: ReportFinding[],
): Promise<Map<string, EntityPlacement>> {
  const ids = (type: string) => [...new Set(findings.filter((f) => f.entityType === type).map((f) => f.entityId))];
  const rs = await clickhouse.query({
    query: `
      WITH members AS (
        SELECT connection_id, id AS entity_id, cluster_id FROM inventory_vms_latest WHERE id IN {vms:Array(String)}
        UNION ALL
        SELECT connection_id, id AS entity_id, cluster_id FROM inventory_hosts_latest WHERE id IN {hosts:Array(String)}
        UNION ALL
        SELECT connection_id, id AS entity_id, id AS cluster_id FROM inventory_clusters_latest
        WHERE id IN {clusters:Array(String)}
      )
      SELECT m.connection_id AS connectionId, m.entity_id AS entityId, m.cluster_id AS clusterId,
             c.name AS clusterName
      FROM members AS m
      LEFT JOIN (SELECT connection_id, id, name FROM inventory_clusters_latest) AS c
        ON c.connection_id = m.connection_id AND c.id = m.cluster_id`,
    query_params: { vms: ids('vm'), hosts: ids('host'), clusters: ids('cluster') },
    format: 'JSONEachRow',
  });
  const rows = await rs.json<{ connectionId: string; entityId: string; clusterId: string; clusterName: string }>();
  return new Map(
    rows
      .filter((r) => r.clusterId)
      .map((r) => [
        placementKey(r.connectionId, r.entityId),
        { clusterId: r.clusterId, clusterName: r.clusterName || r.clusterId },
      ]),
  );
}
