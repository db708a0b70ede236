import { AnnotationQueryBuilder, DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { CLICKHOUSE, datasourceVariable, sql } from './clickhouse';
import { statPanel, tablePanel, timeseriesPanel } from './panels';
import { connectionVariable, IN_CONNECTIONS, vmVariable } from './variables';

const THIS_VM = `${IN_CONNECTIONS} AND entity_type = 'vm' AND entity_id = '\${vm}'`;

/** One metric of the VM at its 5-minute resolution. */
const samples = (metric: string, alias: string) => `SELECT ts AS time, value AS ${alias}
FROM metric_samples WHERE ${THIS_VM} AND metric = '${metric}' AND $__timeFilter(ts) ORDER BY time`;

/** The VM's findings, placed on its graphs at the time they were analysed. */
export const VM_FINDINGS_ANNOTATION_SQL = `SELECT analysed_at AS time, concat(analysis_type, ' (', risk_level, '): ', conclusion) AS text,
  [analysis_type, risk_level] AS tags
FROM findings_latest WHERE ${THIS_VM} AND $__timeFilter(analysed_at)`;

/** One VM: what it is, how it used its CPU, memory, disk and network, and its findings annotated on the graphs. */
export const vmDashboard = () =>
  new DashboardBuilder('JustFit - VM')
    .uid('justfit-vm')
    .tags(['justfit'])
    .description('One VM: its facts, its metrics, and its findings as annotations.')
    .time({ from: 'now-7d', to: 'now' })
    .withVariable(datasourceVariable())
    .withVariable(connectionVariable())
    .withVariable(vmVariable())
    .annotation(
      new AnnotationQueryBuilder()
        .name('Findings')
        .datasource(CLICKHOUSE)
        .enable(true)
        .iconColor('orange')
        .target(sql(VM_FINDINGS_ANNOTATION_SQL)),
    )
    .withPanel(
      tablePanel(
        'VM',
        `SELECT vm_name AS name, connection_name AS connection, cluster_name AS cluster, host_name AS host, power_state,
  cpu_count AS vcpus, memory_mb, disk_gb, guest_os, observed_at
FROM vms_named WHERE ${IN_CONNECTIONS} AND vm_id = '\${vm}'`,
        { height: 4 },
      ),
    )
    .withPanel(
      statPanel(
        'CPU P95 (hourly P95s, in range)',
        `SELECT max(p95_value) AS p95 FROM metric_hourly_merged
WHERE ${THIS_VM} AND metric = 'cpu.usage_pct' AND $__timeFilter(bucket)`,
        'percent',
        { span: 12 },
      ),
    )
    .withPanel(
      statPanel(
        'Open findings',
        `SELECT count() AS findings FROM findings_latest WHERE ${THIS_VM} AND status = 'raised'`,
        'short',
        { span: 12 },
      ),
    )
    .withPanel(timeseriesPanel('CPU used', samples('cpu.usage_pct', 'cpu_used'), 'percent'))
    .withPanel(timeseriesPanel('CPU ready', samples('cpu.ready_pct', 'cpu_ready'), 'percent'))
    .withPanel(
      timeseriesPanel(
        'Memory',
        `SELECT ts AS time, anyIf(value, metric = 'mem.active_mb') AS active, anyIf(value, metric = 'mem.consumed_mb') AS consumed
FROM metric_samples WHERE ${THIS_VM} AND metric IN ('mem.active_mb', 'mem.consumed_mb') AND $__timeFilter(ts)
GROUP BY time ORDER BY time`,
        'decmbytes',
      ),
    )
    .withPanel(
      timeseriesPanel(
        'Disk and network',
        `SELECT ts AS time, anyIf(value, metric = 'disk.kbps') AS disk, anyIf(value, metric = 'net.kbps') AS network
FROM metric_samples WHERE ${THIS_VM} AND metric IN ('disk.kbps', 'net.kbps') AND $__timeFilter(ts)
GROUP BY time ORDER BY time`,
        'KBs',
      ),
    )
    .withPanel(
      tablePanel(
        'Findings',
        `SELECT analysed_at, analysis_type AS analysis, status, risk_level AS risk, round(confidence, 2) AS confidence,
  conclusion, recommendation, savings_amount AS amount, policy_name AS policy, policy_version
FROM findings_latest WHERE ${THIS_VM} ORDER BY analysed_at DESC`,
        { height: 8 },
      ),
    );
