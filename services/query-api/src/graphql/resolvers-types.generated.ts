import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { FindingRow, InventoryVm, InventoryHost } from '@justfit/storage';
import type { TaskEvent as LiveTaskEvent } from '../live/task-events';
import type { JobReply, JobRunReply, JobWorkRef } from '../jobs/job-replies';
import type { ApiContext } from './context';
export type Maybe<T> = T | null | undefined;
export type InputMaybe<T> = T | null | undefined;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A file sent with the GraphQL multipart request spec. */
  File: { input: unknown; output: unknown; }
  /** Any JSON value (evidence, metadata). */
  JSON: { input: unknown; output: unknown; }
};

/** A collector process, which collects the connections of its site. */
export type Agent = {
  __typename?: 'Agent';
  /** Tasks it runs at once. */
  capacity: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  labels: Array<Scalars['String']['output']>;
  lastActivityAt?: Maybe<Scalars['Float']['output']>;
  /** Its last heartbeat heard by this API instance. */
  lastSeenAt?: Maybe<Scalars['Float']['output']>;
  /** Messages this API instance received from it (registrations, heartbeats, answers) since it started. */
  messages: Scalars['Int']['output'];
  name: Scalars['String']['output'];
  registeredAt?: Maybe<Scalars['Float']['output']>;
  /** Task instances it runs now, as its last heartbeat said. */
  runningTasks: Array<RunningTask>;
  site: Scalars['String']['output'];
  status: AgentStatus;
  /** Why it has its status (e.g. the last heartbeat's time when offline). */
  statusReason: Scalars['String']['output'];
  statusSince: Scalars['Float']['output'];
  version: Scalars['String']['output'];
};

/** drain: finish what runs, take nothing more; resume: take work again; maintenance: like drain, marked for maintenance; cancelTask: cancel the task's instance running on it. */
export type AgentCommandKind =
  | 'cancelTask'
  | 'drain'
  | 'maintenance'
  | 'resume';

export type AgentCommandResult = {
  __typename?: 'AgentCommandResult';
  message: Scalars['String']['output'];
  ok: Scalars['Boolean']['output'];
  status: AgentStatus;
};

/** How many registered agents (collector processes) are in each status. */
export type AgentCounts = {
  __typename?: 'AgentCounts';
  draining: Scalars['Int']['output'];
  maintenance: Scalars['Int']['output'];
  offline: Scalars['Int']['output'];
  online: Scalars['Int']['output'];
};

/** online: heartbeats arrive and it takes work; offline: no heartbeat within the registry's bound (or disconnected); draining and maintenance: alive, takes no new work. */
export type AgentStatus =
  | 'draining'
  | 'maintenance'
  | 'offline'
  | 'online';

export type AgentStatusChange = {
  __typename?: 'AgentStatusChange';
  agentId: Scalars['ID']['output'];
  at: Scalars['Float']['output'];
  previousStatus?: Maybe<AgentStatus>;
  reason: Scalars['String']['output'];
  status: AgentStatus;
};

export type Alert = {
  __typename?: 'Alert';
  entityId: Scalars['ID']['output'];
  entityName: Scalars['String']['output'];
  entityType: EntityType;
  findingId: Scalars['ID']['output'];
  id: Scalars['ID']['output'];
  message: Scalars['String']['output'];
  raisedAt: Scalars['Float']['output'];
  read: Scalars['Boolean']['output'];
  resolved: Scalars['Boolean']['output'];
  severity: Scalars['String']['output'];
  title: Scalars['String']['output'];
};

export type AlertList = {
  __typename?: 'AlertList';
  items: Array<Alert>;
  unreadCount: Scalars['Int']['output'];
};

/** One run of an analysis: what it looked at and changed, and the open findings of its type and scope. */
export type AnalysisResult = {
  __typename?: 'AnalysisResult';
  analysed?: Maybe<Scalars['Int']['output']>;
  analysisType: AnalysisType;
  completedAt?: Maybe<Scalars['Float']['output']>;
  connectionId?: Maybe<Scalars['ID']['output']>;
  entries: Array<Finding>;
  /** The window each connection was read in, the VMs skipped and why. */
  notes: Array<Scalars['String']['output']>;
  raised?: Maybe<Scalars['Int']['output']>;
  resolved?: Maybe<Scalars['Int']['output']>;
  runId: Scalars['ID']['output'];
  skipped?: Maybe<Scalars['Int']['output']>;
  summary: AnalysisSummary;
  trigger: Scalars['String']['output'];
  updated?: Maybe<Scalars['Int']['output']>;
};

export type AnalysisRun = {
  __typename?: 'AnalysisRun';
  analysed: Scalars['Int']['output'];
  /** The window each connection was read in, the VMs skipped and why, connections without data: never a silent 0. */
  notes: Array<Scalars['String']['output']>;
  raised: Scalars['Int']['output'];
  resolved: Scalars['Int']['output'];
  runId: Scalars['ID']['output'];
  skipped: Scalars['Int']['output'];
  updated: Scalars['Int']['output'];
};

/** The analysis summary: open findings by risk, what they save (each entity once), when last analysed. */
export type AnalysisSummary = {
  __typename?: 'AnalysisSummary';
  byRisk: RiskCounts;
  findings: Scalars['Int']['output'];
  lastAnalysedAt?: Maybe<Scalars['Float']['output']>;
  savings: Savings;
};

export type AnalysisType =
  | 'health'
  | 'rightsize'
  | 'tidal'
  | 'zombie';

/** An API token, for scripts, dashboards and agents. Its secret is shown once, when it is created. */
export type ApiToken = {
  __typename?: 'ApiToken';
  connectionId?: Maybe<Scalars['ID']['output']>;
  createdAt: Scalars['Float']['output'];
  createdBy: Scalars['String']['output'];
  expiresAt: Scalars['Float']['output'];
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  revokedAt?: Maybe<Scalars['Float']['output']>;
  roles: Array<Role>;
  /** active, expired or revoked. */
  status: Scalars['String']['output'];
};

/** One change made through the API. */
export type AuditEntry = {
  __typename?: 'AuditEntry';
  /** The token id or the OIDC subject. */
  actorId: Scalars['String']['output'];
  /** token or oidc. */
  actorKind: Scalars['String']['output'];
  actorName: Scalars['String']['output'];
  /** The arguments, secrets redacted. */
  arguments: Scalars['JSON']['output'];
  at: Scalars['Float']['output'];
  clientAddress: Scalars['String']['output'];
  code?: Maybe<Scalars['Int']['output']>;
  id: Scalars['ID']['output'];
  operation: Scalars['String']['output'];
  /** ok, refused (403) or failed (with its code). */
  outcome: Scalars['String']['output'];
  traceId: Scalars['String']['output'];
};

export type AuditPage = {
  __typename?: 'AuditPage';
  items: Array<AuditEntry>;
  page: Scalars['Int']['output'];
  pageSize: Scalars['Int']['output'];
  total: Scalars['Int']['output'];
};

/**
 * A bulk analysis as started: the parent task (bulk-…, type analyze) and its children, one run per connection, in the
 * order of connectionIds.
 */
export type BulkAnalysis = {
  __typename?: 'BulkAnalysis';
  childTaskIds: Array<Scalars['ID']['output']>;
  taskId: Scalars['ID']['output'];
};

export type BulkAnalysisInput = {
  analysisType: AnalysisType;
  /** End of the analysed window (epoch ms); by default each connection's newest sample. */
  asOf?: InputMaybe<Scalars['Float']['input']>;
  /** The connections to analyse, one child task each (at most 500). */
  connectionIds: Array<Scalars['ID']['input']>;
  /** The policy every child runs with (by default the type's active default policy). */
  policy?: InputMaybe<Scalars['String']['input']>;
};

/** A cluster as last observed. */
export type Cluster = {
  __typename?: 'Cluster';
  connectionId: Scalars['ID']['output'];
  datacenter: Scalars['String']['output'];
  drsEnabled: Scalars['Boolean']['output'];
  haEnabled: Scalars['Boolean']['output'];
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  numHosts: Scalars['Int']['output'];
  numVms: Scalars['Int']['output'];
  observedAt: Scalars['Float']['output'];
  totalCpuMhz: Scalars['Float']['output'];
  totalMemoryMb: Scalars['Float']['output'];
};

export type ClusterFilter = {
  connectionId?: InputMaybe<Scalars['ID']['input']>;
  /** Case-insensitive substring of the name or id. */
  search?: InputMaybe<Scalars['String']['input']>;
};

export type ClusterPage = {
  __typename?: 'ClusterPage';
  items: Array<Cluster>;
  page: Scalars['Int']['output'];
  pageSize: Scalars['Int']['output'];
  total: Scalars['Int']['output'];
};

export type CollectScopeInput = {
  clusterIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  hostIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  vmIds?: InputMaybe<Array<Scalars['ID']['input']>>;
};

/** A part JustFit depends on (NATS, ClickHouse), as this API replica reaches it. */
export type ComponentHealth = {
  __typename?: 'ComponentHealth';
  latencyMs?: Maybe<Scalars['Float']['output']>;
  message: Scalars['String']['output'];
  status: HealthStatus;
  version?: Maybe<Scalars['String']['output']>;
};

export type Connection = {
  __typename?: 'Connection';
  createdAt: Scalars['Float']['output'];
  endpoint: Scalars['String']['output'];
  errorMessage?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  lastSyncAt?: Maybe<Scalars['Float']['output']>;
  name: Scalars['String']['output'];
  port: Scalars['Int']['output'];
  /** The site whose agents (collectors with that AGENT_SITE) collect it. */
  site: Scalars['String']['output'];
  status: Scalars['String']['output'];
  type: ConnectionType;
  updatedAt: Scalars['Float']['output'];
  username: Scalars['String']['output'];
  verifyTls: Scalars['Boolean']['output'];
};

export type ConnectionTestResult = {
  __typename?: 'ConnectionTestResult';
  apiVersion?: Maybe<Scalars['String']['output']>;
  /** When it failed: 1001 (cannot connect or log in) or 408 (timed out). */
  code?: Maybe<Scalars['Int']['output']>;
  latencyMs: Scalars['Float']['output'];
  message: Scalars['String']['output'];
  serverVersion?: Maybe<Scalars['String']['output']>;
  success: Scalars['Boolean']['output'];
};

export type ConnectionType =
  | 'h3c'
  | 'simulated'
  | 'vcenter';

export type ConsumerLag = {
  __typename?: 'ConsumerLag';
  ackPending: Scalars['Int']['output'];
  consumer: Scalars['String']['output'];
  /** Messages not yet delivered to the consumer. */
  pending: Scalars['Int']['output'];
  redelivered: Scalars['Int']['output'];
  stream: Scalars['String']['output'];
};

export type CreateApiTokenInput = {
  /** Limit the token to one connection's data. */
  connectionId?: InputMaybe<Scalars['ID']['input']>;
  /** 1 to 366. */
  expiresInDays?: InputMaybe<Scalars['Int']['input']>;
  name: Scalars['String']['input'];
  roles: Array<Role>;
};

export type CreateConnectionInput = {
  endpoint: Scalars['String']['input'];
  name: Scalars['String']['input'];
  password?: InputMaybe<Scalars['String']['input']>;
  port?: InputMaybe<Scalars['Int']['input']>;
  /** The site whose agents (collectors with that AGENT_SITE) collect it; default: default. */
  site?: InputMaybe<Scalars['String']['input']>;
  type: ConnectionType;
  username?: InputMaybe<Scalars['String']['input']>;
  verifyTls?: InputMaybe<Scalars['Boolean']['input']>;
};

export type CreateJobInput = {
  action: JobActionInput;
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  missedRuns?: InputMaybe<MissedRuns>;
  name: Scalars['String']['input'];
  /** Groups jobs (a team, an environment): letters, digits, '.', '_', '-'. */
  namespace?: InputMaybe<Scalars['String']['input']>;
  schedule: JobScheduleInput;
};

export type CreatePolicyVersionInput = {
  activate?: InputMaybe<Scalars['Boolean']['input']>;
  analysisType: AnalysisType;
  name: Scalars['String']['input'];
  note?: InputMaybe<Scalars['String']['input']>;
  /** Every setting of the analysis type's policy (see the default policy's versions for the shape). */
  settings: Scalars['JSON']['input'];
};

export type CreatedApiToken = {
  __typename?: 'CreatedApiToken';
  /** Send it as Authorization: Bearer <secret>. It is shown this once: JustFit keeps only its hash. */
  secret: Scalars['String']['output'];
  token: ApiToken;
};

export type CurrencyAndPrices = {
  __typename?: 'CurrencyAndPrices';
  /** Monthly price of one vCPU, one GB of memory and one GB of disk, in the currency. */
  cpuCoreMonthly: Scalars['Float']['output'];
  /** ISO 4217 code. */
  currency: Scalars['String']['output'];
  diskGbMonthly: Scalars['Float']['output'];
  memoryGbMonthly: Scalars['Float']['output'];
};

export type CurrencyAndPricesInput = {
  cpuCoreMonthly?: InputMaybe<Scalars['Float']['input']>;
  currency?: InputMaybe<Scalars['String']['input']>;
  diskGbMonthly?: InputMaybe<Scalars['Float']['input']>;
  memoryGbMonthly?: InputMaybe<Scalars['Float']['input']>;
};

export type Datastore = {
  __typename?: 'Datastore';
  capacityGb: Scalars['Float']['output'];
  connectionId: Scalars['ID']['output'];
  datacenter: Scalars['String']['output'];
  freeGb: Scalars['Float']['output'];
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  observedAt: Scalars['Float']['output'];
  type: Scalars['String']['output'];
};

export type DatastorePage = {
  __typename?: 'DatastorePage';
  items: Array<Datastore>;
  page: Scalars['Int']['output'];
  pageSize: Scalars['Int']['output'];
  total: Scalars['Int']['output'];
};

