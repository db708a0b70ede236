import { Events } from '../catalogue';
import { heartbeatSubject, heartbeatSubjects } from '../contracts/messages';
import type { StreamName } from '../define-event';
import { SERVICE_EVENTS, type ServiceEvents } from '../topology';
import { ADVISORIES_STREAM, contextSubjectPrefix, DLQ_STREAM, streamSpecs } from './streams';

/**
 * Who may do what on the bus: the subject permissions of each service's NATS user (and of an agent's), from which the
 * nats-server configuration is written (the quick start, the test helpers, and the chart's
 * `helm/justfit/files/nats-permissions.json`, checked against this file by a test).
 *
 * The rules:
 * - a service publishes only to the streams of the contexts it owns (`justfit.<context>.>`): a collector cannot append
 *   findings;
 * - it reads (creates consumers on, fetches from, acks, reads messages of) only the streams it consumes;
 * - replies come back to its own inbox prefix (`_INBOX.<service>`) only, so no service can read the replies, and the
 *   messages delivered to consumers, of another;
 * - it answers its own commands (`justfit.cmd.<service>.>`, replies to the inboxes of the services that send them) and
 *   sends only the commands it needs;
 * - only the stream-managing service (etl) may create or update the JustFit streams: a service that could update a
 *   stream could also shrink its limits and so delete the event store.
 */

/** The JetStream object store holding generated report files (written by the reporter, read by every API replica). */
export const REPORTS_BUCKET = 'justfit_reports';

export const BUS_SERVICES = ['collector', 'etl', 'analyzer', 'reporter', 'scheduler', 'query-api'] as const;
export type BusService = (typeof BUS_SERVICES)[number];

/** The service that creates and updates the streams (its NATS_MANAGE_STREAMS is true; the others wait for them). */
export const STREAM_MANAGER: BusService = 'etl';

export interface BusAccess {
  /** Contexts whose events the service appends: the streams of the events it declares it produces. */
  appends: readonly StreamName[];
  /**
   * Streams the service reads, besides ADVISORIES (every service runs a dead-letter forwarder): those of the events
   * it consumes and of the aggregates it reads, as declared (topology/), and the DLQ for query-api.
   */
  reads: readonly (StreamName | typeof DLQ_STREAM)[];
  /** Whether it answers commands on `justfit.cmd.<service>.>`. */
  servesCommands: boolean;
  /** Services whose commands it sends. */
  commandsTo: readonly BusService[];
  /** Key-value buckets it owns (creates, writes and reads). */
  kvBuckets?: readonly string[];
  /** Object store buckets it owns (creates, writes and reads). */
  objectBuckets?: readonly string[];
  /** Object store buckets of another service that it reads. */
  readsObjectBuckets?: readonly string[];
  /** Core subjects it both publishes and subscribes to (coordination between its own replicas). */
  control?: readonly string[];
  /** Lists and reads the consumers of every stream (consumer lag for metrics, dashboards and diagnostics). */
  inspectsConsumers?: boolean;
  /** Hears every service instance's heartbeat (systemHealth, systemInfo). */
  hearsHeartbeats?: boolean;
}

type CommandAccess = Omit<BusAccess, 'appends' | 'reads'> & { extraReads?: readonly (typeof DLQ_STREAM)[] };

const COMMAND_ACCESS: Record<BusService, CommandAccess> = {
  collector: {
    servesCommands: true,
    commandsTo: [],
    kvBuckets: ['justfit_secrets'],
    // A stop request (CancelCollectTask) reaches whichever collector replica runs the task; each collector is an
    // agent, registering, heartbeating and answering control requests on `justfit.agents.<agentId>.>`.
    control: ['justfit.ctl.collector.>', 'justfit.agents.>'],
  },
  etl: {
    servesCommands: false,
    commandsTo: [],
    // Which replica loads which RAW partition (leases, see services/etl/src/partitions).
    kvBuckets: ['justfit_etl_partitions'],
  },
  // A stop request (CancelAnalysisRun) reaches whichever analyzer replica queued or runs the analysis.
  analyzer: { servesCommands: true, commandsTo: [], control: ['justfit.ctl.analyzer.>'] },
  // Report files go to the object store, where every query-api replica serves them.
  reporter: { servesCommands: true, commandsTo: [], objectBuckets: [REPORTS_BUCKET] },
  // The scheduler starts the work of a run with the command of the service that does it.
  scheduler: { servesCommands: true, commandsTo: ['collector', 'analyzer', 'reporter'] },
  'query-api': {
    servesCommands: false,
    commandsTo: ['collector', 'analyzer', 'reporter', 'scheduler'],
    extraReads: [DLQ_STREAM],
    // Report files, served to whoever may read the report.
    readsObjectBuckets: [REPORTS_BUCKET],
    inspectsConsumers: true,
    hearsHeartbeats: true,
    // An import's progress, told by the replica publishing it to every replica's task subscriptions; the agent
    // registry: registrations, heartbeats and control requests of every agent, and broadcasts to them.
    control: ['justfit.live.imports.>', 'justfit.agents.>', 'justfit.ctl.collector.broadcast'],
  },
};

