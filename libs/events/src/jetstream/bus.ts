import { randomUUID } from 'node:crypto';
import {
  JetStreamApiError,
  jetstream,
  type JetStreamClient,
  type JetStreamManager,
  type JetStreamPublishOptions,
  jetstreamManager,
  type MsgRequest,
  type StoredMsg,
} from '@nats-io/jetstream';
import { readFileSync } from 'node:fs';
import {
  type ConnectionOptions,
  credsAuthenticator,
  headers,
  type NatsConnection,
  nkeyAuthenticator,
} from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { type JustFitEvent, parseEvent } from '../envelope';
import {
  type CommandHandlers,
  type CommandRequestOptions,
  type CommandServer,
  type ErrorLogger,
  requestCommand,
  serveCommands,
  type ServeCommandsOptions,
} from './command-channel';
import { inboxPrefix } from './permissions';
import { awaitStreams, ensureStreams, subjectFor } from './streams';

/** How a connection proves who it is: a user and password, a JWT creds file, or an nkey seed file. */
export type NatsCredentials = { user: string; pass: string } | { credsFile: string } | { nkeySeedFile: string };

export interface EventBusOptions {
  servers: string | string[];
  /**
   * Connection name, shown by the server's monitoring (use the service name). It is also the inbox prefix's last
   * token (`_INBOX.<name>`): the service's NATS user may subscribe only there.
   */
  name: string;
  replicas?: number;
  /** Partitions of the RAW stream, set by the stream manager (see raw-partitions.ts). */
  rawPartitions?: number;
  /** Without credentials the server must allow anonymous clients (a development server). */
  auth?: NatsCredentials;
  /**
   * Create or update every stream from its declaration (default). False: wait until the streams exist, for a user
   * without the right to manage them (every service but the stream manager).
   */
  manageStreams?: boolean;
  /** How long to wait for the streams when they are not managed here; default 2 minutes. */
  streamsTimeoutMs?: number;
  /** Errors that have no caller to go to (failed command handlers, broken consumers); default console.error. */
  logError?: ErrorLogger;
  /**
   * How long a publish is retried while no stream leader answers (a NATS cluster electing one after a node died);
   * default 30 s. Safe: the event id is the message id, so a retry of a publish that was stored is dropped (with an
   * expected subject sequence it is refused as a conflict instead, which the writer resolves by reading again).
   */
  publishRetryMs?: number;
}

/** Errors of a publish that no stream leader answered (yet): no responders, or no reply in time. */
const UNANSWERED = new Set(['JetStreamNotEnabled', 'NoRespondersError', 'TimeoutError', 'RequestError']);
const isUnanswered = (e: unknown, depth = 0): boolean =>
  e instanceof Error && depth < 5 && (UNANSWERED.has(e.name) || isUnanswered(e.cause, depth + 1));

/** The nats.js options for `auth`; files are read now, so a missing one fails the start. */
export function authOptions(auth: NatsCredentials | undefined): Partial<ConnectionOptions> {
  if (!auth) return {};
  if ('user' in auth) return { user: auth.user, pass: auth.pass };
  if ('credsFile' in auth) return { authenticator: credsAuthenticator(readFileSync(auth.credsFile)) };
  return { authenticator: nkeyAuthenticator(new TextEncoder().encode(readFileSync(auth.nkeySeedFile, 'utf8').trim())) };
}

export interface EventPublishOptions {
  /** Optimistic concurrency: refuse unless the last sequence stored on `expectSubject` is this (0 = none yet). */
  expectLastSubjectSequence?: number;
  /** The subject (wildcards allowed) `expectLastSubjectSequence` is checked on; by default the event's own. */
  expectSubject?: string;
  timeoutMs?: number;
}

/** A JetStream publish acknowledgement, or its refusal. */
interface PubAckReply {
  seq?: number;
  count?: number;
  error?: { code: number; err_code: number; description: string };
}

/**
 * Atomic batch publishing (nats-server 2.12+, streams with `allow_atomic`): the headers of ADR-50, sent here rather
 * than through the client's `startBatch`, whose commit hides the server's refusal (a wrong last sequence must become
 * a ConcurrencyError).
 */