/** What support needs to look into a problem; secrets are removed. */
export type DiagnosticsPackage = {
  __typename?: 'DiagnosticsPackage';
  /** The API's configuration, secrets replaced by [redacted] and credentials cut out of URLs. */
  config: Scalars['JSON']['output'];
  generatedAt: Scalars['Float']['output'];
  /** The readiness checks (NATS, ClickHouse, GraphQL) and their answers. */
  health: Scalars['JSON']['output'];
  /** The API's latest log lines (JSON), oldest first. */
  recentLogs: Array<Scalars['String']['output']>;
  /** Every stream with its durable consumers: messages, sequences, lag, unacknowledged, redelivered. */
  streams: Scalars['JSON']['output'];
  /** JustFit, Node.js, NATS server and ClickHouse versions. */
  versions: Scalars['JSON']['output'];
};

/** An entity's detail: its latest state, per-metric statistics and its alerts. */
export type EntityDetail = {
  __typename?: 'EntityDetail';
  alerts: Array<Alert>;
  connectionId: Scalars['ID']['output'];
  endTime: Scalars['Float']['output'];
  entityId: Scalars['ID']['output'];
  entityType: EntityType;
  /** Every field of the entity's latest observation. */
  info: Scalars['JSON']['output'];
  metrics: Array<MetricStats>;
  name: Scalars['String']['output'];
  startTime: Scalars['Float']['output'];
};

/** An entity's metric series over a time range, one per metric. */
export type EntityMetrics = {
  __typename?: 'EntityMetrics';
  connectionId: Scalars['ID']['output'];
  endTime: Scalars['Float']['output'];
  entityId: Scalars['ID']['output'];
  entityType: EntityType;
  metrics: Array<MetricSeries>;
  startTime: Scalars['Float']['output'];
};

export type EntityType =
  | 'cluster'
  | 'datastore'
  | 'host'
  | 'vm';

export type Finding = {
  __typename?: 'Finding';
  analysedAt: Scalars['Float']['output'];
  analysisType: AnalysisType;
  conclusion: Scalars['String']['output'];
  confidence: Scalars['Float']['output'];
  connectionId: Scalars['ID']['output'];
  entityId: Scalars['ID']['output'];
  entityName: Scalars['String']['output'];
  entityType: EntityType;
  evidence: Scalars['JSON']['output'];
  id: Scalars['ID']['output'];
  policy: PolicyRef;
  recommendation: Scalars['String']['output'];
  riskLevel: RiskLevel;
  runId: Scalars['ID']['output'];
  savings: Savings;
  status: FindingStatus;
};

export type FindingStatus =
  | 'open'
  | 'resolved';

export type GenerateReportInput = {
  branding?: InputMaybe<ReportBrandingInput>;
  connectionId?: InputMaybe<Scalars['ID']['input']>;
  /**
   * ISO 4217 code the savings are labelled with. By default the settings' currency, which the analyses priced the
   * savings in; amounts are never converted, so another code only relabels them.
   */
  currency?: InputMaybe<Scalars['String']['input']>;
  /** Only these entities (at most 1000); none: all. */
  entityIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  format?: InputMaybe<ReportFormat>;
  reportType?: InputMaybe<ReportType>;
  /** Only the findings whose latest analysis was this run. */
  runId?: InputMaybe<Scalars['ID']['input']>;
  title?: InputMaybe<Scalars['String']['input']>;
};

export type HealthStatus =
  /** Works, with something to look at: an instance not ready, or a part nobody can vouch for. */
  | 'degraded'
  | 'down'
  | 'healthy'
  /** No heartbeat heard yet: the API has just started. */
  | 'unknown';

/** A host as last observed. */
export type Host = {
  __typename?: 'Host';
  clusterId?: Maybe<Scalars['String']['output']>;
  clusterName?: Maybe<Scalars['String']['output']>;
  connectionId: Scalars['ID']['output'];
  connectionState: Scalars['String']['output'];
  cpuCores: Scalars['Int']['output'];
  cpuMhz: Scalars['Float']['output'];
  datacenter: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  ipAddress: Scalars['String']['output'];
  memoryMb: Scalars['Float']['output'];
  name: Scalars['String']['output'];
  numVms: Scalars['Int']['output'];
  observedAt: Scalars['Float']['output'];
  overallStatus: Scalars['String']['output'];
  powerState: Scalars['String']['output'];
};

export type HostFilter = {
  clusterId?: InputMaybe<Scalars['ID']['input']>;
  connectionId?: InputMaybe<Scalars['ID']['input']>;
  powerState?: InputMaybe<Scalars['String']['input']>;
  /** Case-insensitive substring of the name, id or IP address. */
  search?: InputMaybe<Scalars['String']['input']>;
};

export type HostPage = {
  __typename?: 'HostPage';
  items: Array<Host>;
  page: Scalars['Int']['output'];
  pageSize: Scalars['Int']['output'];
  total: Scalars['Int']['output'];
};

/** Who the request comes from. */
export type Identity = {
  __typename?: 'Identity';
  /** Set when the caller may reach this connection's data only. */
  connectionId?: Maybe<Scalars['ID']['output']>;
  /** The token id, or the person's OIDC subject. */
  id: Scalars['ID']['output'];
  /** token (an API token) or oidc (a person signed in with the identity provider). */
  kind: Scalars['String']['output'];
  name: Scalars['String']['output'];
  roles: Array<Role>;
};

export type ImportFormat =
  | 'long'
  | 'wide';

/** An uploaded metrics file (docs/metrics-import.md): what was read and published, and what the ETL loaded of it. */
export type ImportJob = {
  __typename?: 'ImportJob';
  /** The connection the data belongs to: the one given, or a new import namespace (import-…). */
  connectionId: Scalars['ID']['output'];
  entities: Scalars['Int']['output'];
  eventsLoaded: Scalars['Int']['output'];
  eventsPublished: Scalars['Int']['output'];
  fileName: Scalars['String']['output'];
  finishedAt?: Maybe<Scalars['Float']['output']>;
  format: ImportFormat;
  id: Scalars['ID']['output'];
  loadedAt?: Maybe<Scalars['Float']['output']>;
  message: Scalars['String']['output'];
  /** 0-100: the first half is publishing, the second the ETL loading. */
  progress: Scalars['Float']['output'];
  rowsRead: Scalars['Int']['output'];
  /** Lines that could not be read (see importRejections, stage import). */
  rowsRejected: Scalars['Int']['output'];
  samplesLoaded: Scalars['Int']['output'];
  samplesPublished: Scalars['Int']['output'];
  /** Samples the ETL refused (see importRejections, stage etl). */
  samplesRejected: Scalars['Int']['output'];
  startedAt: Scalars['Float']['output'];
  /**
   * publishing (the file is being sent to the ETL), published, loaded (the ETL has all of it), or failed. An import
   * whose publishing has not moved for 5 minutes was abandoned (its query-api stopped) and is failed, with a message.
   */
  status: ImportStatus;
  /** When its state was last saved (epoch ms): while publishing, every few batches. */
  updatedAt: Scalars['Float']['output'];
};

/** What deleteImportNamespace removed. */
export type ImportNamespaceDeletion = {
  __typename?: 'ImportNamespaceDeletion';
  connectionId: Scalars['ID']['output'];
  /** Findings withdrawn by the analyzer: they leave findings, analysisSummary and reports, and their alerts are resolved. */
  findingsWithdrawn: Scalars['Int']['output'];
  /** The namespace's imports, whose records are gone from importJobs. */
  imports: Scalars['Int']['output'];
};

export type ImportStatus =
  | 'failed'
  | 'loaded'
  | 'published'
  | 'publishing';

/**
 * A schedule that starts collect, analyze or report work. Each due time fires exactly once, whatever the number of
 * scheduler replicas and across their restarts.
 */
export type Job = {
  __typename?: 'Job';
  action: JobAction;
  createdAt: Scalars['Float']['output'];
  createdBy: Scalars['String']['output'];
  enabled: Scalars['Boolean']['output'];
  id: Scalars['ID']['output'];
  /** The latest runs, newest first (the scheduler keeps the last 100 in memory; JOBS keeps them all). */
  lastRuns: Array<JobRun>;
  missedRuns: MissedRuns;
  name: Scalars['String']['output'];
  namespace: Scalars['String']['output'];
  /** The next due times (epoch ms) from now, in the job's time zone, whether or not it is enabled. */
  nextRuns: Array<Scalars['Float']['output']>;
  schedule: JobSchedule;
  updatedAt: Scalars['Float']['output'];
};


/**
 * A schedule that starts collect, analyze or report work. Each due time fires exactly once, whatever the number of
 * scheduler replicas and across their restarts.
 */
