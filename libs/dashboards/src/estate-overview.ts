import { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { datasourceVariable } from './clickhouse';
import { piePanel, statPanel, tablePanel, timeseriesPanel } from './panels';
import { connectionVariable, IN_CONNECTIONS } from './variables';

const OPEN_FINDINGS = `findings_latest WHERE status = 'raised' AND ${IN_CONNECTIONS}`;

/** Estate overview: what is there (inventory), how busy it is (utilisation), and what the findings save. */
export const estateOverview = () =>
  new DashboardBuilder('JustFit - estate overview')
    .uid('justfit-estate-overview')
    .tags(['justfit'])
    .description('Inventory, utilisation and savings of the estates JustFit collects.')
    .time({ from: 'now-7d', to: 'now' })
    .withVariable(datasourceVariable())
    .withVariable(connectionVariable())
    .withPanel(statPanel('VMs', `SELECT count() AS vms FROM vms_named WHERE ${IN_CONNECTIONS} AND NOT is_template`))
    .withPanel(
      statPanel(
        'Powered on',
        `SELECT countIf(power_state = 'poweredOn') AS on FROM vms_named WHERE ${IN_CONNECTIONS} AND NOT is_template`,
      ),
    )
    .withPanel(statPanel('Hosts', `SELECT count() AS hosts FROM hosts_named WHERE ${IN_CONNECTIONS}`))
    .withPanel(
      statPanel('Monthly savings', `SELECT sum(savings_amount) AS amount FROM ${OPEN_FINDINGS}`).description(
        "What the open findings save a month, priced with the analysis policies' unit prices.",
      ),
    )
    .withPanel(
      timeseriesPanel(
        'CPU used (mean and P95 over VMs, hourly)',
        `SELECT bucket AS time, avg(avg_value) AS mean, quantile(0.95)(p95_value) AS p95
FROM metric_hourly_merged
WHERE entity_type = 'vm' AND metric = 'cpu.usage_pct' AND ${IN_CONNECTIONS} AND $__timeFilter(bucket)
GROUP BY time ORDER BY time`,
        'percent',
      ),
    )
    .withPanel(
      timeseriesPanel(
        'Active memory (sum over VMs, hourly)',
        `SELECT bucket AS time, sum(avg_value) AS active
FROM metric_hourly_merged
WHERE entity_type = 'vm' AND metric = 'mem.active_mb' AND ${IN_CONNECTIONS} AND $__timeFilter(bucket)
GROUP BY time ORDER BY time`,
        'decmbytes',
      ),
    )
    .withPanel(
      piePanel(
        'Monthly savings by analysis',
        `SELECT analysis_type, sum(savings_amount) AS amount FROM ${OPEN_FINDINGS} GROUP BY analysis_type ORDER BY analysis_type`,
      ),
    )
    .withPanel(
      piePanel(
        'vCPUs freed by analysis',
        `SELECT analysis_type, sum(savings_cpu_cores) AS vcpus FROM ${OPEN_FINDINGS} GROUP BY analysis_type ORDER BY analysis_type`,
      ),
    )
    .withPanel(
      piePanel(
        'VMs by power state',
        `SELECT power_state, count() AS vms FROM vms_named WHERE ${IN_CONNECTIONS} GROUP BY power_state ORDER BY power_state`,
      ),
    )
    .withPanel(
      tablePanel(
        'Clusters',
        `SELECT connection_name AS connection, if(cluster_name = '', '(none)', cluster_name) AS cluster,
  uniqExact(host_id) AS hosts, count() AS vms, sum(cpu_count) AS vcpus, round(sum(memory_mb) / 1024) AS memory_gb,
  round(sum(disk_gb)) AS disk_gb
FROM vms_named WHERE ${IN_CONNECTIONS} AND NOT is_template
GROUP BY connection, cluster ORDER BY connection, cluster`,
      ),
    );
