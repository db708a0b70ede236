import { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { datasourceVariable } from './clickhouse';
import { piePanel, statPanel, tablePanel, timeseriesPanel } from './panels';
import { connectionVariable, IN_CONNECTIONS } from './variables';

const OPEN = `status = 'raised' AND ${IN_CONNECTIONS}`;

/** Findings: how many, of which type and risk, how they trend, and each one with its conclusion. */
export const findingsDashboard = () =>
  new DashboardBuilder('JustFit - findings')
    .uid('justfit-findings')
    .tags(['justfit'])
    .description('Findings of the zombie, right-size, tidal and cluster health analyses, and the alerts they raised.')
    .time({ from: 'now-30d', to: 'now' })
    .withVariable(datasourceVariable())
    .withVariable(connectionVariable())
    .withPanel(statPanel('Open findings', `SELECT count() AS findings FROM findings_latest WHERE ${OPEN}`))
    .withPanel(statPanel('High risk', `SELECT countIf(risk_level = 'high') AS high FROM findings_latest WHERE ${OPEN}`))
    .withPanel(
      statPanel(
        'Unread alerts',
        `SELECT countIf(NOT read AND NOT resolved) AS unread FROM alerts_latest WHERE ${IN_CONNECTIONS}`,
      ),
    )
    .withPanel(
      statPanel(
        'Entities with findings',
        `SELECT uniqExact(connection_id, entity_type, entity_id) AS entities FROM findings_latest WHERE ${OPEN}`,
      ),
    )
    .withPanel(
      piePanel(
        'By analysis',
        `SELECT analysis_type, count() AS findings FROM findings_latest WHERE ${OPEN} GROUP BY analysis_type ORDER BY analysis_type`,
      ),
    )
    .withPanel(
      piePanel(
        'By risk',
        `SELECT risk_level, count() AS findings FROM findings_latest WHERE ${OPEN} GROUP BY risk_level ORDER BY risk_level`,
      ),
    )
    .withPanel(
      piePanel(
        'Alerts by severity',
        `SELECT severity, count() AS alerts FROM alerts_latest WHERE ${IN_CONNECTIONS} AND NOT resolved
GROUP BY severity ORDER BY severity`,
      ),
    )
    .withPanel(
      timeseriesPanel(
        'Findings analysed per day, by analysis',
        `SELECT toStartOfDay(analysed_at) AS time, analysis_type, count() AS findings
FROM findings_latest WHERE ${IN_CONNECTIONS} AND $__timeFilter(analysed_at)
GROUP BY time, analysis_type ORDER BY time`,
        'short',
        { span: 24 },
      ).description(
        'Each finding at its latest analysis; a resolved one still counts on the day it was last analysed.',
      ),
    )
    .withPanel(
      tablePanel(
        'Open findings',
        `SELECT entity_name AS entity, connection_name AS connection, analysis_type AS analysis, risk_level AS risk,
  round(confidence, 2) AS confidence, conclusion, recommendation, savings_cpu_cores AS vcpus,
  savings_memory_mb AS memory_mb, savings_amount AS amount, policy_name AS policy, policy_version, analysed_at
FROM findings_latest WHERE ${OPEN}
ORDER BY savings_amount DESC, entity_name LIMIT 500`,
        { height: 12 },
      ),
    )
    .withPanel(
      tablePanel(
        'Alerts',
        `SELECT raised_at, severity, title, entity_name AS entity, connection_name AS connection, read, resolved
FROM alerts_latest WHERE ${IN_CONNECTIONS} AND $__timeFilter(raised_at)
ORDER BY raised_at DESC LIMIT 500`,
      ),
    );