const inStreamOrder = <S extends string>(streams: Iterable<S>): S[] => {
  const order: string[] = streamSpecs.map((s) => s.name);
  return [...new Set(streams)].sort((a, b) => order.indexOf(a) - order.indexOf(b));
};

function busAccess(service: BusService): BusAccess {
  const declared: ServiceEvents = SERVICE_EVENTS[service];
  const { extraReads = [], ...rest } = COMMAND_ACCESS[service];
  return {
    appends: inStreamOrder(declared.produces.map((name) => Events[name].stream)),
    reads: inStreamOrder([
      ...declared.consumes.flatMap((c) => c.events.map((name) => Events[name].stream)),
      ...declared.readsAggregates,
      ...extraReads,
    ]),
    ...rest,
  };
}

export const BUS_ACCESS: Record<BusService, BusAccess> = Object.fromEntries(
  BUS_SERVICES.map((service) => [service, busAccess(service)]),
) as Record<BusService, BusAccess>;

/** What nats-server enforces for one user: `permissions { publish, subscribe, allow_responses }`. */
export interface SubjectPermissions {
  publish: string[];
  subscribe: string[];
  /** Replies allowed to the reply subject of a request it received (once), and nothing else on `_INBOX`. */
  allowResponses: boolean;
}

/** The inbox prefix of a connection; a user may subscribe only under its own. */
export function inboxPrefix(identity: string): string {
  return `_INBOX.${identity}`;
}

const api = '$JS.API';

/** JetStream API subjects to read a stream: consumers (durable and ordered), fetches, acks, stored messages. */
function readStreamSubjects(stream: string): string[] {
  return [
    `${api}.STREAM.INFO.${stream}`,
    `${api}.STREAM.MSG.GET.${stream}`,
    `${api}.DIRECT.GET.${stream}`,
    `${api}.DIRECT.GET.${stream}.>`,
    // Without a name (ordered consumers with several filters), with a name, with a name and a filter.
    `${api}.CONSUMER.CREATE.${stream}`,
    `${api}.CONSUMER.CREATE.${stream}.>`,
    `${api}.CONSUMER.DURABLE.CREATE.${stream}.>`,
    `${api}.CONSUMER.INFO.${stream}.>`,
    `${api}.CONSUMER.DELETE.${stream}.>`,
    `${api}.CONSUMER.MSG.NEXT.${stream}.>`,
    `$JS.ACK.${stream}.>`,
  ];
}

function kvSubjects(bucket: string): string[] {
  const stream = `KV_${bucket}`;
  return [
    `${api}.STREAM.CREATE.${stream}`,
    `${api}.STREAM.UPDATE.${stream}`,
    ...readStreamSubjects(stream),
    `$KV.${bucket}.>`,
  ];
}

/** Reading an object: its metadata (direct get) and its chunks (an ordered push consumer with flow control). */
function objectReadSubjects(bucket: string): string[] {
  const stream = `OBJ_${bucket}`;
  return [...readStreamSubjects(stream), `$JS.FC.${stream}.>`];
}

function objectOwnerSubjects(bucket: string): string[] {
  const stream = `OBJ_${bucket}`;
  return [
    `${api}.STREAM.CREATE.${stream}`,
    `${api}.STREAM.UPDATE.${stream}`,
    // Replacing or deleting an object purges its old chunks.
    `${api}.STREAM.PURGE.${stream}`,
    ...objectReadSubjects(bucket),
    `$O.${bucket}.>`,
  ];
}

const unique = (subjects: string[]) => [...new Set(subjects)];

/**
 * The services that send `service` commands: it may publish its replies into their inboxes. The server's response
 * permission (`allow_responses`) alone is not enough on a cluster: it is a grant held by the connection the request
 * was delivered on, so a service whose node dies while it handles a command reconnects to another node without it,
 * and its reply is refused (a publish violation) while the caller waits out its timeout (five minutes for an
 * analysis). An inbox subject ends in a random token, which a service learns only from a request it received.
 */
