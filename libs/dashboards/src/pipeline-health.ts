import { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { datasourceVariable } from './clickhouse';
import { barPanel, statPanel, tablePanel, timeseriesPanel } from './panels';

/** Pipeline health: records loaded and refused, each consumer's lag, and the collect tasks' states. */
export const pipelineHealth = () =>
  new DashboardBuilder('JustFit - pipeline health')
    .uid('justfit-pipeline-health')
    .tags(['justfit'])
    .description('Ingest rate and rejected records of the ETL, consumer lag on every stream, collect task states.')
    .time({ from: 'now-24h', to: 'now' })
    .refresh('1m')
    .withVariable(datasourceVariable())
    .withPanel(
      statPanel(
        'Records loaded (in range)',
        `SELECT sum(accepted) AS records FROM etl_loads FINAL WHERE $__timeFilter(loaded_at)`,
      ),
    )
    .withPanel(
      statPanel(
        'Records rejected (in range)',
        `SELECT count() AS records FROM rejected_records WHERE $__timeFilter(rejected_at)`,
      ),
    )
    .withPanel(
      statPanel(
        'Largest consumer lag (latest sample)',
        `SELECT max(pending) AS lag FROM consumer_states
WHERE sampled_at = (SELECT max(sampled_at) FROM consumer_states WHERE $__timeFilter(sampled_at))`,
      ),
    )
    .withPanel(
      statPanel(
        'Collect tasks (in range)',
        `SELECT count() AS tasks FROM tasks_latest WHERE $__timeFilter(created_at)`,
      ),
    )
    .withPanel(
      timeseriesPanel(
        'Ingest rate (records loaded and rejected per interval)',
        `SELECT $__timeInterval(loaded_at) AS time, sum(accepted) AS loaded, sum(rejected) AS rejected
FROM etl_loads FINAL WHERE $__timeFilter(loaded_at)
GROUP BY time ORDER BY time`,
      ),
    )
    .withPanel(
      timeseriesPanel(
        'Consumer lag (messages not yet delivered)',
        `SELECT sampled_at AS time, concat(stream, ' / ', consumer) AS consumer, max(pending) AS lag
FROM consumer_states WHERE $__timeFilter(sampled_at)
GROUP BY time, consumer ORDER BY time`,
      ),
    )
    .withPanel(
      timeseriesPanel(
        'Rejected records by stage and code',
        `SELECT $__timeInterval(rejected_at) AS time, concat(stage, ' ', code) AS reason, count() AS records
FROM rejected_records WHERE $__timeFilter(rejected_at)
GROUP BY time, reason ORDER BY time`,
      ),
    )
    .withPanel(
      barPanel(
        'Collect tasks by state',
        `SELECT status, count() AS tasks FROM tasks_latest WHERE $__timeFilter(created_at) GROUP BY status ORDER BY status`,
      ),
    )
    .withPanel(
      tablePanel(
        'Consumers (latest sample in range)',
        `SELECT stream, consumer, argMax(pending, sampled_at) AS lag, argMax(ack_pending, sampled_at) AS unacknowledged,
  argMax(redelivered, sampled_at) AS redelivered, argMax(ack_floor_seq, sampled_at) AS acknowledged_up_to,
  argMax(stream_last_seq, sampled_at) AS stream_last_seq, max(sampled_at) AS last_sampled
FROM consumer_states WHERE $__timeFilter(sampled_at)
GROUP BY stream, consumer ORDER BY stream, consumer`,
      ),
    )
    .withPanel(
      tablePanel(
        'Rejected records (latest)',
        `SELECT rejected_at, stage, code, reason, connection_id, task_id, line, substring(record, 1, 200) AS record
FROM rejected_records WHERE $__timeFilter(rejected_at) ORDER BY rejected_at DESC LIMIT 200`,
      ),
    )
    .withPanel(
      tablePanel(
        'Recent tasks',
        `SELECT created_at, task_name AS task, connection_name AS connection, status, round(progress) AS progress,
  message, error_message, finished_at, loaded_at
FROM tasks_latest WHERE $__timeFilter(created_at) ORDER BY created_at DESC LIMIT 100`,
      ),
    );