const BatchHeaders = {
  id: 'Nats-Batch-Id',
  sequence: 'Nats-Batch-Sequence',
  commit: 'Nats-Batch-Commit',
  msgId: 'Nats-Msg-Id',
  expectedLastSubjectSequence: 'Nats-Expected-Last-Subject-Sequence',
  expectedLastSubjectSequenceSubject: 'Nats-Expected-Last-Subject-Sequence-Subject',
} as const;

/** Called after each message of an atomic batch leaves, before the next (lets a test stop a writer part-way). */
export type BatchProgressHook = (sent: number, total: number) => Promise<void> | void;

export interface PublishResult {
  seq: number;
  /** True when a message with the same event id was already stored within the duplicate window. */
  duplicate: boolean;
}

function acceptBatch(ack: PubAckReply, expectedCount: number | undefined): PublishResult {
  if (ack.error) throw new JetStreamApiError({ ...ack.error });
  if (expectedCount !== undefined && ack.count !== expectedCount) {
    throw new Error(`atomic batch stored ${String(ack.count)} of ${expectedCount} messages`);
  }
  return { seq: ack.seq ?? 0, duplicate: false };
}

/** Headers every event carries, so tools can route and trace without parsing the body. */
export const EventHeaders = { type: 'ce-type', traceId: 'traceid' } as const;

/** How long one JetStream request retried by `whileUnanswered` waits for its answer. */
const retriedRequestTimeoutMs = 5000;

/** One NATS connection of a service: events go to JetStream, commands travel over core request/reply. */
export class EventBus {
  private constructor(
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
    /** The same API with short timeouts, for the requests retried while no leader answers. */
    private readonly retriedJsm: JetStreamManager,
    readonly logError: ErrorLogger,
    private readonly publishRetryMs: number,
  ) {}

  /** Connects and makes sure every stream exists with the configuration declared in code. */
  static async connect(opts: EventBusOptions): Promise<EventBus> {
    const nc = await connect({
      servers: opts.servers,
      name: opts.name,
      maxReconnectAttempts: -1,
      inboxPrefix: inboxPrefix(opts.name),
      ...authOptions(opts.auth),
    });
    try {
      // On a busy cluster, creating a stream with three replicas (a RAFT group) can take longer than the default 5 s.
      const jsm = await jetstreamManager(nc, { timeout: 30_000 });
      if (opts.manageStreams === false) await awaitStreams(jsm, { timeoutMs: opts.streamsTimeoutMs });
      else await ensureStreams(jsm, { replicas: opts.replicas, rawPartitions: opts.rawPartitions });
      return new EventBus(
        nc,
        jetstream(nc),
        jsm,
        await jetstreamManager(nc, { timeout: retriedRequestTimeoutMs, checkAPI: false }),
        opts.logError ?? ((message, error) => console.error(message, error)),
        opts.publishRetryMs ?? 30_000,
      );
    } catch (e) {
      await nc.close();
      throw e;
    }
  }

  /**
   * Validates the event against its catalogue schema and stores it on `justfit.<context>.<subject>`. The event id is
   * the message id, so publishing the same event again within the duplicate window stores it once.
   */
  async publish(event: JustFitEvent, opts: EventPublishOptions = {}): Promise<PublishResult> {
    const valid = parseEvent(event);
    const h = headers();
    h.set(EventHeaders.type, valid.type);
    h.set(EventHeaders.traceId, valid.traceid);
    const publishOpts: Partial<JetStreamPublishOptions> = { msgID: valid.id, headers: h };
    if (opts.expectLastSubjectSequence !== undefined) {
      publishOpts.expect = {
        lastSubjectSequence: opts.expectLastSubjectSequence,
        ...(opts.expectSubject ? { lastSubjectSequenceSubject: opts.expectSubject } : {}),
      };
    }
    if (opts.timeoutMs !== undefined) publishOpts.timeout = opts.timeoutMs;
    const subject = subjectFor(valid);
    const body = JSON.stringify(valid);
    const ack = await this.whileUnanswered(() => this.js.publish(subject, body, publishOpts));
    return { seq: ack.seq, duplicate: ack.duplicate };
  }