function commandCallers(service: BusService): BusService[] {
  return BUS_SERVICES.filter((caller) => BUS_ACCESS[caller].commandsTo.includes(service));
}

export function servicePermissions(service: BusService): SubjectPermissions {
  const access = BUS_ACCESS[service];
  const allStreams = streamSpecs.map((s) => s.name);
  const publish = [
    // Account info: the JetStream manager checks the API once at connect.
    `${api}.INFO`,
    // Every service waits at start until the streams it uses exist.
    ...allStreams.map((stream) => `${api}.STREAM.INFO.${stream}`),
    ...(service === STREAM_MANAGER
      ? allStreams.flatMap((stream) => [`${api}.STREAM.CREATE.${stream}`, `${api}.STREAM.UPDATE.${stream}`])
      : []),
    ...access.appends.map((context) => `${contextSubjectPrefix(context)}.>`),
    ...access.reads.flatMap(readStreamSubjects),
    // Dead letters: each service's forwarder reads the consumer advisories, fetches the original message from the
    // stream it died in (read-only, by sequence) and copies it to the DLQ stream.
    ...readStreamSubjects(ADVISORIES_STREAM),
    ...allStreams.map((stream) => `${api}.STREAM.MSG.GET.${stream}`),
    'justfit.dlq.>',
    ...access.commandsTo.map((target) => `justfit.cmd.${target}.>`),
    ...(access.kvBuckets ?? []).flatMap(kvSubjects),
    ...(access.objectBuckets ?? []).flatMap(objectOwnerSubjects),
    ...(access.readsObjectBuckets ?? []).flatMap(objectReadSubjects),
    ...(access.control ?? []),
    ...(access.servesCommands ? commandCallers(service).map((caller) => `${inboxPrefix(caller)}.>`) : []),
    // Each instance's heartbeat (systemHealth, systemInfo).
    heartbeatSubject(service),
    ...(access.inspectsConsumers
      ? allStreams.flatMap((stream) => [`${api}.CONSUMER.LIST.${stream}`, `${api}.CONSUMER.INFO.${stream}.>`])
      : []),
  ];
  const subscribe = [
    `${inboxPrefix(service)}.>`,
    ...(access.servesCommands ? [`justfit.cmd.${service}.>`] : []),
    ...(access.control ?? []),
    ...(access.hearsHeartbeats ? [heartbeatSubjects] : []),
  ];
  return { publish: unique(publish), subscribe: unique(subscribe), allowResponses: access.servesCommands };
}

/** Characters an agent id may hold: it becomes one subject token and a user name. */
const agentIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * An agent (a collector that runs near its platform) talks only on its own subjects: it publishes and receives under
 * `justfit.agents.<agentId>.>` and gets replies on `_INBOX.agents.<agentId>`. Whatever it reports enters JustFit
 * through a service that validates it; it can neither append to a stream nor read one.
 */
export function agentPermissions(agentId: string): SubjectPermissions {
  if (!agentIdPattern.test(agentId)) {
    throw new Error(`agent id ${JSON.stringify(agentId)} must be 1-64 letters, digits, '-' or '_'`);
  }
  const own = `justfit.agents.${agentId}.>`;
  return { publish: [own], subscribe: [own, `${inboxPrefix(`agents.${agentId}`)}.>`], allowResponses: true };
}

/** The inbox prefix an agent connects with. */
export const agentInboxPrefix = (agentId: string) => inboxPrefix(`agents.${agentId}`);

/**
 * Every permission set in one document, for nats-server configurations made elsewhere (the chart renders its
 * `files/nats-permissions.json`, generated from this by `npm run generate:chart-files`). The agent template holds
 * `{agentId}` where the agent's id goes.
 */
export function permissionsDocument() {
  const template = agentPermissions('AGENTID');
  const fill = (subjects: string[]) => subjects.map((s) => s.replace('AGENTID', '{agentId}'));
  return {
    account: 'JUSTFIT',
    streamManager: STREAM_MANAGER,
    services: Object.fromEntries(BUS_SERVICES.map((service) => [service, servicePermissions(service)])),
    agentTemplate: {
      publish: fill(template.publish),
      subscribe: fill(template.subscribe),
      allowResponses: template.allowResponses,
    },
  };
}
