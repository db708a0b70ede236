/**
 * The one place that lists every event JustFit has. Each entry carries its version, its stream and the runtime
 * schema that validates it where it enters a service; the TypeScript types are inferred from those schemas.
 */
import type { z } from 'zod';
import * as access from './contracts/access';
import * as agent from './contracts/agent';
import * as connection from './contracts/connection';
import * as etl from './contracts/etl';
import * as finding from './contracts/finding';
import * as job from './contracts/job';
import * as inventoryRemoval from './contracts/inventory-removal';
import * as messages from './contracts/messages';
import * as policy from './contracts/policy';
import * as raw from './contracts/raw';
import * as report from './contracts/report';
import * as settings from './contracts/settings';
import * as task from './contracts/task';
import type { EventDefinition } from './define-event';

export const Events = {
  ConnectionRegistered: connection.ConnectionRegistered,
  ConnectionUpdated: connection.ConnectionUpdated,
  ConnectionDeleted: connection.ConnectionDeleted,
  ConnectionTested: connection.ConnectionTested,
  ConnectionStatusChanged: connection.ConnectionStatusChanged,
  CollectTaskRequested: task.CollectTaskRequested,
  CollectTaskStarted: task.CollectTaskStarted,
  CollectTaskProgressed: task.CollectTaskProgressed,
  CollectTaskLogged: task.CollectTaskLogged,
  CollectTaskSucceeded: task.CollectTaskSucceeded,
  CollectTaskFailed: task.CollectTaskFailed,
  CollectTaskCancelled: task.CollectTaskCancelled,
  CollectTaskDataLoaded: etl.CollectTaskDataLoaded,
  InventoryObserved: raw.InventoryObserved,
  MetricsObserved: raw.MetricsObserved,
  CollectionCompleted: raw.CollectionCompleted,
  InventoryLoaded: etl.InventoryLoaded,
  MetricsBatchLoaded: etl.MetricsBatchLoaded,
  InventoryTombstoned: inventoryRemoval.InventoryTombstoned,
  AnalysisRunRequested: finding.AnalysisRunRequested,
  FindingRaised: finding.FindingRaised,
  FindingUpdated: finding.FindingUpdated,
  FindingResolved: finding.FindingResolved,
  FindingWithdrawn: finding.FindingWithdrawn,
  AnalysisRunStarted: finding.AnalysisRunStarted,
  AnalysisRunProgressed: finding.AnalysisRunProgressed,
  AnalysisRunCompleted: finding.AnalysisRunCompleted,
  AnalysisRunFailed: finding.AnalysisRunFailed,
  AnalysisRunCancelled: finding.AnalysisRunCancelled,
  BulkAnalysisRequested: finding.BulkAnalysisRequested,
  BulkAnalysisProgressed: finding.BulkAnalysisProgressed,
  BulkAnalysisCompleted: finding.BulkAnalysisCompleted,
  AlertRaised: finding.AlertRaised,
  AlertMarked: finding.AlertMarked,
  PolicyVersionCreated: policy.PolicyVersionCreated,
  PolicyVersionActivated: policy.PolicyVersionActivated,
  PolicyVersionHidden: policy.PolicyVersionHidden,
  PolicyVersionShown: policy.PolicyVersionShown,
  PolicyVersionArchived: policy.PolicyVersionArchived,
  ReportRequested: report.ReportRequested,
  ReportProgressed: report.ReportProgressed,
  ReportGenerated: report.ReportGenerated,
  ReportFailed: report.ReportFailed,
  JobCreated: job.JobCreated,
  JobUpdated: job.JobUpdated,
  JobEnabled: job.JobEnabled,
  JobDisabled: job.JobDisabled,
  JobDeleted: job.JobDeleted,
  JobFired: job.JobFired,
  JobRunsSkipped: job.JobRunsSkipped,
  JobRunStarted: job.JobRunStarted,
  JobRunFailed: job.JobRunFailed,
  JobRunAbandoned: job.JobRunAbandoned,
  ApiTokenCreated: access.ApiTokenCreated,
  ApiTokenRevoked: access.ApiTokenRevoked,
  ChangeAudited: access.ChangeAudited,
  CurrencyAndPricesChanged: settings.CurrencyAndPricesChanged,
  DefaultTimeZoneChanged: settings.DefaultTimeZoneChanged,
  RetentionChanged: settings.RetentionChanged,
  ReportBrandingChanged: settings.ReportBrandingChanged,
  AgentRegistered: agent.AgentRegistered,
  AgentStatusChanged: agent.AgentStatusChanged,
  AgentDisconnected: agent.AgentDisconnected,
  CollectTaskQueued: agent.CollectTaskQueued,
  TaskInstanceStarted: agent.TaskInstanceStarted,
  TaskInstanceEnded: agent.TaskInstanceEnded,
} as const;

export type EventName = keyof typeof Events;
export type EventDataOf<N extends EventName> = z.infer<(typeof Events)[N]['schema']>;

/** Messages that are not stream events (control requests, dead-lettered records), with their subjects. */
export const Messages = {
  CancelCollectTask: messages.CancelCollectTask,
  RecordsRejected: messages.RecordsRejected,
  ServiceHeartbeat: messages.ServiceHeartbeat,
  CancelAnalysisRun: messages.CancelAnalysisRun,
  ImportProgressed: messages.ImportProgressed,
  RegisterAgent: messages.RegisterAgent,
  AgentHeartbeat: messages.AgentHeartbeat,
  AgentControl: messages.AgentControl,
  AgentControlReply: messages.AgentControlReply,
  AgentBroadcast: messages.AgentBroadcast,
} as const;

export type MessageName = keyof typeof Messages;
export type MessageDataOf<N extends MessageName> = z.infer<(typeof Messages)[N]['schema']>;

/** Validates and encodes a message of the catalogue; throws with the reason when it does not match its schema. */
export function encodeMessage<N extends MessageName>(name: N, data: MessageDataOf<N>): string {
  const parsed = Messages[name].schema.safeParse(data);
  if (!parsed.success) throw new Error(`bad ${name}: ${parsed.error.message}`);
  return JSON.stringify(parsed.data);
}

/** Parses a received message of the catalogue; throws with the reason when it does not match its schema. */
export function decodeMessage<N extends MessageName>(name: N, text: string): MessageDataOf<N> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error(`${name} is not JSON`);
  }
  const parsed = Messages[name].schema.safeParse(raw);
  if (!parsed.success) throw new Error(`bad ${name}: ${parsed.error.message}`);
  return parsed.data as MessageDataOf<N>;
}

const byType = new Map<string, EventDefinition>(Object.values(Events).map((d) => [d.type, d]));

export function definitionForType(type: string): EventDefinition | undefined {
  return byType.get(type);
}
