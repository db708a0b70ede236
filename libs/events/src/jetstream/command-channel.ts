import { randomUUID } from 'node:crypto';
import {
  headers,
  type Msg,
  type NatsConnection,
  NoRespondersError,
  RequestError,
  type Subscription,
  TimeoutError,
} from '@nats-io/nats-core';
import { z } from 'zod';
import { ErrorCode } from '../contracts/common';
import { ConcurrencyError } from './event-store';
import { assertSubjectToken } from './streams';

/** A refusal a command handler means to send back: the caller gets the same code and message. */
export class CommandError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

const CommandOutcome = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), code: ErrorCode, message: z.string() }),
]);
/** The JSON body of every command reply. */
export type CommandOutcome = z.infer<typeof CommandOutcome>;

export interface CommandContext {
  traceId: string;
}
export type CommandHandler = (payload: unknown, ctx: CommandContext) => Promise<unknown>;
export type CommandHandlers = Record<string, CommandHandler>;

export interface CommandRequestOptions {
  traceId: string;
  /** Default 10 s. */
  timeoutMs?: number;
}

export interface ServeCommandsOptions {
  /** Instances in one queue group share the requests; default: the service name. */
  queue?: string;
}

/**
 * Receives errors that have no caller to go to, or must not reach it as they are (they may hold internals).
 * `context` carries what identifies the failed work where there is some (a failed command's name and trace id).
 */
export type ErrorLogger = (message: string, error: unknown, context?: { command?: string; traceId?: string }) => void;

export interface CommandServer {
  /** Stops taking requests and waits for the ones being handled. */
  stop(): Promise<void>;
}

const traceHeader = 'traceid';
const defaultTimeoutMs = 10_000;

export function commandSubject(service: string, command: string): string {
  return `justfit.cmd.${assertSubjectToken(service, 'service name')}.${assertSubjectToken(command, 'command name')}`;
}

export async function requestCommand<Reply = unknown>(
  nc: NatsConnection,
  service: string,
  command: string,
  payload: unknown,
  opts: CommandRequestOptions,
): Promise<Reply> {
  const timeout = opts.timeoutMs ?? defaultTimeoutMs;
  const h = headers();
  h.set(traceHeader, opts.traceId);
  let reply: Msg;
  try {
    reply = await nc.request(commandSubject(service, command), JSON.stringify(payload ?? null), {
      timeout,
      headers: h,
    });
  } catch (e) {
    if (isNoAnswer(e)) throw new CommandError(408, `service ${service} did not answer within ${timeout} ms`);
    throw e;
  }
  const outcome = parseOutcome(reply);
  if (!outcome.ok) throw new CommandError(outcome.code, outcome.message);
  return outcome.data as Reply;
}

function isNoAnswer(e: unknown): boolean {
  return (
    e instanceof TimeoutError || e instanceof NoRespondersError || (e instanceof RequestError && e.isNoResponders())
  );
}

function parseOutcome(reply: Msg): CommandOutcome {
  try {
    return CommandOutcome.parse(reply.json());
  } catch {
    return { ok: false, code: 500, message: `malformed reply on ${reply.subject}` };
  }
}

/**
 * Answers `justfit.cmd.<service>.<command>` requests with the matching handler. One wildcard subscription serves all
 * commands, so an unknown command is answered with 404 instead of timing out.
 */
export function serveCommands(
  nc: NatsConnection,
  service: string,
  handlers: CommandHandlers,
  opts: ServeCommandsOptions,
  logError: ErrorLogger,
): CommandServer {
  const inFlight = new Set<Promise<void>>();
  const subscription: Subscription = nc.subscribe(`justfit.cmd.${assertSubjectToken(service, 'service name')}.*`, {
    queue: opts.queue ?? service,
    callback: (err, msg) => {
      if (err) return logError(`command subscription of ${service} failed`, err);
      const handling = answer(msg, service, handlers, logError).finally(() => inFlight.delete(handling));
      inFlight.add(handling);
    },
  });
  return {
    async stop() {
      await subscription.drain();
      await Promise.allSettled([...inFlight]);
    },
  };
}

const internalError: CommandOutcome = { ok: false, code: 500, message: 'internal error' };

async function answer(msg: Msg, service: string, handlers: CommandHandlers, logError: ErrorLogger): Promise<void> {
  const command = msg.subject.slice(msg.subject.lastIndexOf('.') + 1);
  const outcome = await run(msg, service, command, handlers, logError);
  let body: string;
  try {
    body = JSON.stringify(outcome);
  } catch (e) {
    logError(`reply of ${service}.${command} is not JSON`, e);
    body = JSON.stringify(internalError);
  }
  try {
    msg.respond(body);
  } catch (e) {
    logError(`reply of ${service}.${command} could not be sent`, e);
  }
}

async function run(
  msg: Msg,
  service: string,
  command: string,
  handlers: CommandHandlers,
  logError: ErrorLogger,
): Promise<CommandOutcome> {
  const handler = Object.hasOwn(handlers, command) ? handlers[command] : undefined;
  if (!handler) return { ok: false, code: 404, message: `unknown command ${service}.${command}` };
  let payload: unknown;
  try {
    payload = msg.json();
  } catch {
    return { ok: false, code: 400, message: `${command} payload is not JSON` };
  }
  const traceId = msg.headers?.get(traceHeader) || randomUUID();
  try {
    const data = await handler(payload, { traceId });
    return { ok: true, data: data ?? null };
  } catch (e) {
    if (e instanceof CommandError) return { ok: false, code: e.code, message: e.message };
    // Other writers kept changing the aggregate through every attempt of the command handler.
    if (e instanceof ConcurrencyError) {
      return { ok: false, code: 409, message: `${e.aggregateId} kept changing while ${command} ran; try again` };
    }
    logError(`command ${service}.${command} failed`, e, { command, traceId });
    return internalError;
  }
}
