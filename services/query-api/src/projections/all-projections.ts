import { auditLogProjection } from '../auth/audit-log';
import { alertsProjection } from '../read-models/alerts';
import { analysisRunsProjection } from '../read-models/analysis-runs';
import { connectionsProjection } from '../read-models/connections';
import { findingsProjection } from '../read-models/findings';
import { reportsProjection } from '../read-models/reports';
import { taskLogsProjection } from '../read-models/task-logs';
import { tasksProjection } from '../read-models/tasks';
import type { Projection } from './projection';

/** Every read model query-api keeps, each on its own durable consumer (`query-api-<name>`). */
export const allProjections = (): Projection[] => [
  connectionsProjection,
  tasksProjection(),
  taskLogsProjection,
  findingsProjection,
  alertsProjection,
  reportsProjection,
  analysisRunsProjection,
  auditLogProjection,
];