export type JobLastRunsArgs = {
  limit?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * A schedule that starts collect, analyze or report work. Each due time fires exactly once, whatever the number of
 * scheduler replicas and across their restarts.
 */
export type JobNextRunsArgs = {
  count?: InputMaybe<Scalars['Int']['input']>;
};

/**
 * What a job starts when due: collect (a collect task of connectionId covering the windowHours up to the due time, at
 * sampleIntervalSec), analyze (a run of analysisType, over connectionId or every connection) or report (a report in
 * format, titled title, of connectionId or every connection). Only the fields of its kind are set.
 */
export type JobAction = {
  __typename?: 'JobAction';
  analysisType?: Maybe<AnalysisType>;
  connectionId?: Maybe<Scalars['ID']['output']>;
  format?: Maybe<ReportFormat>;
  kind: JobActionKind;
  sampleIntervalSec?: Maybe<Scalars['Int']['output']>;
  title?: Maybe<Scalars['String']['output']>;
  windowHours?: Maybe<Scalars['Int']['output']>;
};

/**
 * The fields of the kind only. collect: connectionId (required), windowHours (24), sampleIntervalSec (300). analyze:
 * analysisType (required), connectionId. report: format (json), title, connectionId.
 */
export type JobActionInput = {
  analysisType?: InputMaybe<AnalysisType>;
  connectionId?: InputMaybe<Scalars['ID']['input']>;
  format?: InputMaybe<ReportFormat>;
  kind: JobActionKind;
  sampleIntervalSec?: InputMaybe<Scalars['Int']['input']>;
  title?: InputMaybe<Scalars['String']['input']>;
  windowHours?: InputMaybe<Scalars['Int']['input']>;
};

export type JobActionKind =
  | 'analyze'
  | 'collect'
  | 'report';

/** One due time of a job and what came of it. */
export type JobRun = {
  __typename?: 'JobRun';
  /** The due time (epoch ms). */
  dueAt: Scalars['Float']['output'];
  error?: Maybe<JobRunError>;
  /** When a scheduler fired it (or found it skipped). */
  firedAt: Scalars['Float']['output'];
  /** Fired later than SCHEDULER_MISSED_AFTER_MS after its due time (missedRuns: runOnce). */
  late: Scalars['Boolean']['output'];
  outcome: JobRunOutcome;
  /** Due times missed just before this one and not run. */
  skippedBefore: Scalars['Int']['output'];
  work?: Maybe<JobWork>;
};

export type JobRunError = {
  __typename?: 'JobRunError';
  code: Scalars['Int']['output'];
  message: Scalars['String']['output'];
};

/**
 * pending: fired, its command not answered yet; started; failed: the command was refused or not answered; skipped:
 * missed (missedRuns: skip); abandoned: the scheduler that fired it stopped before recording what it started (found
 * SCHEDULER_ABANDONED_AFTER_MS after it fired): its work may or may not have started, and is never started twice.
 */
export type JobRunOutcome =
  | 'abandoned'
  | 'failed'
  | 'pending'
  | 'skipped'
  | 'started';

/**
 * A cron expression (5 fields: minute hour day-of-month month day-of-week; or 6 with seconds first) read in an IANA
 * time zone (Europe/Berlin, Asia/Shanghai, UTC).
 */
export type JobSchedule = {
  __typename?: 'JobSchedule';
  cron: Scalars['String']['output'];
  timeZone: Scalars['String']['output'];
};

export type JobScheduleInput = {
  cron: Scalars['String']['input'];
  timeZone: Scalars['String']['input'];
};

/** What a run started: a collect task (task), an analysis run (analysisResult(runId)) or a report (report(id)). */
export type JobWork = {
  __typename?: 'JobWork';
  id: Scalars['ID']['output'];
  kind: Scalars['String']['output'];
  /** The collect task, for a collect run (once the API has its record). */
  task?: Maybe<Task>;
};

export type MetricAggregation =
  | 'avg'
  | 'max'
  | 'min'
  | 'p95';

export type MetricPoint = {
  __typename?: 'MetricPoint';
  timestamp: Scalars['Float']['output'];
  value: Scalars['Float']['output'];
};

export type MetricSeries = {
  __typename?: 'MetricSeries';
  aggregation: MetricAggregation;
  datapoints: Array<MetricPoint>;
  /** The step used: whole hours or days once the data comes from the rollups. */
  intervalSec: Scalars['Int']['output'];
  /** A JustFit metric name, e.g. cpu.usage_pct, mem.active_mb, disk.kbps, net.kbps. */
  name: Scalars['String']['output'];
  /** raw, hourly or daily: where the points were computed from. */
  source: Scalars['String']['output'];
  unit: Scalars['String']['output'];
};

export type MetricStats = {
  __typename?: 'MetricStats';
  avg: Scalars['Float']['output'];
  /** The newest sample in the range. */
  current?: Maybe<Scalars['Float']['output']>;
  max: Scalars['Float']['output'];
  min: Scalars['Float']['output'];
  name: Scalars['String']['output'];
  p95: Scalars['Float']['output'];
  samples: Scalars['Int']['output'];
  unit: Scalars['String']['output'];
};

/**
 * What a job does with due times that passed while no scheduler ran (or that it noticed more than
 * SCHEDULER_MISSED_AFTER_MS late): skip records them as skipped and waits for the next due time; runOnce runs once, for
 * the latest of them. A due time on time after missed ones always runs.
 */
export type MissedRuns =
  | 'runOnce'
  | 'skip';

export type Mutation = {
  __typename?: 'Mutation';
  /** taskId names the task to cancel with cancelTask. */
  agentCommand: AgentCommandResult;
  /** Every agent logs the message; answers how many agents were not offline. */
  broadcastToAgents: Scalars['Int']['output'];
  /** Cancels one running instance (its attempt ends cancelled; retryCollectTask runs the task again). */
  cancelTaskInstance: TaskInstance;
  /** Activate, hide, show or archive one version of a policy. */
  changePolicyVersion: PolicyVersionRef;
  createApiToken: CreatedApiToken;
  createConnection: Connection;
  createJob: Job;
  /** A new version of a policy (its number is the next one); the first version of a policy is active. */
  createPolicyVersion: PolicyVersionRef;
  deleteConnection: Scalars['ID']['output'];
  /**
   * Deletes an import namespace (an import-… connection made by importMetrics without connectionId): its inventory,
   * samples and rollups, the ETL's ledger and rejections, its import records, and its findings (withdrawn through the
   * analyzer). An administrator's operation. Refused with 400 for an id that is not an import namespace, and with 409
   * while one of its imports is still publishing or loading.
   */
  deleteImportNamespace: ImportNamespaceDeletion;
  deleteJob: Scalars['ID']['output'];
  /** Ends the agent's session: it takes no work until it has registered again (it does so by itself). */
  disconnectAgent: Scalars['Boolean']['output'];
  /** Requests a report; it answers at once with the report (status requested) and generates it in the background. */
  generateReport: Report;
  /**
   * Imports a CSV of metrics (long or wide per-VM form, detected from the header unless given). Without connectionId the
   * file's entities form an import namespace (named by name); with it they must exist in that connection's inventory.
   * Returns once the file is read; publishing to the ETL goes on, readable through importJob.
   */
  importMetrics: ImportJob;
  /** Marks an alert read or unread, resolved or open. */
  markAlert: Scalars['ID']['output'];
  /** Runs a failed or cancelled task again, as its next attempt. Returns the attempt number. */
  retryCollectTask: Scalars['Int']['output'];
  /**
   * Runs a failed or cancelled task again and answers with the id of the task that does: a collection runs again as its
   * next attempt under its own id; an analysis or a report is started again with the same request, as a new task
   * (it reads the data as it is now). An import is refused with 400: upload its file again.
   */
  retryTask: Scalars['ID']['output'];
  revokeApiToken: ApiToken;
  runAnalysis: AnalysisRun;
  /** Enables or disables a job; due times that pass while it is disabled are not run later. */
  setJobEnabled: Job;
  /**
   * Starts an analysis as a task and answers with its id (the run id) at once; follow it with taskProgress and
   * taskCompleted, read it with analysisResult. runAnalysis does the same and waits for the end.
   */
  startAnalysis: Scalars['ID']['output'];
  /**
   * One analysis (one policy) over many connections: a task whose children are one run per connection. The parent tells
   * how many children have ended (taskProgress) and ends once all have: succeeded when every child did, failed
   * otherwise. taskList(filter: { parentId }) lists the children; stopTask on the parent stops the children not ended.
   */
  startBulkAnalysis: BulkAnalysis;
  startCollectTask: Scalars['ID']['output'];
  /** Stops a pending or running task promptly; it ends as cancelled. */
  stopCollectTask: Scalars['ID']['output'];
  /**
   * Stops a task that has not ended; it ends cancelled (on taskProgress and taskCompleted). Collections and analyses
   * (queued or running) can be stopped; a report or an import is refused with 400.
   */
  stopTask: Scalars['ID']['output'];
  testConnection: ConnectionTestResult;
  updateConnection: Scalars['ID']['output'];
  updateJob: Job;
  /** Validates the whole new value of every section given; nothing is stored when one is invalid (400). */
  updateSettings: Settings;
};


export type MutationAgentCommandArgs = {
  command: AgentCommandKind;
  id: Scalars['ID']['input'];
  reason?: InputMaybe<Scalars['String']['input']>;
  taskId?: InputMaybe<Scalars['ID']['input']>;
};


export type MutationBroadcastToAgentsArgs = {
  message: Scalars['String']['input'];
};


export type MutationCancelTaskInstanceArgs = {
  id: Scalars['ID']['input'];
  reason?: InputMaybe<Scalars['String']['input']>;
};


export type MutationChangePolicyVersionArgs = {
  action: PolicyAction;
  name: Scalars['String']['input'];
  version: Scalars['Int']['input'];
};


export type MutationCreateApiTokenArgs = {
  input: CreateApiTokenInput;
};


export type MutationCreateConnectionArgs = {
  input: CreateConnectionInput;
};


export type MutationCreateJobArgs = {
  input: CreateJobInput;
};


export type MutationCreatePolicyVersionArgs = {
  input: CreatePolicyVersionInput;
};


export type MutationDeleteConnectionArgs = {
  id: Scalars['ID']['input'];
};


export type MutationDeleteImportNamespaceArgs = {
  connectionId: Scalars['ID']['input'];
};


export type MutationDeleteJobArgs = {
  id: Scalars['ID']['input'];
};


export type MutationDisconnectAgentArgs = {
  id: Scalars['ID']['input'];
  reason?: InputMaybe<Scalars['String']['input']>;
};


export type MutationGenerateReportArgs = {
  input?: InputMaybe<GenerateReportInput>;
};


export type MutationImportMetricsArgs = {
  connectionId?: InputMaybe<Scalars['ID']['input']>;
  file: Scalars['File']['input'];
  format?: InputMaybe<ImportFormat>;
  intervalSec?: InputMaybe<Scalars['Int']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
};


export type MutationMarkAlertArgs = {
  id: Scalars['ID']['input'];
  read?: InputMaybe<Scalars['Boolean']['input']>;
  resolved?: InputMaybe<Scalars['Boolean']['input']>;
};


export type MutationRetryCollectTaskArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRetryTaskArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRevokeApiTokenArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRunAnalysisArgs = {
  input: RunAnalysisInput;
};


export type MutationSetJobEnabledArgs = {
  enabled: Scalars['Boolean']['input'];
  id: Scalars['ID']['input'];
};


export type MutationStartAnalysisArgs = {
  input: RunAnalysisInput;
};


export type MutationStartBulkAnalysisArgs = {
  input: BulkAnalysisInput;
};


export type MutationStartCollectTaskArgs = {
  input: StartCollectTaskInput;
};


export type MutationStopCollectTaskArgs = {
  id: Scalars['ID']['input'];
  reason?: InputMaybe<Scalars['String']['input']>;
};


export type MutationStopTaskArgs = {
  id: Scalars['ID']['input'];
  reason?: InputMaybe<Scalars['String']['input']>;
};


export type MutationTestConnectionArgs = {
  id: Scalars['ID']['input'];
};


export type MutationUpdateConnectionArgs = {
  input: UpdateConnectionInput;
};


export type MutationUpdateJobArgs = {
  input: UpdateJobInput;
};


export type MutationUpdateSettingsArgs = {
  input: SettingsInput;
};

export type Policy = {
  __typename?: 'Policy';
  activeVersion: Scalars['Int']['output'];
  analysisType: AnalysisType;
  name: Scalars['String']['output'];
  versions: Array<PolicyVersion>;
};

export type PolicyAction =
  | 'activate'
  | 'archive'
  | 'hide'
  | 'show';

export type PolicyRef = {
  __typename?: 'PolicyRef';
  name: Scalars['String']['output'];
  version: Scalars['Int']['output'];
};

export type PolicyVersion = {
  __typename?: 'PolicyVersion';
  createdAt: Scalars['Float']['output'];
  hidden: Scalars['Boolean']['output'];
  note: Scalars['String']['output'];
  settings: Scalars['JSON']['output'];
  status: Scalars['String']['output'];
  version: Scalars['Int']['output'];
};

export type PolicyVersionRef = {
  __typename?: 'PolicyVersionRef';
  name: Scalars['String']['output'];
  version: Scalars['Int']['output'];
};

export type Query = {
  __typename?: 'Query';
  agent?: Maybe<Agent>;
  /** The agent's most recent log lines (at most 500), newest last. */
  agentLogs: Array<Scalars['String']['output']>;
  agents: Array<Agent>;
  alerts: AlertList;
  analysisResult?: Maybe<AnalysisResult>;
  analysisSummary: AnalysisSummary;
  apiTokens: Array<ApiToken>;
  /** Newest first. */
  auditLog: AuditPage;
  /** Asks the configured release feed for the newest version; never waits longer than UPDATE_CHECK_TIMEOUT_MS. */
  checkUpdate: UpdateCheck;
  /** ListClusters: the latest state of each cluster, by name. */
  clusters: ClusterPage;
  connection?: Maybe<Connection>;
  connections: Array<Connection>;
  datastores: DatastorePage;
  diagnosticsPackage: DiagnosticsPackage;
  /** GetEntityDetail: by default over the 30 days up to the entity's newest sample. */
  entityDetail: EntityDetail;
  findings: Array<Finding>;
  /** ListHosts. */
  hosts: HostPage;
  importJob?: Maybe<ImportJob>;
  importJobs: Array<ImportJob>;
  importRejections: RejectedRecordPage;
  job?: Maybe<Job>;
  /** Jobs of a namespace, or of every namespace, by namespace and name. */
  jobs: Array<Job>;
  me: Identity;
  /**
   * GetMetrics: one series per metric (all the entity has when metricNames is empty), one point per interval. Times are
   * epoch milliseconds; by default the 24 hours up to the entity's newest sample. connectionId is needed only when the
   * id exists in several connections.
   */
  metrics: EntityMetrics;
  policies: Array<Policy>;
  report?: Maybe<Report>;
  /** Reports, newest first. */
  reports: ReportPage;
  settings: Settings;
  settingsHistory: Array<SettingsChange>;
  /** Every service (from its instances' heartbeats), NATS and ClickHouse. */
  systemHealth: SystemHealth;
  /** Version, build, commit and uptime of every service instance. */
  systemInfo: SystemInfo;
  /** Tasks by type and state, consumer lag, events per second, instances online. */
  systemMetrics: SystemMetrics;
  task?: Maybe<Task>;
  taskInstances: Array<TaskInstance>;
  /**
   * Tasks of every type (collections, analyses, reports, imports), newest first, a page at a time: pass the previous
   * page's endCursor as after. first is at most 1000.
   */
  taskList: TaskSummaryPage;
  taskLogs: Array<TaskLog>;
  tasks: Array<Task>;
  /** When a VM was powered off or on, resized, moved or removed. */
  vmHistory: VmHistory;
  vms: VmPage;
};


export type QueryAgentArgs = {
  id: Scalars['ID']['input'];
};


export type QueryAgentLogsArgs = {
  id: Scalars['ID']['input'];
  limit?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryAgentsArgs = {
  site?: InputMaybe<Scalars['String']['input']>;
  status?: InputMaybe<AgentStatus>;
};


export type QueryAlertsArgs = {
  limit?: InputMaybe<Scalars['Int']['input']>;
  unreadOnly?: InputMaybe<Scalars['Boolean']['input']>;
};


export type QueryAnalysisResultArgs = {
  runId: Scalars['ID']['input'];
};


export type QueryAnalysisSummaryArgs = {
  analysisType?: InputMaybe<AnalysisType>;
  connectionId?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryApiTokensArgs = {
  includeInactive?: InputMaybe<Scalars['Boolean']['input']>;
};


export type QueryAuditLogArgs = {
  actorId?: InputMaybe<Scalars['String']['input']>;
  operation?: InputMaybe<Scalars['String']['input']>;
  page?: InputMaybe<Scalars['Int']['input']>;
  pageSize?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryClustersArgs = {
  filter?: InputMaybe<ClusterFilter>;
  page?: InputMaybe<Scalars['Int']['input']>;
  pageSize?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryConnectionArgs = {
  id: Scalars['ID']['input'];
};


export type QueryConnectionsArgs = {
  status?: InputMaybe<Scalars['String']['input']>;
  type?: InputMaybe<ConnectionType>;
};


export type QueryDatastoresArgs = {
  filter?: InputMaybe<ClusterFilter>;
  page?: InputMaybe<Scalars['Int']['input']>;
  pageSize?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryEntityDetailArgs = {
  connectionId?: InputMaybe<Scalars['ID']['input']>;
  endTime?: InputMaybe<Scalars['Float']['input']>;
  entityId: Scalars['ID']['input'];
  entityType: EntityType;
  startTime?: InputMaybe<Scalars['Float']['input']>;
};


export type QueryFindingsArgs = {
  analysisType?: InputMaybe<AnalysisType>;
  connectionId?: InputMaybe<Scalars['ID']['input']>;
  limit?: InputMaybe<Scalars['Int']['input']>;
  status?: InputMaybe<FindingStatus>;
};


export type QueryHostsArgs = {
  filter?: InputMaybe<HostFilter>;
  page?: InputMaybe<Scalars['Int']['input']>;
  pageSize?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryImportJobArgs = {
  id: Scalars['ID']['input'];
};


export type QueryImportJobsArgs = {
  limit?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryImportRejectionsArgs = {
  id: Scalars['ID']['input'];
  page?: InputMaybe<Scalars['Int']['input']>;
  pageSize?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryJobArgs = {
  id: Scalars['ID']['input'];
};


export type QueryJobsArgs = {
  namespace?: InputMaybe<Scalars['String']['input']>;
};


export type QueryMetricsArgs = {
  aggregation?: InputMaybe<MetricAggregation>;
  connectionId?: InputMaybe<Scalars['ID']['input']>;
  endTime?: InputMaybe<Scalars['Float']['input']>;
  entityId: Scalars['ID']['input'];
  entityType: EntityType;
  interval?: InputMaybe<Scalars['Int']['input']>;
  metricNames?: InputMaybe<Array<Scalars['String']['input']>>;
  startTime?: InputMaybe<Scalars['Float']['input']>;
};


export type QueryPoliciesArgs = {
  analysisType?: InputMaybe<AnalysisType>;
  includeHidden?: InputMaybe<Scalars['Boolean']['input']>;
};


export type QueryReportArgs = {
  id: Scalars['ID']['input'];
};


export type QueryReportsArgs = {
  filter?: InputMaybe<ReportFilter>;
  page?: InputMaybe<Scalars['Int']['input']>;
  pageSize?: InputMaybe<Scalars['Int']['input']>;
};


export type QuerySettingsHistoryArgs = {
  limit?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryTaskArgs = {
  id: Scalars['ID']['input'];
};


export type QueryTaskInstancesArgs = {
  agentId?: InputMaybe<Scalars['ID']['input']>;
  limit?: InputMaybe<Scalars['Int']['input']>;
  status?: InputMaybe<TaskInstanceStatus>;
  taskId?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryTaskListArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<TaskListFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryTaskLogsArgs = {
  level?: InputMaybe<Scalars['String']['input']>;
  limit?: InputMaybe<Scalars['Int']['input']>;
  taskId: Scalars['ID']['input'];
};


export type QueryTasksArgs = {
  connectionId?: InputMaybe<Scalars['ID']['input']>;
  limit?: InputMaybe<Scalars['Int']['input']>;
  status?: InputMaybe<Scalars['String']['input']>;
};


export type QueryVmHistoryArgs = {
  connectionId: Scalars['ID']['input'];
  endTime?: InputMaybe<Scalars['Float']['input']>;
  startTime?: InputMaybe<Scalars['Float']['input']>;
  vmId: Scalars['ID']['input'];
};


export type QueryVmsArgs = {
  filter?: InputMaybe<VmFilter>;
  page?: InputMaybe<Scalars['Int']['input']>;
  pageSize?: InputMaybe<Scalars['Int']['input']>;
};

export type RejectedRecord = {
  __typename?: 'RejectedRecord';
  code: Scalars['String']['output'];
  /** The line of the file (import stage). */
  line?: Maybe<Scalars['Int']['output']>;
  reason: Scalars['String']['output'];
  /** The record as received: the line, or the sample as JSON. */
  record: Scalars['String']['output'];
  rejectedAt: Scalars['Float']['output'];
  sourceEventId: Scalars['String']['output'];
  /** import: the line could not be read; etl: the ETL's validation refused it. */
  stage: Scalars['String']['output'];
};

export type RejectedRecordPage = {
  __typename?: 'RejectedRecordPage';
  items: Array<RejectedRecord>;
  page: Scalars['Int']['output'];
  pageSize: Scalars['Int']['output'];
  total: Scalars['Int']['output'];
};

/**
 * A report is a task: requested, generating (with progress), then generated (its file downloadable at downloadUrl with
 * the same Authorization header) or failed. Follow it with the taskProgress and taskCompleted subscriptions (taskId:
 * the report id).
 */
export type Report = {
  __typename?: 'Report';
  bytes?: Maybe<Scalars['Int']['output']>;
  connectionId?: Maybe<Scalars['ID']['output']>;
  downloadUrl?: Maybe<Scalars['String']['output']>;
  entityIds: Array<Scalars['ID']['output']>;
  errorMessage?: Maybe<Scalars['String']['output']>;
  format: ReportFormat;
  generatedAt?: Maybe<Scalars['Float']['output']>;
  id: Scalars['ID']['output'];
  message: Scalars['String']['output'];
  /**
   * Only reports generated before files moved to the object store: the file on the reporter's disk.
   * @deprecated files are in the object store; use downloadUrl
   */
  path?: Maybe<Scalars['String']['output']>;
  progress: Scalars['Float']['output'];
  reportType: ReportType;
  requestedAt?: Maybe<Scalars['Float']['output']>;
  runId?: Maybe<Scalars['ID']['output']>;
  sha256?: Maybe<Scalars['String']['output']>;
  status: ReportStatus;
  title: Scalars['String']['output'];
};

export type ReportBranding = {
  __typename?: 'ReportBranding';
  /** #rrggbb */
  accentColour: Scalars['String']['output'];
  footer: Scalars['String']['output'];
  /** A PNG, JPEG or SVG data URL, or null. */
  logo?: Maybe<Scalars['String']['output']>;
  organisation: Scalars['String']['output'];
};

export type ReportBrandingInput = {
  /** #rrggbb */
  accentColor?: InputMaybe<Scalars['String']['input']>;
  organisation?: InputMaybe<Scalars['String']['input']>;
};

export type ReportFilter = {
  connectionId?: InputMaybe<Scalars['ID']['input']>;
  format?: InputMaybe<ReportFormat>;
  reportType?: InputMaybe<ReportType>;
  status?: InputMaybe<ReportStatus>;
};

export type ReportFormat =
  | 'html'
  | 'json'
  | 'pdf'
  | 'xlsx';

export type ReportPage = {
  __typename?: 'ReportPage';
  items: Array<Report>;
  page: Scalars['Int']['output'];
  pageSize: Scalars['Int']['output'];
  total: Scalars['Int']['output'];
};

export type ReportStatus =
  | 'failed'
  | 'generated'
  | 'generating'
  | 'requested';

/** summary covers every analysis type; the others one each. */
export type ReportType =
  | 'health'
  | 'rightsize'
  | 'summary'
  | 'tidal'
  | 'zombie';

export type Retention = {
  __typename?: 'Retention';
  /** Days raw 5-minute samples are kept (rollups are kept longer). */
  rawSampleDays: Scalars['Int']['output'];
  /** Days generated reports are kept. */
  reportDays: Scalars['Int']['output'];
};

export type RetentionInput = {
  rawSampleDays?: InputMaybe<Scalars['Int']['input']>;
  reportDays?: InputMaybe<Scalars['Int']['input']>;
};

export type RiskCounts = {
  __typename?: 'RiskCounts';
  high: Scalars['Int']['output'];
  low: Scalars['Int']['output'];
  medium: Scalars['Int']['output'];
};

export type RiskLevel =
  | 'high'
  | 'low'
  | 'medium';

export type Role =
  | 'admin'
  | 'approver'
  | 'operator'
  | 'viewer';

export type RunAnalysisInput = {
  analysisType: AnalysisType;
  /**
   * End of the analysed window (epoch ms). By default each connection's newest sample, so an export from the past is
   * analysed like fresh data.
   */
  asOf?: InputMaybe<Scalars['Float']['input']>;
  connectionId?: InputMaybe<Scalars['ID']['input']>;
  entityIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  entityType?: InputMaybe<EntityType>;
  options?: InputMaybe<Scalars['JSON']['input']>;
};

export type RunningTask = {
  __typename?: 'RunningTask';
  instanceId: Scalars['ID']['output'];
  taskId: Scalars['ID']['output'];
};

export type Savings = {
  __typename?: 'Savings';
  /** Per month, priced with the settings' currency and prices in force when the finding was last analysed. */
  amount: Scalars['Float']['output'];
  cpuCores: Scalars['Float']['output'];
  diskGb: Scalars['Float']['output'];
  memoryMb: Scalars['Float']['output'];
};

export type ServiceHealth = {
  __typename?: 'ServiceHealth';
  instances: Array<ServiceInstance>;
  message: Scalars['String']['output'];
  name: Scalars['String']['output'];
  status: HealthStatus;
};

/** One process of a service, from the heartbeat it sends every few seconds. */
export type ServiceInstance = {
  __typename?: 'ServiceInstance';
  build: Scalars['String']['output'];
  /** Each readiness check: ok, or why not. */
  checks: Scalars['JSON']['output'];
  commit: Scalars['String']['output'];
  /** Host, process id and a random part: a restarted process is a new instance. */
  instance: Scalars['String']['output'];
  lastSeenAt: Scalars['Float']['output'];
  nodeVersion: Scalars['String']['output'];
  /** Heard from within three heartbeat intervals; an offline instance stays listed for ten minutes. */
  online: Scalars['Boolean']['output'];
  ready: Scalars['Boolean']['output'];
  service: Scalars['String']['output'];
  startedAt: Scalars['Float']['output'];
  uptimeSec: Scalars['Float']['output'];
  version: Scalars['String']['output'];
};

/** The organisation's settings (admin changes them; every change is kept, see settingsHistory). */
export type Settings = {
  __typename?: 'Settings';
  currencyAndPrices: CurrencyAndPrices;
  reportBranding: ReportBranding;
  retention: Retention;
  /** Changes made so far; send it back as expectedRevision to refuse an update over a change you have not seen. */
  revision: Scalars['Int']['output'];
  /** The IANA time zone reports and dashboards show times in (e.g. UTC, Europe/Paris). */
  timeZone: Scalars['String']['output'];
  updatedAt?: Maybe<Scalars['Float']['output']>;
  updatedBy?: Maybe<Scalars['String']['output']>;
};

/** One change: the section's value from then on, who set it and when. */
export type SettingsChange = {
  __typename?: 'SettingsChange';
  changedAt: Scalars['Float']['output'];
  changedBy: Scalars['String']['output'];
  revision: Scalars['Int']['output'];
  section: SettingsSection;
  traceId: Scalars['String']['output'];
  value: Scalars['JSON']['output'];
};

/** Sections to change; a section left out keeps its value, a field left out keeps its value. */
export type SettingsInput = {
  currencyAndPrices?: InputMaybe<CurrencyAndPricesInput>;
  expectedRevision?: InputMaybe<Scalars['Int']['input']>;
  reportBranding?: InputMaybe<SettingsReportBrandingInput>;
  retention?: InputMaybe<RetentionInput>;
  timeZone?: InputMaybe<Scalars['String']['input']>;
};

export type SettingsReportBrandingInput = {
  accentColour?: InputMaybe<Scalars['String']['input']>;
  footer?: InputMaybe<Scalars['String']['input']>;
  /** A base64 PNG, JPEG or SVG data URL (within the API's MAX_STRING_LENGTH); null removes the logo. */
  logo?: InputMaybe<Scalars['String']['input']>;
  organisation?: InputMaybe<Scalars['String']['input']>;
};

export type SettingsSection =
  | 'currencyAndPrices'
  | 'reportBranding'
  | 'retention'
  | 'timeZone';

export type StartCollectTaskInput = {
  connectionId: Scalars['ID']['input'];
  /** Epoch milliseconds; defaults to now. */
  endTime?: InputMaybe<Scalars['Float']['input']>;
  metrics?: InputMaybe<Array<Scalars['String']['input']>>;
  name?: InputMaybe<Scalars['String']['input']>;
  sampleIntervalSec?: InputMaybe<Scalars['Int']['input']>;
  scope?: InputMaybe<CollectScopeInput>;
  /** Epoch milliseconds; defaults to seven days before endTime. */
  startTime?: InputMaybe<Scalars['Float']['input']>;
};

export type StreamRate = {
  __typename?: 'StreamRate';
  /** Events appended per second since the pipeline's previous sample (PIPELINE_SAMPLE_INTERVAL_SEC); null before one. */
  eventsPerSecond?: Maybe<Scalars['Float']['output']>;
  lastSeq: Scalars['Float']['output'];
  messages: Scalars['Float']['output'];
  stream: Scalars['String']['output'];
};

export type Subscription = {
  __typename?: 'Subscription';
  agentStatusChanged: AgentStatusChange;
  alertCreated: Alert;
  /** A task's end: succeeded, failed or cancelled (an import's: loaded); one task, one type, or all. */
  taskCompleted: TaskEvent;
  /**
   * Every step of one task (or of all tasks, or of one type), in order: requested, started, progressed, then
   * succeeded, failed or cancelled. A collection (or an import) ends once its data is loaded (loaded). Analyses
   * (taskId: the run id) and reports (the report id) are tasks with the same lifecycle; each event says its taskType.
   */
  taskProgress: TaskEvent;
};


export type SubscriptionAgentStatusChangedArgs = {
  agentId?: InputMaybe<Scalars['ID']['input']>;
};


export type SubscriptionTaskCompletedArgs = {
  taskId?: InputMaybe<Scalars['ID']['input']>;
  taskType?: InputMaybe<TaskType>;
};


export type SubscriptionTaskProgressArgs = {
  taskId?: InputMaybe<Scalars['ID']['input']>;
  taskType?: InputMaybe<TaskType>;
};

export type SystemHealth = {
  __typename?: 'SystemHealth';
  agents: AgentCounts;
  checkedAt: Scalars['Float']['output'];
  clickhouse: ComponentHealth;
  nats: ComponentHealth;
  services: Array<ServiceHealth>;
  /** The worst of the services, NATS, ClickHouse and the agents (degraded when agents are known and none is online). */
  status: HealthStatus;
};

export type SystemInfo = {
  __typename?: 'SystemInfo';
  clickhouseVersion?: Maybe<Scalars['String']['output']>;
  natsVersion?: Maybe<Scalars['String']['output']>;
  /** Every service instance heard of: version, build, commit and uptime. */
  services: Array<ServiceInstance>;
  /** The API's own version. */
  version: Scalars['String']['output'];
};

export type SystemMetrics = {
  __typename?: 'SystemMetrics';
  agents: AgentCounts;
  consumers: Array<ConsumerLag>;
  eventsPerSecond?: Maybe<Scalars['Float']['output']>;
  instancesOffline: Scalars['Int']['output'];
  instancesOnline: Scalars['Int']['output'];
  sampledAt: Scalars['Float']['output'];
  streams: Array<StreamRate>;
  tasks: Array<TaskStateCount>;
  totalLag: Scalars['Float']['output'];
};

export type Task = {
  __typename?: 'Task';
  attempt: Scalars['Int']['output'];
  connectionId: Scalars['ID']['output'];
  createdAt: Scalars['Float']['output'];
  currentStep: Scalars['Int']['output'];
  errorCode?: Maybe<Scalars['Int']['output']>;
  errorMessage?: Maybe<Scalars['String']['output']>;
  finishedAt?: Maybe<Scalars['Float']['output']>;
  id: Scalars['ID']['output'];
  /** When the ETL finished loading what the task collected. */
  loadedAt?: Maybe<Scalars['Float']['output']>;
  message: Scalars['String']['output'];
  name: Scalars['String']['output'];
  progress: Scalars['Float']['output'];
  startedAt?: Maybe<Scalars['Float']['output']>;
  status: Scalars['String']['output'];
  totalSteps: Scalars['Int']['output'];
};

/** One step of a task's life, pushed as it happens. */
export type TaskEvent = {
  __typename?: 'TaskEvent';
  at: Scalars['Float']['output'];
  code?: Maybe<Scalars['Int']['output']>;
  currentStep?: Maybe<Scalars['Int']['output']>;
  kind: TaskEventKind;
  message?: Maybe<Scalars['String']['output']>;
  progress?: Maybe<Scalars['Float']['output']>;
  taskId: Scalars['ID']['output'];
  taskType: TaskType;
  totalSteps?: Maybe<Scalars['Int']['output']>;
};

export type TaskEventKind =
  | 'cancelled'
  | 'failed'
  | 'loaded'
  | 'logged'
  | 'progressed'
  | 'requested'
  | 'started'
  | 'succeeded';

/** One run of a task's attempt on one agent; an attempt resumed after its agent stopped has one per agent. */
export type TaskInstance = {
  __typename?: 'TaskInstance';
  agentId: Scalars['ID']['output'];
  attempt: Scalars['Int']['output'];
  endedAt?: Maybe<Scalars['Float']['output']>;
  id: Scalars['ID']['output'];
  reason?: Maybe<Scalars['String']['output']>;
  site: Scalars['String']['output'];
  startedAt: Scalars['Float']['output'];
  status: TaskInstanceStatus;
  taskId: Scalars['ID']['output'];
  taskType: Scalars['String']['output'];
};

export type TaskInstanceStatus =
  | 'cancelled'
  | 'failed'
  | 'interrupted'
  | 'running'
  | 'succeeded';

export type TaskListFilter = {
  connectionId?: InputMaybe<Scalars['ID']['input']>;
  /** The children of one task (a bulk analysis). */
  parentId?: InputMaybe<Scalars['ID']['input']>;
  /** pending, running, succeeded, failed or cancelled */
  status?: InputMaybe<Scalars['String']['input']>;
  taskType?: InputMaybe<TaskType>;
};

export type TaskLog = {
  __typename?: 'TaskLog';
  level: Scalars['String']['output'];
  message: Scalars['String']['output'];
  taskId: Scalars['ID']['output'];
  timestamp: Scalars['Float']['output'];
};

export type TaskStateCount = {
  __typename?: 'TaskStateCount';
  count: Scalars['Int']['output'];
  /** pending, running, succeeded, failed or cancelled: every type's states in the one lifecycle. */
  state: Scalars['String']['output'];
  taskType: TaskType;
};

/** One task of any type, in the one lifecycle: pending, running, succeeded, failed or cancelled. */
export type TaskSummary = {
  __typename?: 'TaskSummary';
  /** The connection it works on; none for work over every connection (an analysis of all, a summary report). */
  connectionId?: Maybe<Scalars['ID']['output']>;
  createdAt: Scalars['Float']['output'];
  finishedAt?: Maybe<Scalars['Float']['output']>;
  id: Scalars['ID']['output'];
  message: Scalars['String']['output'];
  name: Scalars['String']['output'];
  /** The task this one is a child of: a run of a bulk analysis names its bulk analysis. */
  parentId?: Maybe<Scalars['ID']['output']>;
  progress: Scalars['Float']['output'];
  status: Scalars['String']['output'];
  taskType: TaskType;
};

export type TaskSummaryPage = {
  __typename?: 'TaskSummaryPage';
  /** Pass as after for the next page; null on an empty page. */
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  items: Array<TaskSummary>;
  /** Tasks matching the filter, on every page. */
  total: Scalars['Int']['output'];
};

/**
 * The kinds of work JustFit runs as tasks. Every task has the same lifecycle on the taskProgress and taskCompleted
 * subscriptions: requested, started, progressed, then succeeded (and, for a collection or an import, loaded once its
 * data is ready), failed or cancelled. A task's id says its type: task-… (collect), run-… (analyze), report-…
 * (report), import-… (import).
 */
export type TaskType =
  | 'analyze'
  | 'collect'
  | 'import'
  | 'report';

export type UpdateCheck = {
  __typename?: 'UpdateCheck';
  checkedAt: Scalars['Float']['output'];
  current: Scalars['String']['output'];
  latest?: Maybe<Scalars['String']['output']>;
  message: Scalars['String']['output'];
  notes?: Maybe<Scalars['String']['output']>;
  status: UpdateStatus;
  url?: Maybe<Scalars['String']['output']>;
};

export type UpdateConnectionInput = {
  endpoint?: InputMaybe<Scalars['String']['input']>;
  id: Scalars['ID']['input'];
  name?: InputMaybe<Scalars['String']['input']>;
  /** Leave out to keep the stored password. */
  password?: InputMaybe<Scalars['String']['input']>;
  port?: InputMaybe<Scalars['Int']['input']>;
  /** Later collections run on the agents of this site. */
  site?: InputMaybe<Scalars['String']['input']>;
  username?: InputMaybe<Scalars['String']['input']>;
  verifyTls?: InputMaybe<Scalars['Boolean']['input']>;
};

/** A field left out keeps its value. A new schedule counts from the change. */
export type UpdateJobInput = {
  action?: InputMaybe<JobActionInput>;
  id: Scalars['ID']['input'];
  missedRuns?: InputMaybe<MissedRuns>;
  name?: InputMaybe<Scalars['String']['input']>;
  schedule?: InputMaybe<JobScheduleInput>;
};

export type UpdateStatus =
  /** No release feed is configured (UPDATE_FEED_URL). */
  | 'not_configured'
  /** The feed answered, but the versions cannot be compared (a development build, or not a release document). */
  | 'unknown'
  /** The feed did not answer in time, refused, or is outside the outbound rules. */
  | 'unreachable'
  | 'up_to_date'
  | 'update_available';

export type Vm = {
  __typename?: 'Vm';
  clusterId?: Maybe<Scalars['String']['output']>;
  clusterName?: Maybe<Scalars['String']['output']>;
  connectionId: Scalars['ID']['output'];
  cpuCount: Scalars['Int']['output'];
  createdAt?: Maybe<Scalars['Float']['output']>;
  datacenter: Scalars['String']['output'];
  diskGb: Scalars['Float']['output'];
  guestOs: Scalars['String']['output'];
  hostId?: Maybe<Scalars['String']['output']>;
  hostName?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  ipAddress: Scalars['String']['output'];
  isTemplate: Scalars['Boolean']['output'];
  memoryMb: Scalars['Float']['output'];
  name: Scalars['String']['output'];
  observedAt: Scalars['Float']['output'];
  overallStatus: Scalars['String']['output'];
  powerState: Scalars['String']['output'];
  powerStateChangedAt?: Maybe<Scalars['Float']['output']>;
  toolsStatus: Scalars['String']['output'];
  uuid: Scalars['String']['output'];
};

export type VmChange = {
  __typename?: 'VmChange';
  /** powerState, cpuCount, memoryMb, diskGb, hostId, clusterId or deleted. */
  field: Scalars['String']['output'];
  from?: Maybe<Scalars['JSON']['output']>;
  observedAt: Scalars['Float']['output'];
  /** For powerState: when the platform says it changed, if it reports it. */
  reportedAt?: Maybe<Scalars['Float']['output']>;
  to?: Maybe<Scalars['JSON']['output']>;
};

export type VmFilter = {
  clusterId?: InputMaybe<Scalars['ID']['input']>;
  connectionId?: InputMaybe<Scalars['ID']['input']>;
  hostId?: InputMaybe<Scalars['ID']['input']>;
  isTemplate?: InputMaybe<Scalars['Boolean']['input']>;
  powerState?: InputMaybe<Scalars['String']['input']>;
  /** Case-insensitive substring of the name. */
  search?: InputMaybe<Scalars['String']['input']>;
};

export type VmHistory = {
  __typename?: 'VmHistory';
  changes: Array<VmChange>;
  firstSeenAt?: Maybe<Scalars['Float']['output']>;
  lastSeenAt?: Maybe<Scalars['Float']['output']>;
};

export type VmPage = {
  __typename?: 'VmPage';
  items: Array<Vm>;
  page: Scalars['Int']['output'];
  pageSize: Scalars['Int']['output'];
  total: Scalars['Int']['output'];
};



export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Agent: ResolverTypeWrapper<Agent>;
  AgentCommandKind: AgentCommandKind;
  AgentCommandResult: ResolverTypeWrapper<AgentCommandResult>;
  AgentCounts: ResolverTypeWrapper<AgentCounts>;
  AgentStatus: AgentStatus;
  AgentStatusChange: ResolverTypeWrapper<AgentStatusChange>;
  Alert: ResolverTypeWrapper<Alert>;
  AlertList: ResolverTypeWrapper<AlertList>;
  AnalysisResult: ResolverTypeWrapper<Omit<AnalysisResult, 'entries'> & { entries: Array<ResolversTypes['Finding']> }>;
  AnalysisRun: ResolverTypeWrapper<AnalysisRun>;
  AnalysisSummary: ResolverTypeWrapper<AnalysisSummary>;
  AnalysisType: AnalysisType;
  ApiToken: ResolverTypeWrapper<ApiToken>;
  AuditEntry: ResolverTypeWrapper<AuditEntry>;
  AuditPage: ResolverTypeWrapper<AuditPage>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  BulkAnalysis: ResolverTypeWrapper<BulkAnalysis>;
  BulkAnalysisInput: BulkAnalysisInput;
  Cluster: ResolverTypeWrapper<Cluster>;
  ClusterFilter: ClusterFilter;
  ClusterPage: ResolverTypeWrapper<ClusterPage>;
  CollectScopeInput: CollectScopeInput;
  ComponentHealth: ResolverTypeWrapper<ComponentHealth>;
  Connection: ResolverTypeWrapper<Connection>;
  ConnectionTestResult: ResolverTypeWrapper<ConnectionTestResult>;
  ConnectionType: ConnectionType;
  ConsumerLag: ResolverTypeWrapper<ConsumerLag>;
  CreateApiTokenInput: CreateApiTokenInput;
  CreateConnectionInput: CreateConnectionInput;
  CreateJobInput: CreateJobInput;
  CreatePolicyVersionInput: CreatePolicyVersionInput;
  CreatedApiToken: ResolverTypeWrapper<CreatedApiToken>;
  CurrencyAndPrices: ResolverTypeWrapper<CurrencyAndPrices>;
  CurrencyAndPricesInput: CurrencyAndPricesInput;
  Datastore: ResolverTypeWrapper<Datastore>;
  DatastorePage: ResolverTypeWrapper<DatastorePage>;
  DiagnosticsPackage: ResolverTypeWrapper<DiagnosticsPackage>;
  EntityDetail: ResolverTypeWrapper<EntityDetail>;
  EntityMetrics: ResolverTypeWrapper<EntityMetrics>;
  EntityType: EntityType;
  File: ResolverTypeWrapper<Scalars['File']['output']>;
  Finding: ResolverTypeWrapper<FindingRow>;
  FindingStatus: FindingStatus;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  GenerateReportInput: GenerateReportInput;
  HealthStatus: HealthStatus;
  Host: ResolverTypeWrapper<InventoryHost>;
  HostFilter: HostFilter;
  HostPage: ResolverTypeWrapper<Omit<HostPage, 'items'> & { items: Array<ResolversTypes['Host']> }>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Identity: ResolverTypeWrapper<Identity>;
  ImportFormat: ImportFormat;
  ImportJob: ResolverTypeWrapper<ImportJob>;
  ImportNamespaceDeletion: ResolverTypeWrapper<ImportNamespaceDeletion>;
  ImportStatus: ImportStatus;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  Job: ResolverTypeWrapper<JobReply>;
  JobAction: ResolverTypeWrapper<JobAction>;
  JobActionInput: JobActionInput;
  JobActionKind: JobActionKind;
  JobRun: ResolverTypeWrapper<JobRunReply>;
  JobRunError: ResolverTypeWrapper<JobRunError>;
  JobRunOutcome: JobRunOutcome;
  JobSchedule: ResolverTypeWrapper<JobSchedule>;
  JobScheduleInput: JobScheduleInput;
  JobWork: ResolverTypeWrapper<JobWorkRef>;
  MetricAggregation: MetricAggregation;
  MetricPoint: ResolverTypeWrapper<MetricPoint>;
  MetricSeries: ResolverTypeWrapper<MetricSeries>;
  MetricStats: ResolverTypeWrapper<MetricStats>;
  MissedRuns: MissedRuns;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Policy: ResolverTypeWrapper<Policy>;
  PolicyAction: PolicyAction;
  PolicyRef: ResolverTypeWrapper<PolicyRef>;
  PolicyVersion: ResolverTypeWrapper<PolicyVersion>;
  PolicyVersionRef: ResolverTypeWrapper<PolicyVersionRef>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RejectedRecord: ResolverTypeWrapper<RejectedRecord>;
  RejectedRecordPage: ResolverTypeWrapper<RejectedRecordPage>;
  Report: ResolverTypeWrapper<Report>;
  ReportBranding: ResolverTypeWrapper<ReportBranding>;
  ReportBrandingInput: ReportBrandingInput;
  ReportFilter: ReportFilter;
  ReportFormat: ReportFormat;
  ReportPage: ResolverTypeWrapper<ReportPage>;
  ReportStatus: ReportStatus;
  ReportType: ReportType;
  Retention: ResolverTypeWrapper<Retention>;
  RetentionInput: RetentionInput;
  RiskCounts: ResolverTypeWrapper<RiskCounts>;
  RiskLevel: RiskLevel;
  Role: Role;
  RunAnalysisInput: RunAnalysisInput;
  RunningTask: ResolverTypeWrapper<RunningTask>;
  Savings: ResolverTypeWrapper<Savings>;
  ServiceHealth: ResolverTypeWrapper<ServiceHealth>;
  ServiceInstance: ResolverTypeWrapper<ServiceInstance>;
  Settings: ResolverTypeWrapper<Settings>;
  SettingsChange: ResolverTypeWrapper<SettingsChange>;
  SettingsInput: SettingsInput;
  SettingsReportBrandingInput: SettingsReportBrandingInput;
  SettingsSection: SettingsSection;
  StartCollectTaskInput: StartCollectTaskInput;
  StreamRate: ResolverTypeWrapper<StreamRate>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  SystemHealth: ResolverTypeWrapper<SystemHealth>;
  SystemInfo: ResolverTypeWrapper<SystemInfo>;
  SystemMetrics: ResolverTypeWrapper<SystemMetrics>;
  Task: ResolverTypeWrapper<Task>;
  TaskEvent: ResolverTypeWrapper<LiveTaskEvent>;
  TaskEventKind: TaskEventKind;
  TaskInstance: ResolverTypeWrapper<TaskInstance>;
  TaskInstanceStatus: TaskInstanceStatus;
  TaskListFilter: TaskListFilter;
  TaskLog: ResolverTypeWrapper<TaskLog>;
  TaskStateCount: ResolverTypeWrapper<TaskStateCount>;
  TaskSummary: ResolverTypeWrapper<TaskSummary>;
  TaskSummaryPage: ResolverTypeWrapper<TaskSummaryPage>;
  TaskType: TaskType;
  UpdateCheck: ResolverTypeWrapper<UpdateCheck>;
  UpdateConnectionInput: UpdateConnectionInput;
  UpdateJobInput: UpdateJobInput;
  UpdateStatus: UpdateStatus;
  Vm: ResolverTypeWrapper<InventoryVm>;
  VmChange: ResolverTypeWrapper<VmChange>;
  VmFilter: VmFilter;
  VmHistory: ResolverTypeWrapper<VmHistory>;
  VmPage: ResolverTypeWrapper<Omit<VmPage, 'items'> & { items: Array<ResolversTypes['Vm']> }>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Agent: Agent;
  AgentCommandResult: AgentCommandResult;
  AgentCounts: AgentCounts;
  AgentStatusChange: AgentStatusChange;
  Alert: Alert;
  AlertList: AlertList;
  AnalysisResult: Omit<AnalysisResult, 'entries'> & { entries: Array<ResolversParentTypes['Finding']> };
  AnalysisRun: AnalysisRun;
  AnalysisSummary: AnalysisSummary;
  ApiToken: ApiToken;
  AuditEntry: AuditEntry;
  AuditPage: AuditPage;
  Boolean: Scalars['Boolean']['output'];
  BulkAnalysis: BulkAnalysis;
  BulkAnalysisInput: BulkAnalysisInput;
  Cluster: Cluster;
  ClusterFilter: ClusterFilter;
  ClusterPage: ClusterPage;
  CollectScopeInput: CollectScopeInput;
  ComponentHealth: ComponentHealth;
  Connection: Connection;
  ConnectionTestResult: ConnectionTestResult;
  ConsumerLag: ConsumerLag;
  CreateApiTokenInput: CreateApiTokenInput;
  CreateConnectionInput: CreateConnectionInput;
  CreateJobInput: CreateJobInput;
  CreatePolicyVersionInput: CreatePolicyVersionInput;
  CreatedApiToken: CreatedApiToken;
  CurrencyAndPrices: CurrencyAndPrices;
  CurrencyAndPricesInput: CurrencyAndPricesInput;
  Datastore: Datastore;
  DatastorePage: DatastorePage;
  DiagnosticsPackage: DiagnosticsPackage;
  EntityDetail: EntityDetail;
  EntityMetrics: EntityMetrics;
  File: Scalars['File']['output'];
  Finding: FindingRow;
  Float: Scalars['Float']['output'];
  GenerateReportInput: GenerateReportInput;
  Host: InventoryHost;
  HostFilter: HostFilter;
  HostPage: Omit<HostPage, 'items'> & { items: Array<ResolversParentTypes['Host']> };
  ID: Scalars['ID']['output'];
  Identity: Identity;
  ImportJob: ImportJob;
  ImportNamespaceDeletion: ImportNamespaceDeletion;
  Int: Scalars['Int']['output'];
  JSON: Scalars['JSON']['output'];
  Job: JobReply;
  JobAction: JobAction;
  JobActionInput: JobActionInput;
  JobRun: JobRunReply;
  JobRunError: JobRunError;
  JobSchedule: JobSchedule;
  JobScheduleInput: JobScheduleInput;
  JobWork: JobWorkRef;
  MetricPoint: MetricPoint;
  MetricSeries: MetricSeries;
  MetricStats: MetricStats;
  Mutation: Record<PropertyKey, never>;
  Policy: Policy;
  PolicyRef: PolicyRef;
  PolicyVersion: PolicyVersion;
  PolicyVersionRef: PolicyVersionRef;
  Query: Record<PropertyKey, never>;
  RejectedRecord: RejectedRecord;
  RejectedRecordPage: RejectedRecordPage;
  Report: Report;
  ReportBranding: ReportBranding;
  ReportBrandingInput: ReportBrandingInput;
  ReportFilter: ReportFilter;
  ReportPage: ReportPage;
  Retention: Retention;
  RetentionInput: RetentionInput;
  RiskCounts: RiskCounts;
  RunAnalysisInput: RunAnalysisInput;
  RunningTask: RunningTask;
  Savings: Savings;
  ServiceHealth: ServiceHealth;
  ServiceInstance: ServiceInstance;
  Settings: Settings;
  SettingsChange: SettingsChange;
  SettingsInput: SettingsInput;
  SettingsReportBrandingInput: SettingsReportBrandingInput;
  StartCollectTaskInput: StartCollectTaskInput;
  StreamRate: StreamRate;
  String: Scalars['String']['output'];
  Subscription: Record<PropertyKey, never>;
  SystemHealth: SystemHealth;
  SystemInfo: SystemInfo;
  SystemMetrics: SystemMetrics;
  Task: Task;
  TaskEvent: LiveTaskEvent;
  TaskInstance: TaskInstance;
  TaskListFilter: TaskListFilter;
  TaskLog: TaskLog;
  TaskStateCount: TaskStateCount;
  TaskSummary: TaskSummary;
  TaskSummaryPage: TaskSummaryPage;
  UpdateCheck: UpdateCheck;
  UpdateConnectionInput: UpdateConnectionInput;
  UpdateJobInput: UpdateJobInput;
  Vm: InventoryVm;
  VmChange: VmChange;
  VmFilter: VmFilter;
  VmHistory: VmHistory;
  VmPage: Omit<VmPage, 'items'> & { items: Array<ResolversParentTypes['Vm']> };
};

export type AgentResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Agent'] = ResolversParentTypes['Agent']> = {
  capacity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  labels?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  lastActivityAt?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  lastSeenAt?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  messages?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  registeredAt?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  runningTasks?: Resolver<Array<ResolversTypes['RunningTask']>, ParentType, ContextType>;
  site?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['AgentStatus'], ParentType, ContextType>;
  statusReason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  statusSince?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type AgentCommandResultResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['AgentCommandResult'] = ResolversParentTypes['AgentCommandResult']> = {
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  ok?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['AgentStatus'], ParentType, ContextType>;
};

export type AgentCountsResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['AgentCounts'] = ResolversParentTypes['AgentCounts']> = {
  draining?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  maintenance?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  offline?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  online?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type AgentStatusChangeResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['AgentStatusChange'] = ResolversParentTypes['AgentStatusChange']> = {
  agentId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  at?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  previousStatus?: Resolver<Maybe<ResolversTypes['AgentStatus']>, ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['AgentStatus'], ParentType, ContextType>;
};

export type AlertResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Alert'] = ResolversParentTypes['Alert']> = {
  entityId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  entityName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  entityType?: Resolver<ResolversTypes['EntityType'], ParentType, ContextType>;
  findingId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  raisedAt?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  read?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  resolved?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  severity?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type AlertListResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['AlertList'] = ResolversParentTypes['AlertList']> = {
  items?: Resolver<Array<ResolversTypes['Alert']>, ParentType, ContextType>;
  unreadCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type AnalysisResultResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['AnalysisResult'] = ResolversParentTypes['AnalysisResult']> = {
  analysed?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  analysisType?: Resolver<ResolversTypes['AnalysisType'], ParentType, ContextType>;
  completedAt?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  connectionId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  entries?: Resolver<Array<ResolversTypes['Finding']>, ParentType, ContextType>;
  notes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  raised?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  resolved?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  runId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  skipped?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  summary?: Resolver<ResolversTypes['AnalysisSummary'], ParentType, ContextType>;
  trigger?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  updated?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
};

export type AnalysisRunResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['AnalysisRun'] = ResolversParentTypes['AnalysisRun']> = {
  analysed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  notes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  raised?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  resolved?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  runId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  skipped?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  updated?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type AnalysisSummaryResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['AnalysisSummary'] = ResolversParentTypes['AnalysisSummary']> = {
  byRisk?: Resolver<ResolversTypes['RiskCounts'], ParentType, ContextType>;
  findings?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  lastAnalysedAt?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  savings?: Resolver<ResolversTypes['Savings'], ParentType, ContextType>;
};

export type ApiTokenResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['ApiToken'] = ResolversParentTypes['ApiToken']> = {
  connectionId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  createdBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  revokedAt?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  roles?: Resolver<Array<ResolversTypes['Role']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type AuditEntryResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['AuditEntry'] = ResolversParentTypes['AuditEntry']> = {
  actorId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  actorKind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  actorName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  arguments?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  at?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  clientAddress?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  code?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  operation?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  outcome?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  traceId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type AuditPageResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['AuditPage'] = ResolversParentTypes['AuditPage']> = {
  items?: Resolver<Array<ResolversTypes['AuditEntry']>, ParentType, ContextType>;
  page?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  pageSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type BulkAnalysisResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['BulkAnalysis'] = ResolversParentTypes['BulkAnalysis']> = {
  childTaskIds?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
  taskId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type ClusterResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Cluster'] = ResolversParentTypes['Cluster']> = {
  connectionId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  datacenter?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  drsEnabled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  haEnabled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  numHosts?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  numVms?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  observedAt?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  totalCpuMhz?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  totalMemoryMb?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type ClusterPageResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['ClusterPage'] = ResolversParentTypes['ClusterPage']> = {
  items?: Resolver<Array<ResolversTypes['Cluster']>, ParentType, ContextType>;
  page?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  pageSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ComponentHealthResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['ComponentHealth'] = ResolversParentTypes['ComponentHealth']> = {
  latencyMs?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['HealthStatus'], ParentType, ContextType>;
  version?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type ConnectionResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Connection'] = ResolversParentTypes['Connection']> = {
  createdAt?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  endpoint?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  errorMessage?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastSyncAt?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  port?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  site?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['ConnectionType'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  username?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  verifyTls?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type ConnectionTestResultResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['ConnectionTestResult'] = ResolversParentTypes['ConnectionTestResult']> = {
  apiVersion?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  code?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  latencyMs?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  serverVersion?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  success?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type ConsumerLagResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['ConsumerLag'] = ResolversParentTypes['ConsumerLag']> = {
  ackPending?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  consumer?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  pending?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  redelivered?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  stream?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CreatedApiTokenResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['CreatedApiToken'] = ResolversParentTypes['CreatedApiToken']> = {
  secret?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  token?: Resolver<ResolversTypes['ApiToken'], ParentType, ContextType>;
};

export type CurrencyAndPricesResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['CurrencyAndPrices'] = ResolversParentTypes['CurrencyAndPrices']> = {
  cpuCoreMonthly?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  diskGbMonthly?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  memoryGbMonthly?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type DatastoreResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Datastore'] = ResolversParentTypes['Datastore']> = {
  capacityGb?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  connectionId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  datacenter?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  freeGb?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  observedAt?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type DatastorePageResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['DatastorePage'] = ResolversParentTypes['DatastorePage']> = {
  items?: Resolver<Array<ResolversTypes['Datastore']>, ParentType, ContextType>;
  page?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  pageSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type DiagnosticsPackageResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['DiagnosticsPackage'] = ResolversParentTypes['DiagnosticsPackage']> = {
  config?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  generatedAt?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  health?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  recentLogs?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  streams?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  versions?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
};

export type EntityDetailResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['EntityDetail'] = ResolversParentTypes['EntityDetail']> = {
  alerts?: Resolver<Array<ResolversTypes['Alert']>, ParentType, ContextType>;
  connectionId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  endTime?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  entityId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  entityType?: Resolver<ResolversTypes['EntityType'], ParentType, ContextType>;
  info?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  metrics?: Resolver<Array<ResolversTypes['MetricStats']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  startTime?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type EntityMetricsResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['EntityMetrics'] = ResolversParentTypes['EntityMetrics']> = {
  connectionId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  endTime?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  entityId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  entityType?: Resolver<ResolversTypes['EntityType'], ParentType, ContextType>;
  metrics?: Resolver<Array<ResolversTypes['MetricSeries']>, ParentType, ContextType>;
  startTime?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export interface FileScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['File'], any> {
  name: 'File';
}

export type FindingResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Finding'] = ResolversParentTypes['Finding']> = {
  analysedAt?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  analysisType?: Resolver<ResolversTypes['AnalysisType'], ParentType, ContextType>;
  conclusion?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  confidence?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  connectionId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  entityId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  entityName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  entityType?: Resolver<ResolversTypes['EntityType'], ParentType, ContextType>;
  evidence?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  policy?: Resolver<ResolversTypes['PolicyRef'], ParentType, ContextType>;
  recommendation?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  riskLevel?: Resolver<ResolversTypes['RiskLevel'], ParentType, ContextType>;
  runId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  savings?: Resolver<ResolversTypes['Savings'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['FindingStatus'], ParentType, ContextType>;
};

export type HostResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Host'] = ResolversParentTypes['Host']> = {
  clusterId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  clusterName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  connectionId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  connectionState?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  cpuCores?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  cpuMhz?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  datacenter?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  ipAddress?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  memoryMb?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  numVms?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  observedAt?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  overallStatus?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  powerState?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type HostPageResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['HostPage'] = ResolversParentTypes['HostPage']> = {
  items?: Resolver<Array<ResolversTypes['Host']>, ParentType, ContextType>;
  page?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  pageSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type IdentityResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Identity'] = ResolversParentTypes['Identity']> = {
  connectionId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  roles?: Resolver<Array<ResolversTypes['Role']>, ParentType, ContextType>;
};

export type ImportJobResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['ImportJob'] = ResolversParentTypes['ImportJob']> = {
  connectionId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  entities?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  eventsLoaded?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  eventsPublished?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  fileName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  finishedAt?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  format?: Resolver<ResolversTypes['ImportFormat'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  loadedAt?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  progress?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  rowsRead?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  rowsRejected?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  samplesLoaded?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  samplesPublished?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  samplesRejected?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  startedAt?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ImportStatus'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type ImportNamespaceDeletionResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['ImportNamespaceDeletion'] = ResolversParentTypes['ImportNamespaceDeletion']> = {
  connectionId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  findingsWithdrawn?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  imports?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type JobResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Job'] = ResolversParentTypes['Job']> = {
  action?: Resolver<ResolversTypes['JobAction'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  createdBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  enabled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastRuns?: Resolver<Array<ResolversTypes['JobRun']>, ParentType, ContextType, RequireFields<JobLastRunsArgs, 'limit'>>;
  missedRuns?: Resolver<ResolversTypes['MissedRuns'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  namespace?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  nextRuns?: Resolver<Array<ResolversTypes['Float']>, ParentType, ContextType, RequireFields<JobNextRunsArgs, 'count'>>;
  schedule?: Resolver<ResolversTypes['JobSchedule'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type JobActionResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['JobAction'] = ResolversParentTypes['JobAction']> = {
  analysisType?: Resolver<Maybe<ResolversTypes['AnalysisType']>, ParentType, ContextType>;
  connectionId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  format?: Resolver<Maybe<ResolversTypes['ReportFormat']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['JobActionKind'], ParentType, ContextType>;
  sampleIntervalSec?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  title?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  windowHours?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
};

export type JobRunResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['JobRun'] = ResolversParentTypes['JobRun']> = {
  dueAt?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['JobRunError']>, ParentType, ContextType>;
  firedAt?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  late?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  outcome?: Resolver<ResolversTypes['JobRunOutcome'], ParentType, ContextType>;
  skippedBefore?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  work?: Resolver<Maybe<ResolversTypes['JobWork']>, ParentType, ContextType>;
};

export type JobRunErrorResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['JobRunError'] = ResolversParentTypes['JobRunError']> = {
  code?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type JobScheduleResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['JobSchedule'] = ResolversParentTypes['JobSchedule']> = {
  cron?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  timeZone?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type JobWorkResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['JobWork'] = ResolversParentTypes['JobWork']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  task?: Resolver<Maybe<ResolversTypes['Task']>, ParentType, ContextType>;
};

export type MetricPointResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['MetricPoint'] = ResolversParentTypes['MetricPoint']> = {
  timestamp?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type MetricSeriesResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['MetricSeries'] = ResolversParentTypes['MetricSeries']> = {
  aggregation?: Resolver<ResolversTypes['MetricAggregation'], ParentType, ContextType>;
  datapoints?: Resolver<Array<ResolversTypes['MetricPoint']>, ParentType, ContextType>;
  intervalSec?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  unit?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MetricStatsResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['MetricStats'] = ResolversParentTypes['MetricStats']> = {
  avg?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  current?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  max?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  min?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  p95?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  samples?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  unit?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  agentCommand?: Resolver<ResolversTypes['AgentCommandResult'], ParentType, ContextType, RequireFields<MutationAgentCommandArgs, 'command' | 'id'>>;
  broadcastToAgents?: Resolver<ResolversTypes['Int'], ParentType, ContextType, RequireFields<MutationBroadcastToAgentsArgs, 'message'>>;
  cancelTaskInstance?: Resolver<ResolversTypes['TaskInstance'], ParentType, ContextType, RequireFields<MutationCancelTaskInstanceArgs, 'id'>>;
  changePolicyVersion?: Resolver<ResolversTypes['PolicyVersionRef'], ParentType, ContextType, RequireFields<MutationChangePolicyVersionArgs, 'action' | 'name' | 'version'>>;
  createApiToken?: Resolver<ResolversTypes['CreatedApiToken'], ParentType, ContextType, RequireFields<MutationCreateApiTokenArgs, 'input'>>;
  createConnection?: Resolver<ResolversTypes['Connection'], ParentType, ContextType, RequireFields<MutationCreateConnectionArgs, 'input'>>;
  createJob?: Resolver<ResolversTypes['Job'], ParentType, ContextType, RequireFields<MutationCreateJobArgs, 'input'>>;
  createPolicyVersion?: Resolver<ResolversTypes['PolicyVersionRef'], ParentType, ContextType, RequireFields<MutationCreatePolicyVersionArgs, 'input'>>;
  deleteConnection?: Resolver<ResolversTypes['ID'], ParentType, ContextType, RequireFields<MutationDeleteConnectionArgs, 'id'>>;
  deleteImportNamespace?: Resolver<ResolversTypes['ImportNamespaceDeletion'], ParentType, ContextType, RequireFields<MutationDeleteImportNamespaceArgs, 'connectionId'>>;
  deleteJob?: Resolver<ResolversTypes['ID'], ParentType, ContextType, RequireFields<MutationDeleteJobArgs, 'id'>>;
  disconnectAgent?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationDisconnectAgentArgs, 'id'>>;
  generateReport?: Resolver<ResolversTypes['Report'], ParentType, ContextType, Partial<MutationGenerateReportArgs>>;
  importMetrics?: Resolver<ResolversTypes['ImportJob'], ParentType, ContextType, RequireFields<MutationImportMetricsArgs, 'file' | 'intervalSec'>>;
  markAlert?: Resolver<ResolversTypes['ID'], ParentType, ContextType, RequireFields<MutationMarkAlertArgs, 'id'>>;
  retryCollectTask?: Resolver<ResolversTypes['Int'], ParentType, ContextType, RequireFields<MutationRetryCollectTaskArgs, 'id'>>;
  retryTask?: Resolver<ResolversTypes['ID'], ParentType, ContextType, RequireFields<MutationRetryTaskArgs, 'id'>>;
  revokeApiToken?: Resolver<ResolversTypes['ApiToken'], ParentType, ContextType, RequireFields<MutationRevokeApiTokenArgs, 'id'>>;
  runAnalysis?: Resolver<ResolversTypes['AnalysisRun'], ParentType, ContextType, RequireFields<MutationRunAnalysisArgs, 'input'>>;
  setJobEnabled?: Resolver<ResolversTypes['Job'], ParentType, ContextType, RequireFields<MutationSetJobEnabledArgs, 'enabled' | 'id'>>;
  startAnalysis?: Resolver<ResolversTypes['ID'], ParentType, ContextType, RequireFields<MutationStartAnalysisArgs, 'input'>>;
  startBulkAnalysis?: Resolver<ResolversTypes['BulkAnalysis'], ParentType, ContextType, RequireFields<MutationStartBulkAnalysisArgs, 'input'>>;
  startCollectTask?: Resolver<ResolversTypes['ID'], ParentType, ContextType, RequireFields<MutationStartCollectTaskArgs, 'input'>>;
  stopCollectTask?: Resolver<ResolversTypes['ID'], ParentType, ContextType, RequireFields<MutationStopCollectTaskArgs, 'id'>>;
  stopTask?: Resolver<ResolversTypes['ID'], ParentType, ContextType, RequireFields<MutationStopTaskArgs, 'id'>>;
  testConnection?: Resolver<ResolversTypes['ConnectionTestResult'], ParentType, ContextType, RequireFields<MutationTestConnectionArgs, 'id'>>;
  updateConnection?: Resolver<ResolversTypes['ID'], ParentType, ContextType, RequireFields<MutationUpdateConnectionArgs, 'input'>>;
  updateJob?: Resolver<ResolversTypes['Job'], ParentType, ContextType, RequireFields<MutationUpdateJobArgs, 'input'>>;
  updateSettings?: Resolver<ResolversTypes['Settings'], ParentType, ContextType, RequireFields<MutationUpdateSettingsArgs, 'input'>>;
};

export type PolicyResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Policy'] = ResolversParentTypes['Policy']> = {
  activeVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  analysisType?: Resolver<ResolversTypes['AnalysisType'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  versions?: Resolver<Array<ResolversTypes['PolicyVersion']>, ParentType, ContextType>;
};

export type PolicyRefResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['PolicyRef'] = ResolversParentTypes['PolicyRef']> = {
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type PolicyVersionResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['PolicyVersion'] = ResolversParentTypes['PolicyVersion']> = {
  createdAt?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  hidden?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  note?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  settings?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type PolicyVersionRefResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['PolicyVersionRef'] = ResolversParentTypes['PolicyVersionRef']> = {
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  agent?: Resolver<Maybe<ResolversTypes['Agent']>, ParentType, ContextType, RequireFields<QueryAgentArgs, 'id'>>;
  agentLogs?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType, RequireFields<QueryAgentLogsArgs, 'id' | 'limit'>>;
  agents?: Resolver<Array<ResolversTypes['Agent']>, ParentType, ContextType, Partial<QueryAgentsArgs>>;
  alerts?: Resolver<ResolversTypes['AlertList'], ParentType, ContextType, RequireFields<QueryAlertsArgs, 'limit' | 'unreadOnly'>>;
  analysisResult?: Resolver<Maybe<ResolversTypes['AnalysisResult']>, ParentType, ContextType, RequireFields<QueryAnalysisResultArgs, 'runId'>>;
  analysisSummary?: Resolver<ResolversTypes['AnalysisSummary'], ParentType, ContextType, Partial<QueryAnalysisSummaryArgs>>;
  apiTokens?: Resolver<Array<ResolversTypes['ApiToken']>, ParentType, ContextType, RequireFields<QueryApiTokensArgs, 'includeInactive'>>;
  auditLog?: Resolver<ResolversTypes['AuditPage'], ParentType, ContextType, RequireFields<QueryAuditLogArgs, 'page' | 'pageSize'>>;
  checkUpdate?: Resolver<ResolversTypes['UpdateCheck'], ParentType, ContextType>;
  clusters?: Resolver<ResolversTypes['ClusterPage'], ParentType, ContextType, RequireFields<QueryClustersArgs, 'page' | 'pageSize'>>;
  connection?: Resolver<Maybe<ResolversTypes['Connection']>, ParentType, ContextType, RequireFields<QueryConnectionArgs, 'id'>>;
  connections?: Resolver<Array<ResolversTypes['Connection']>, ParentType, ContextType, Partial<QueryConnectionsArgs>>;
  datastores?: Resolver<ResolversTypes['DatastorePage'], ParentType, ContextType, RequireFields<QueryDatastoresArgs, 'page' | 'pageSize'>>;
  diagnosticsPackage?: Resolver<ResolversTypes['DiagnosticsPackage'], ParentType, ContextType>;
  entityDetail?: Resolver<ResolversTypes['EntityDetail'], ParentType, ContextType, RequireFields<QueryEntityDetailArgs, 'entityId' | 'entityType'>>;
  findings?: Resolver<Array<ResolversTypes['Finding']>, ParentType, ContextType, RequireFields<QueryFindingsArgs, 'limit' | 'status'>>;
  hosts?: Resolver<ResolversTypes['HostPage'], ParentType, ContextType, RequireFields<QueryHostsArgs, 'page' | 'pageSize'>>;
  importJob?: Resolver<Maybe<ResolversTypes['ImportJob']>, ParentType, ContextType, RequireFields<QueryImportJobArgs, 'id'>>;
  importJobs?: Resolver<Array<ResolversTypes['ImportJob']>, ParentType, ContextType, RequireFields<QueryImportJobsArgs, 'limit'>>;
  importRejections?: Resolver<ResolversTypes['RejectedRecordPage'], ParentType, ContextType, RequireFields<QueryImportRejectionsArgs, 'id' | 'page' | 'pageSize'>>;
  job?: Resolver<Maybe<ResolversTypes['Job']>, ParentType, ContextType, RequireFields<QueryJobArgs, 'id'>>;
  jobs?: Resolver<Array<ResolversTypes['Job']>, ParentType, ContextType, Partial<QueryJobsArgs>>;
  me?: Resolver<ResolversTypes['Identity'], ParentType, ContextType>;
  metrics?: Resolver<ResolversTypes['EntityMetrics'], ParentType, ContextType, RequireFields<QueryMetricsArgs, 'aggregation' | 'entityId' | 'entityType' | 'interval'>>;
  policies?: Resolver<Array<ResolversTypes['Policy']>, ParentType, ContextType, RequireFields<QueryPoliciesArgs, 'includeHidden'>>;
  report?: Resolver<Maybe<ResolversTypes['Report']>, ParentType, ContextType, RequireFields<QueryReportArgs, 'id'>>;
  reports?: Resolver<ResolversTypes['ReportPage'], ParentType, ContextType, RequireFields<QueryReportsArgs, 'page' | 'pageSize'>>;
  settings?: Resolver<ResolversTypes['Settings'], ParentType, ContextType>;
  settingsHistory?: Resolver<Array<ResolversTypes['SettingsChange']>, ParentType, ContextType, RequireFields<QuerySettingsHistoryArgs, 'limit'>>;
  systemHealth?: Resolver<ResolversTypes['SystemHealth'], ParentType, ContextType>;
  systemInfo?: Resolver<ResolversTypes['SystemInfo'], ParentType, ContextType>;
  systemMetrics?: Resolver<ResolversTypes['SystemMetrics'], ParentType, ContextType>;
  task?: Resolver<Maybe<ResolversTypes['Task']>, ParentType, ContextType, RequireFields<QueryTaskArgs, 'id'>>;
  taskInstances?: Resolver<Array<ResolversTypes['TaskInstance']>, ParentType, ContextType, RequireFields<QueryTaskInstancesArgs, 'limit'>>;
  taskList?: Resolver<ResolversTypes['TaskSummaryPage'], ParentType, ContextType, RequireFields<QueryTaskListArgs, 'first'>>;
  taskLogs?: Resolver<Array<ResolversTypes['TaskLog']>, ParentType, ContextType, RequireFields<QueryTaskLogsArgs, 'limit' | 'taskId'>>;
  tasks?: Resolver<Array<ResolversTypes['Task']>, ParentType, ContextType, RequireFields<QueryTasksArgs, 'limit'>>;
  vmHistory?: Resolver<ResolversTypes['VmHistory'], ParentType, ContextType, RequireFields<QueryVmHistoryArgs, 'connectionId' | 'vmId'>>;
  vms?: Resolver<ResolversTypes['VmPage'], ParentType, ContextType, RequireFields<QueryVmsArgs, 'page' | 'pageSize'>>;
};

export type RejectedRecordResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['RejectedRecord'] = ResolversParentTypes['RejectedRecord']> = {
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  line?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  record?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  rejectedAt?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  sourceEventId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  stage?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type RejectedRecordPageResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['RejectedRecordPage'] = ResolversParentTypes['RejectedRecordPage']> = {
  items?: Resolver<Array<ResolversTypes['RejectedRecord']>, ParentType, ContextType>;
  page?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  pageSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ReportResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Report'] = ResolversParentTypes['Report']> = {
  bytes?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  connectionId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  downloadUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  entityIds?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
  errorMessage?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  format?: Resolver<ResolversTypes['ReportFormat'], ParentType, ContextType>;
  generatedAt?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  path?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  progress?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  reportType?: Resolver<ResolversTypes['ReportType'], ParentType, ContextType>;
  requestedAt?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  runId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  sha256?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ReportStatus'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ReportBrandingResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['ReportBranding'] = ResolversParentTypes['ReportBranding']> = {
  accentColour?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  footer?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  logo?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  organisation?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ReportPageResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['ReportPage'] = ResolversParentTypes['ReportPage']> = {
  items?: Resolver<Array<ResolversTypes['Report']>, ParentType, ContextType>;
  page?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  pageSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type RetentionResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Retention'] = ResolversParentTypes['Retention']> = {
  rawSampleDays?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  reportDays?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type RiskCountsResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['RiskCounts'] = ResolversParentTypes['RiskCounts']> = {
  high?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  low?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  medium?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type RunningTaskResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['RunningTask'] = ResolversParentTypes['RunningTask']> = {
  instanceId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  taskId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type SavingsResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Savings'] = ResolversParentTypes['Savings']> = {
  amount?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  cpuCores?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  diskGb?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  memoryMb?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type ServiceHealthResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['ServiceHealth'] = ResolversParentTypes['ServiceHealth']> = {
  instances?: Resolver<Array<ResolversTypes['ServiceInstance']>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['HealthStatus'], ParentType, ContextType>;
};

export type ServiceInstanceResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['ServiceInstance'] = ResolversParentTypes['ServiceInstance']> = {
  build?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  checks?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  commit?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  instance?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  lastSeenAt?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  nodeVersion?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  online?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  ready?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  service?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  startedAt?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  uptimeSec?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type SettingsResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Settings'] = ResolversParentTypes['Settings']> = {
  currencyAndPrices?: Resolver<ResolversTypes['CurrencyAndPrices'], ParentType, ContextType>;
  reportBranding?: Resolver<ResolversTypes['ReportBranding'], ParentType, ContextType>;
  retention?: Resolver<ResolversTypes['Retention'], ParentType, ContextType>;
  revision?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  timeZone?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  updatedAt?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  updatedBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type SettingsChangeResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['SettingsChange'] = ResolversParentTypes['SettingsChange']> = {
  changedAt?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  changedBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  revision?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  section?: Resolver<ResolversTypes['SettingsSection'], ParentType, ContextType>;
  traceId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
};

export type StreamRateResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['StreamRate'] = ResolversParentTypes['StreamRate']> = {
  eventsPerSecond?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  lastSeq?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  messages?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  stream?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type SubscriptionResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = {
  agentStatusChanged?: SubscriptionResolver<ResolversTypes['AgentStatusChange'], "agentStatusChanged", ParentType, ContextType, Partial<SubscriptionAgentStatusChangedArgs>>;
  alertCreated?: SubscriptionResolver<ResolversTypes['Alert'], "alertCreated", ParentType, ContextType>;
  taskCompleted?: SubscriptionResolver<ResolversTypes['TaskEvent'], "taskCompleted", ParentType, ContextType, Partial<SubscriptionTaskCompletedArgs>>;
  taskProgress?: SubscriptionResolver<ResolversTypes['TaskEvent'], "taskProgress", ParentType, ContextType, Partial<SubscriptionTaskProgressArgs>>;
};

export type SystemHealthResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['SystemHealth'] = ResolversParentTypes['SystemHealth']> = {
  agents?: Resolver<ResolversTypes['AgentCounts'], ParentType, ContextType>;
  checkedAt?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  clickhouse?: Resolver<ResolversTypes['ComponentHealth'], ParentType, ContextType>;
  nats?: Resolver<ResolversTypes['ComponentHealth'], ParentType, ContextType>;
  services?: Resolver<Array<ResolversTypes['ServiceHealth']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['HealthStatus'], ParentType, ContextType>;
};

export type SystemInfoResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['SystemInfo'] = ResolversParentTypes['SystemInfo']> = {
  clickhouseVersion?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  natsVersion?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  services?: Resolver<Array<ResolversTypes['ServiceInstance']>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type SystemMetricsResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['SystemMetrics'] = ResolversParentTypes['SystemMetrics']> = {
  agents?: Resolver<ResolversTypes['AgentCounts'], ParentType, ContextType>;
  consumers?: Resolver<Array<ResolversTypes['ConsumerLag']>, ParentType, ContextType>;
  eventsPerSecond?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  instancesOffline?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  instancesOnline?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sampledAt?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  streams?: Resolver<Array<ResolversTypes['StreamRate']>, ParentType, ContextType>;
  tasks?: Resolver<Array<ResolversTypes['TaskStateCount']>, ParentType, ContextType>;
  totalLag?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type TaskResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Task'] = ResolversParentTypes['Task']> = {
  attempt?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  connectionId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  currentStep?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  errorCode?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  errorMessage?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  finishedAt?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  loadedAt?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  progress?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  startedAt?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  totalSteps?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type TaskEventResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['TaskEvent'] = ResolversParentTypes['TaskEvent']> = {
  at?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  code?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  currentStep?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['TaskEventKind'], ParentType, ContextType>;
  message?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  progress?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  taskId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  taskType?: Resolver<ResolversTypes['TaskType'], ParentType, ContextType>;
  totalSteps?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
};

export type TaskInstanceResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['TaskInstance'] = ResolversParentTypes['TaskInstance']> = {
  agentId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  attempt?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  endedAt?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  site?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  startedAt?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['TaskInstanceStatus'], ParentType, ContextType>;
  taskId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  taskType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type TaskLogResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['TaskLog'] = ResolversParentTypes['TaskLog']> = {
  level?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  taskId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  timestamp?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type TaskStateCountResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['TaskStateCount'] = ResolversParentTypes['TaskStateCount']> = {
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  state?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  taskType?: Resolver<ResolversTypes['TaskType'], ParentType, ContextType>;
};

export type TaskSummaryResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['TaskSummary'] = ResolversParentTypes['TaskSummary']> = {
  connectionId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  finishedAt?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  parentId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  progress?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  taskType?: Resolver<ResolversTypes['TaskType'], ParentType, ContextType>;
};

export type TaskSummaryPageResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['TaskSummaryPage'] = ResolversParentTypes['TaskSummaryPage']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  items?: Resolver<Array<ResolversTypes['TaskSummary']>, ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type UpdateCheckResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['UpdateCheck'] = ResolversParentTypes['UpdateCheck']> = {
  checkedAt?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  current?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  latest?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  notes?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['UpdateStatus'], ParentType, ContextType>;
  url?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type VmResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Vm'] = ResolversParentTypes['Vm']> = {
  clusterId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  clusterName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  connectionId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  cpuCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  createdAt?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  datacenter?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  diskGb?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  guestOs?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  hostId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hostName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  ipAddress?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  isTemplate?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  memoryMb?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  observedAt?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  overallStatus?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  powerState?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  powerStateChangedAt?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  toolsStatus?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  uuid?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type VmChangeResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['VmChange'] = ResolversParentTypes['VmChange']> = {
  field?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  from?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  observedAt?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  reportedAt?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  to?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
};

export type VmHistoryResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['VmHistory'] = ResolversParentTypes['VmHistory']> = {
  changes?: Resolver<Array<ResolversTypes['VmChange']>, ParentType, ContextType>;
  firstSeenAt?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  lastSeenAt?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
};

export type VmPageResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['VmPage'] = ResolversParentTypes['VmPage']> = {
  items?: Resolver<Array<ResolversTypes['Vm']>, ParentType, ContextType>;
  page?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  pageSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type Resolvers<ContextType = ApiContext> = {
  Agent?: AgentResolvers<ContextType>;
  AgentCommandResult?: AgentCommandResultResolvers<ContextType>;
  AgentCounts?: AgentCountsResolvers<ContextType>;
  AgentStatusChange?: AgentStatusChangeResolvers<ContextType>;
  Alert?: AlertResolvers<ContextType>;
  AlertList?: AlertListResolvers<ContextType>;
  AnalysisResult?: AnalysisResultResolvers<ContextType>;
  AnalysisRun?: AnalysisRunResolvers<ContextType>;
  AnalysisSummary?: AnalysisSummaryResolvers<ContextType>;
  ApiToken?: ApiTokenResolvers<ContextType>;
  AuditEntry?: AuditEntryResolvers<ContextType>;
  AuditPage?: AuditPageResolvers<ContextType>;
  BulkAnalysis?: BulkAnalysisResolvers<ContextType>;
  Cluster?: ClusterResolvers<ContextType>;
  ClusterPage?: ClusterPageResolvers<ContextType>;
  ComponentHealth?: ComponentHealthResolvers<ContextType>;
  Connection?: ConnectionResolvers<ContextType>;
  ConnectionTestResult?: ConnectionTestResultResolvers<ContextType>;
  ConsumerLag?: ConsumerLagResolvers<ContextType>;
  CreatedApiToken?: CreatedApiTokenResolvers<ContextType>;
  CurrencyAndPrices?: CurrencyAndPricesResolvers<ContextType>;
  Datastore?: DatastoreResolvers<ContextType>;
  DatastorePage?: DatastorePageResolvers<ContextType>;
  DiagnosticsPackage?: DiagnosticsPackageResolvers<ContextType>;
  EntityDetail?: EntityDetailResolvers<ContextType>;
  EntityMetrics?: EntityMetricsResolvers<ContextType>;
  File?: GraphQLScalarType;
  Finding?: FindingResolvers<ContextType>;
  Host?: HostResolvers<ContextType>;
  HostPage?: HostPageResolvers<ContextType>;
  Identity?: IdentityResolvers<ContextType>;
  ImportJob?: ImportJobResolvers<ContextType>;
  ImportNamespaceDeletion?: ImportNamespaceDeletionResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  Job?: JobResolvers<ContextType>;
  JobAction?: JobActionResolvers<ContextType>;
  JobRun?: JobRunResolvers<ContextType>;
  JobRunError?: JobRunErrorResolvers<ContextType>;
  JobSchedule?: JobScheduleResolvers<ContextType>;
  JobWork?: JobWorkResolvers<ContextType>;
  MetricPoint?: MetricPointResolvers<ContextType>;
  MetricSeries?: MetricSeriesResolvers<ContextType>;
  MetricStats?: MetricStatsResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Policy?: PolicyResolvers<ContextType>;
  PolicyRef?: PolicyRefResolvers<ContextType>;
  PolicyVersion?: PolicyVersionResolvers<ContextType>;
  PolicyVersionRef?: PolicyVersionRefResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RejectedRecord?: RejectedRecordResolvers<ContextType>;
  RejectedRecordPage?: RejectedRecordPageResolvers<ContextType>;
  Report?: ReportResolvers<ContextType>;
  ReportBranding?: ReportBrandingResolvers<ContextType>;
  ReportPage?: ReportPageResolvers<ContextType>;
  Retention?: RetentionResolvers<ContextType>;
  RiskCounts?: RiskCountsResolvers<ContextType>;
  RunningTask?: RunningTaskResolvers<ContextType>;
  Savings?: SavingsResolvers<ContextType>;
  ServiceHealth?: ServiceHealthResolvers<ContextType>;
  ServiceInstance?: ServiceInstanceResolvers<ContextType>;
  Settings?: SettingsResolvers<ContextType>;
  SettingsChange?: SettingsChangeResolvers<ContextType>;
  StreamRate?: StreamRateResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  SystemHealth?: SystemHealthResolvers<ContextType>;
  SystemInfo?: SystemInfoResolvers<ContextType>;
  SystemMetrics?: SystemMetricsResolvers<ContextType>;
  Task?: TaskResolvers<ContextType>;
  TaskEvent?: TaskEventResolvers<ContextType>;
  TaskInstance?: TaskInstanceResolvers<ContextType>;
  TaskLog?: TaskLogResolvers<ContextType>;
  TaskStateCount?: TaskStateCountResolvers<ContextType>;
  TaskSummary?: TaskSummaryResolvers<ContextType>;
  TaskSummaryPage?: TaskSummaryPageResolvers<ContextType>;
  UpdateCheck?: UpdateCheckResolvers<ContextType>;
  Vm?: VmResolvers<ContextType>;
  VmChange?: VmChangeResolvers<ContextType>;
  VmHistory?: VmHistoryResolvers<ContextType>;
  VmPage?: VmPageResolvers<ContextType>;
};

