import {
  jetstream,
  type JetStreamClient,
  type JetStreamManager,
  type JetStreamPublishOptions,
  jetstreamManager,
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
  /** Optimistic concurrency: refuse unless the subject's last stored sequence is this (0 = no message yet). */
  expectLastSubjectSequence?: number;
  timeoutMs?: number;
}

export interface PublishResult {
  seq: number;
  /** True when a message with the same event id was already stored within the duplicate window. */
  duplicate: boolean;
}

/** Headers every event carries, so tools can route and trace without parsing the body. */
export const EventHeaders = { type: 'ce-type', traceId: 'traceid' } as const;

/** One NATS connection of a service: events go to JetStream, commands travel over core request/reply. */
export class EventBus {
  private constructor(
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
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
      publishOpts.expect = { lastSubjectSequence: opts.expectLastSubjectSequence };
    }
    if (opts.timeoutMs !== undefined) publishOpts.timeout = opts.timeoutMs;
    const subject = subjectFor(valid);
    const body = JSON.stringify(valid);
    const deadline = Date.now() + this.publishRetryMs;
    for (let attempt = 1; ; attempt++) {
      try {
        const ack = await this.js.publish(subject, body, publishOpts);
        return { seq: ack.seq, duplicate: ack.duplicate };
      } catch (e) {
        if (!isUnanswered(e) || Date.now() >= deadline || this.nc.isClosed()) throw e;
        await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 100 * 2 ** attempt)));
      }
    }
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
