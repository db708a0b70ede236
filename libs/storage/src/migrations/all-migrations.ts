import type { Migration } from './migration';
import { initialSchema } from './0001_initial_schema';
import { taskLoadedAt } from './0002_task_loaded_at';
import { etlLedger } from './0003_etl_ledger';
import { vmSamples } from './0004_vm_samples';
import { importUpdatedAt } from './0005_import_updated_at';
import { auditLog } from './0006_audit_log';
import { reportTasks } from './0007_report_tasks';
import { grafanaViews } from './0008_grafana_views';
import { analysisRuns } from './0009_analysis_runs';
import { vmIdleHourly } from './0010_vm_idle_hourly';
import { connectionSite } from './0011_connection_site';

/** Every migration, in version order. Add new ones at the end. */
export const migrations: readonly Migration[] = [
  initialSchema,
  taskLoadedAt,
  etlLedger,
  vmSamples,
  importUpdatedAt,
  auditLog,
  reportTasks,
  grafanaViews,
  analysisRuns,
  vmIdleHourly,
  connectionSite,
];
