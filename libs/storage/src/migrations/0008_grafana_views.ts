import type { SchemaStatement } from '../schema/statements';
import type { Migration } from './migration';

/**
 * Views that dashboards (Grafana's ClickHouse data source) read without knowing how the tables are kept: names beside
 * ids, rollups already merged, and `*_latest` views that give each read-model row its newest version.
 *
 * Joins are GLOBAL: in cluster mode the views read Distributed tables, and a join of two Distributed tables is refused
 * (`distributed_product_mode = deny`); GLOBAL computes the small side (names) once and ships it to the shards. On one
 * server it is a plain join.
 */

/** The name of each live connection, for the joins below. */
const CONNECTION_NAMES = `(SELECT connection_id, name AS connection_name FROM connections FINAL WHERE deleted = 0)`;

const view = (name: string, select: string): SchemaStatement => ({ kind: 'view', name, select });

/** A rollup's partial states merged into plain columns (one row per series and bucket). */
const mergedRollup = (rollup: string) =>
  view(
    `${rollup}_merged`,
    `SELECT connection_id, entity_type, entity_id, metric, bucket,
  avgMerge(avg_state) AS avg_value,
  minMerge(min_state) AS min_value,
  maxMerge(max_state) AS max_value,
  countMerge(count_state) AS samples,
  quantilesTDigestMerge(0.5, 0.95, 0.99)(quantiles_state) AS quantiles,
  quantiles[1] AS p50_value,
  quantiles[2] AS p95_value,
  quantiles[3] AS p99_value
FROM ${rollup}
GROUP BY connection_id, entity_type, entity_id, metric, bucket`,
  );

export const grafanaViews: Migration = {
  version: 8,
  name: 'grafana_views',
  statements: [
    {
      // Sampled by query-api from JetStream (every stream's durable consumers), at instants rounded to the sampling
      // interval so that what several API replicas sample collapses into one row.
      kind: 'table',
      name: 'consumer_states',
      columns: `sampled_at DateTime('UTC'),
      stream LowCardinality(String),
      consumer LowCardinality(String),
      pending UInt64 COMMENT 'messages of the stream the consumer has not been delivered yet: its lag',
      ack_pending UInt64 COMMENT 'delivered, not yet acknowledged',
      redelivered UInt64,
      delivered_seq UInt64,
      ack_floor_seq UInt64,
      stream_messages UInt64,
      stream_last_seq UInt64`,
      engine: 'ReplacingMergeTree',
      partitionBy: 'toYYYYMM(sampled_at)',
      orderBy: '(stream, consumer, sampled_at)',
      ttl: 'sampled_at + INTERVAL 30 DAY',
      shardBy: 'cityHash64(stream, consumer)',
    },
    view(
      'connections_latest',
      `SELECT connection_id, name AS connection_name, type, endpoint, status, last_sync_at, error_message, created_at,
  updated_at
FROM connections FINAL WHERE deleted = 0`,
    ),
    view(
      'vms_named',
      `SELECT v.connection_id AS connection_id, c.connection_name AS connection_name, v.id AS vm_id, v.name AS vm_name,
  v.datacenter AS datacenter, v.cluster_id AS cluster_id, cl.cluster_name AS cluster_name, v.host_id AS host_id,
  h.host_name AS host_name, v.power_state AS power_state, v.cpu_count AS cpu_count, v.memory_mb AS memory_mb,
  v.disk_gb AS disk_gb, v.guest_os AS guest_os, v.is_template AS is_template, v.observed_at AS observed_at
FROM inventory_vms_latest AS v
GLOBAL LEFT JOIN ${CONNECTION_NAMES} AS c ON c.connection_id = v.connection_id
GLOBAL LEFT JOIN (SELECT connection_id, id, name AS cluster_name FROM inventory_clusters_latest) AS cl
  ON cl.connection_id = v.connection_id AND cl.id = v.cluster_id
GLOBAL LEFT JOIN (SELECT connection_id, id, name AS host_name FROM inventory_hosts_latest) AS h
  ON h.connection_id = v.connection_id AND h.id = v.host_id`,
    ),
    view(
      'hosts_named',
      `SELECT hs.connection_id AS connection_id, c.connection_name AS connection_name, hs.id AS host_id,
  hs.name AS host_name, hs.cluster_id AS cluster_id, cl.cluster_name AS cluster_name, hs.datacenter AS datacenter,
  hs.cpu_cores AS cpu_cores, hs.cpu_mhz AS cpu_mhz, hs.memory_mb AS memory_mb, hs.num_vms AS num_vms,
  hs.power_state AS power_state, hs.connection_state AS connection_state, hs.overall_status AS overall_status
FROM inventory_hosts_latest AS hs
GLOBAL LEFT JOIN ${CONNECTION_NAMES} AS c ON c.connection_id = hs.connection_id
GLOBAL LEFT JOIN (SELECT connection_id, id, name AS cluster_name FROM inventory_clusters_latest) AS cl
  ON cl.connection_id = hs.connection_id AND cl.id = hs.cluster_id`,
    ),
    mergedRollup('metric_hourly'),
    mergedRollup('metric_daily'),
    view(
      'findings_latest',
      `SELECT f.finding_id AS finding_id, f.analysis_type AS analysis_type, f.connection_id AS connection_id,
  c.connection_name AS connection_name, f.entity_type AS entity_type, f.entity_id AS entity_id,
  f.entity_name AS entity_name, f.conclusion AS conclusion, f.confidence AS confidence,
  f.recommendation AS recommendation, f.risk_level AS risk_level, f.savings_cpu_cores AS savings_cpu_cores,
  f.savings_memory_mb AS savings_memory_mb, f.savings_disk_gb AS savings_disk_gb, f.savings_amount AS savings_amount,
  f.policy_name AS policy_name, f.policy_version AS policy_version, f.status AS status, f.resolved_at AS resolved_at,
  f.run_id AS run_id, f.analysed_at AS analysed_at
FROM (SELECT * FROM findings FINAL WHERE status != 'withdrawn') AS f
GLOBAL LEFT JOIN ${CONNECTION_NAMES} AS c ON c.connection_id = f.connection_id`,
    ),
    view(
      'alerts_latest',
      `SELECT a.alert_id AS alert_id, a.finding_id AS finding_id, f.analysis_type AS analysis_type,
  f.connection_id AS connection_id, f.connection_name AS connection_name, a.severity AS severity, a.title AS title,
  a.message AS message, a.entity_type AS entity_type, a.entity_id AS entity_id, a.entity_name AS entity_name,
  a.read AS read, a.resolved AS resolved, a.raised_at AS raised_at
FROM (SELECT * FROM alerts FINAL) AS a
GLOBAL LEFT JOIN (SELECT finding_id, analysis_type, connection_id, connection_name FROM findings_latest) AS f
  ON f.finding_id = a.finding_id`,
    ),
    view(
      'tasks_latest',
      `SELECT t.task_id AS task_id, t.connection_id AS connection_id, c.connection_name AS connection_name,
  t.name AS task_name, t.status AS status, t.progress AS progress, t.message AS message, t.attempt AS attempt,
  t.error_code AS error_code, t.error_message AS error_message, t.created_at AS created_at,
  t.started_at AS started_at, t.finished_at AS finished_at, t.loaded_at AS loaded_at
FROM (SELECT * FROM tasks FINAL) AS t
GLOBAL LEFT JOIN ${CONNECTION_NAMES} AS c ON c.connection_id = t.connection_id`,
    ),
  ],
};