  /**
   * Runs `request` again while no JetStream leader answers it: on a NATS cluster electing one (after a node died, or
   * while a restarted node rejoins) a request is answered by no one and would only time out. Retried for up to
   * `publishRetryMs` (30 s by default); other errors are thrown at once.
   */
  async whileUnanswered<T>(request: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + this.publishRetryMs;
    for (let attempt = 1; ; attempt++) {
      try {
        return await request();
      } catch (e) {
        if (!isUnanswered(e) || Date.now() >= deadline || this.nc.isClosed()) throw e;
        await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 100 * 2 ** attempt)));
      }
    }
  }

  /**
   * A stored message as the stream leader has it (only the leader answers a message get), or null when none matches;
   * asked again while no leader answers.
   */
  getStoredMessage(stream: string, query: MsgRequest): Promise<StoredMsg | null> {
    return this.whileUnanswered(() => this.retriedJsm.streams.getMessage(stream, query));
  }

  /**
   * Publishes without waiting for each ack: the requests leave one connection in array order, so they are stored in
   * that order, and a batch costs about one round trip.
   */
  publishMany(
    events: JustFitEvent[],
    opts: Omit<EventPublishOptions, 'expectLastSubjectSequence'> = {},
  ): Promise<PublishResult[]> {
    return Promise.all(events.map((e) => this.publish(e, opts)));
  }

  /**
   * Stores `events` all together or not at all (a JetStream atomic batch, at most 1000 messages, one stream): should
   * this process die part-way, the server drops the uncommitted batch. The expectation is checked on the first
   * message; the batch is refused whole if it fails, with the JetStreamApiError of the refusal.
   */
  async publishAtomically(
    events: JustFitEvent[],
    opts: EventPublishOptions & { onProgress?: BatchProgressHook } = {},
  ): Promise<PublishResult> {
    const valid = events.map((e) => parseEvent(e));
    const batchId = randomUUID();
    const timeout = opts.timeoutMs ?? 5000;
    for (const [i, event] of valid.entries()) {
      const h = headers();
      h.set(EventHeaders.type, event.type);
      h.set(EventHeaders.traceId, event.traceid);
      h.set(BatchHeaders.msgId, event.id);
      h.set(BatchHeaders.id, batchId);
      h.set(BatchHeaders.sequence, String(i + 1));
      if (i === 0 && opts.expectLastSubjectSequence !== undefined) {
        h.set(BatchHeaders.expectedLastSubjectSequence, String(opts.expectLastSubjectSequence));
        if (opts.expectSubject) h.set(BatchHeaders.expectedLastSubjectSequenceSubject, opts.expectSubject);
      }
      const last = i === valid.length - 1;
      if (last) h.set(BatchHeaders.commit, '1');
      const payload = JSON.stringify(event);
      // The first message and the commit are requests (the server answers the first to start the batch, the commit
      // with the outcome); those between are plain publishes, kept in order on the one connection.
      if (i === 0 || last) {
        const reply = await this.nc.request(subjectFor(event), payload, { headers: h, timeout });
        if (last) return acceptBatch(reply.data.length ? (reply.json() as PubAckReply) : {}, valid.length);
        if (reply.data.length) acceptBatch(reply.json() as PubAckReply, undefined);
      } else {
        this.nc.publish(subjectFor(event), payload, { headers: h });
      }
      await opts.onProgress?.(i + 1, valid.length);
    }
    throw new Error('an atomic batch needs at least one event');
  }

  /** Sends a command to `justfit.cmd.<service>.<command>`; a refusal or no answer is thrown as CommandError. */
  request<Reply = unknown>(
    service: string,
    command: string,
    payload: unknown,
    opts: CommandRequestOptions,
  ): Promise<Reply> {
    return requestCommand<Reply>(this.nc, service, command, payload, opts);
  }

  /** Answers this service's commands; handlers refuse by throwing CommandError, anything else becomes 500. */
  async serveCommands(
    service: string,
    handlers: CommandHandlers,
    opts: ServeCommandsOptions = {},
  ): Promise<CommandServer> {
    const server = serveCommands(this.nc, service, handlers, opts, this.logError);
    // The subscription must be known to the server before a caller can be told the service is up.
    await this.nc.flush();
    return server;
  }

  /** Flushes pending publishes and acks, then closes. */
  async close(): Promise<void> {
    if (!this.nc.isClosed()) await this.nc.drain();
  }
}
