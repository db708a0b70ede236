import type { Role } from './roles';

/**
 * Which connection an operation touches, for callers scoped to one connection:
 * - `{ arg }`: the argument (dot path) naming the connection; a scoped caller who leaves it out gets it filled in
 *   with their connection, so lists come back filtered;
 * - `{ task }` / `{ report }`: the argument holding a task or report id, whose connection is looked up;
 * - `none`: reads or changes nothing of any connection (policies, the caller's own identity);
 * - `all`: spans every connection, so it is refused to a scoped caller.
 */
export type ConnectionScope = { arg: string } | { task: string } | { report: string } | 'none' | 'all';

export interface OperationRule {
  role: Role;
  connection: ConnectionScope;
  /** A longer time limit than REQUEST_TIMEOUT_MS, for a mutation that waits for long work in another service. */
  timeoutMs?: number;
}

const viewer = (connection: ConnectionScope): OperationRule => ({ role: 'viewer', connection });
const operator = (connection: ConnectionScope, timeoutMs?: number): OperationRule => ({
  role: 'operator',
  connection,
  ...(timeoutMs ? { timeoutMs } : {}),
});
const admin = (connection: ConnectionScope, timeoutMs?: number): OperationRule => ({
  role: 'admin',
  connection,
  ...(timeoutMs ? { timeoutMs } : {}),
});

/**
 * The one rule of every root field of the schema: the role it needs and the connection it touches. The API refuses
 * to start when an operation has no rule here (and a test walks the schema), so no operation ships unguarded.
 * Roles: viewer reads; operator collects, analyses, imports and reports; approver approves actions; admin manages
 * connections, policies, settings and tokens (and holds every other role).
 */
export const operationRules: Readonly<Record<string, OperationRule>> = {
  // Identity and access
  'Query.me': viewer('none'),
  'Query.apiTokens': admin('all'),
  'Query.auditLog': admin('all'),
  'Mutation.createApiToken': admin('all'),
  'Mutation.revokeApiToken': admin('all'),

  // Connections
  'Query.connections': viewer('all'),
  'Query.connection': viewer({ arg: 'id' }),
  'Mutation.createConnection': admin('all'),
  'Mutation.updateConnection': admin({ arg: 'input.id' }),
  'Mutation.deleteConnection': admin({ arg: 'id' }),
  'Mutation.testConnection': operator({ arg: 'id' }, 60_000),

  // Tasks (collections, analyses, reports, imports)
  'Query.task': viewer({ task: 'id' }),
  'Query.tasks': viewer({ arg: 'connectionId' }),
  'Query.taskLogs': viewer({ task: 'taskId' }),
  'Query.taskList': viewer({ arg: 'filter.connectionId' }),
  'Mutation.startCollectTask': operator({ arg: 'input.connectionId' }),
  'Mutation.stopCollectTask': operator({ task: 'id' }),
  'Mutation.retryCollectTask': operator({ task: 'id' }),
  'Mutation.stopTask': operator({ task: 'id' }),
  'Mutation.retryTask': operator({ task: 'id' }),
  'Subscription.taskProgress': viewer({ task: 'taskId' }),
  'Subscription.taskCompleted': viewer({ task: 'taskId' }),

  // Inventory and metrics
  'Query.vms': viewer({ arg: 'filter.connectionId' }),
  'Query.clusters': viewer({ arg: 'filter.connectionId' }),
  'Query.hosts': viewer({ arg: 'filter.connectionId' }),
  'Query.datastores': viewer({ arg: 'filter.connectionId' }),
  'Query.metrics': viewer({ arg: 'connectionId' }),
  'Query.entityDetail': viewer({ arg: 'connectionId' }),
  'Query.vmHistory': viewer({ arg: 'connectionId' }),

  // Analysis and policies
  'Query.analysisSummary': viewer({ arg: 'connectionId' }),
  'Query.analysisResult': viewer('all'),
  'Query.findings': viewer({ arg: 'connectionId' }),
  'Query.policies': viewer('none'),
  'Mutation.runAnalysis': operator({ arg: 'input.connectionId' }, 300_000),
  'Mutation.startAnalysis': operator({ arg: 'input.connectionId' }),
  // Names several connections: not for a caller scoped to one.
  'Mutation.startBulkAnalysis': operator('all'),
  'Mutation.createPolicyVersion': admin('all'),
  'Mutation.changePolicyVersion': admin('all'),

  // Alerts
  'Query.alerts': viewer('all'),
  'Mutation.markAlert': operator('all'),
  'Subscription.alertCreated': viewer('all'),

  // Reports
  'Query.report': viewer({ report: 'id' }),
  'Query.reports': viewer({ arg: 'filter.connectionId' }),
  'Mutation.generateReport': operator({ arg: 'input.connectionId' }),

  // Scheduled jobs: they name connections inside their actions, so a caller scoped to one connection has none.
  'Query.jobs': viewer('all'),
  'Query.job': viewer('all'),
  'Mutation.createJob': operator('all'),
  'Mutation.updateJob': operator('all'),
  'Mutation.setJobEnabled': operator('all'),
  'Mutation.deleteJob': operator('all'),
  // Settings, diagnostics and the update check
  'Query.settings': viewer('none'),
  'Query.settingsHistory': viewer('none'),
  'Mutation.updateSettings': admin('none'),
  // Configuration and logs of the installation: for its administrators.
  'Query.diagnosticsPackage': admin('all'),
  'Query.checkUpdate': admin('none'),
  // The installation's health, load and builds: what operators watch; no connection's data.
  'Query.systemHealth': viewer('none'),
  'Query.systemMetrics': operator('all'),
  'Query.systemInfo': viewer('none'),

  // Agents (collector processes) and task instances. Their logs are the installation's: for its administrators.
  'Query.agents': viewer('all'),
  'Query.agent': viewer('all'),
  'Query.agentLogs': admin('all'),
  'Query.taskInstances': viewer('all'),
  'Mutation.agentCommand': operator('all'),
  'Mutation.disconnectAgent': admin('all'),
  'Mutation.broadcastToAgents': admin('all'),
  'Mutation.cancelTaskInstance': operator('all'),
  'Subscription.agentStatusChanged': viewer('all'),

  // Metric imports
  'Query.importJob': viewer('all'),
  'Query.importJobs': viewer('all'),
  'Query.importRejections': viewer('all'),
  // Answers once it has read the whole file (256 MB at most): as long as a proxy in front waits (docs/metrics-import.md).
  'Mutation.importMetrics': operator({ arg: 'connectionId' }, 600_000),
  // Waits for the analyzer to withdraw the findings (behind the analysis runs queued before).
  'Mutation.deleteImportNamespace': admin({ arg: 'connectionId' }, 600_000),
};

/** The file download `/reports/<id>` is guarded like the `report` query. */
export const reportDownloadRule = operationRules['Query.report']!;
