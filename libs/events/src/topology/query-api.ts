import { defineServiceEvents } from './service-events';

const taskLifecycle = [
  'CollectTaskRequested',
  'CollectTaskStarted',
  'CollectTaskProgressed',
  'CollectTaskSucceeded',
  'CollectTaskFailed',
  'CollectTaskCancelled',
] as const;

/** An analysis run (and a bulk analysis, the parent of runs) is a task: its read model and the live subscriptions follow these. */
const analysisRunLifecycle = [
  'AnalysisRunRequested',
  'AnalysisRunStarted',
  'AnalysisRunProgressed',
  'AnalysisRunCompleted',
  'AnalysisRunFailed',
  'AnalysisRunCancelled',
  'BulkAnalysisRequested',
  'BulkAnalysisProgressed',
  'BulkAnalysisCompleted',
] as const;

/** The organisation's settings, changed through the API section by section. */
const settingsChanges = [
  'CurrencyAndPricesChanged',
  'DefaultTimeZoneChanged',
  'RetentionChanged',
  'ReportBrandingChanged',
] as const;

export const QUERY_API_EVENTS = defineServiceEvents({
  // Imports enter like a collection (raw events); tokens, the audit trail and the settings are its own contexts.
  produces: [
    'InventoryObserved',
    'MetricsObserved',
    'CollectionCompleted',
    'ApiTokenCreated',
    'ApiTokenRevoked',
    'ChangeAudited',
    ...settingsChanges,
    'AgentRegistered',
    'AgentStatusChanged',
    'AgentDisconnected',
  ],
  consumes: [
    {
      name: 'query-api-connections',
      durable: true,
      events: [
        'ConnectionRegistered',
        'ConnectionUpdated',
        'ConnectionDeleted',
        'ConnectionStatusChanged',
        'ConnectionTested',
      ],
    },
    { name: 'query-api-tasks', durable: true, events: taskLifecycle },
    { name: 'query-api-task-logs', durable: true, events: ['CollectTaskLogged'] },
    {
      name: 'query-api-findings',
      durable: true,
      events: ['FindingRaised', 'FindingUpdated', 'FindingResolved', 'FindingWithdrawn'],
    },
    {
      name: 'query-api-alerts',
      durable: true,
      events: ['AlertRaised', 'AlertMarked', 'FindingResolved', 'FindingWithdrawn'],
    },
    {
      name: 'query-api-reports',
      durable: true,
      events: ['ReportRequested', 'ReportProgressed', 'ReportGenerated', 'ReportFailed'],
    },
    { name: 'query-api-analysis-runs', durable: true, events: analysisRunLifecycle },
    { name: 'query-api-audit-log', durable: true, events: ['ChangeAudited'] },
    { name: 'taskProgress subscriptions', durable: false, events: [...taskLifecycle, 'CollectTaskLogged'] },
    { name: 'taskProgress subscriptions (data loaded)', durable: false, events: ['CollectTaskDataLoaded'] },
    {
      name: 'taskProgress subscriptions (reports)',
      durable: false,
      events: ['ReportRequested', 'ReportProgressed', 'ReportGenerated', 'ReportFailed'],
    },
    { name: 'taskProgress subscriptions (analyses)', durable: false, events: analysisRunLifecycle },
    { name: 'alertCreated subscriptions', durable: false, events: ['AlertRaised'] },
    { name: 'API token registry', durable: false, events: ['ApiTokenCreated', 'ApiTokenRevoked'] },
    {
      name: 'agent registry (agents, agentStatusChanged)',
      durable: false,
      events: ['AgentRegistered', 'AgentStatusChanged', 'AgentDisconnected'],
    },
    { name: 'task instances', durable: false, events: ['TaskInstanceStarted', 'TaskInstanceEnded'] },
  ],
  // RAW, POLICIES and the DLQ are read for operators (import rejections, policies, dead letters); SETTINGS is the
  // settings aggregate, read to answer and to change them.
  readsAggregates: ['ACCESS', 'TASKS', 'LOADS', 'RAW', 'POLICIES', 'SETTINGS', 'FLEET'],
  sends: ['ImportProgressed', 'AgentControl', 'AgentBroadcast'],
  receives: ['ImportProgressed', 'RegisterAgent', 'AgentHeartbeat', 'AgentControlReply'],
});
