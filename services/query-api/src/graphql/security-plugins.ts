import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { newTraceId } from '@justfit/service-kit';
import type { ClickHouseClient } from '@justfit/storage';
import type { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AuthenticationError, refusal } from '../auth/auth-error';
import type { Authenticator } from '../auth/authenticator';
import type { OperationRule } from '../auth/operation-rules';
import type { Principal } from '../auth/principal';
import { apiError } from './errors';
import { requestClickHouse } from './request-clickhouse';
import { oversizedString, rootFieldsOf, timeLimitOf } from './request-limits';

export const TRACE_HEADER = 'x-trace-id';
/** The header the CSRF check wants on any request a browser could send cross-site without a preflight. */
export const CSRF_HEADER = 'x-graphql-yoga-csrf';

export interface SecuritySettings {
  requestTimeoutMs: number;
  rateLimitPerMinute: number;
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxCost: number;
  maxStringLength: number;
}

/** What the HTTP layer learnt of a request before GraphQL runs it. */
export interface RequestIdentity {
  traceId: string;
  principal: Principal;
}

/** Counts requests per principal; one over the limit is refused with 429 until the window has passed. */
export class RateLimit {
  private readonly limiter: RateLimiterMemory;

  constructor(perMinute: number) {
    this.limiter = new RateLimiterMemory({ points: perMinute, duration: 60 });
  }

  async take(principal: Principal, traceId: string): Promise<void> {
    try {
      await this.limiter.consume(`${principal.kind}:${principal.id}`);
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      const retryAfter = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
      throw refusal(429, `too many requests: retry in ${retryAfter} s`, traceId, { 'Retry-After': String(retryAfter) });
    }
  }
}

/**
 * The HTTP request's identity, before anything is parsed: a trace id, then the caller (401 without a valid
 * credential), then their share of the rate limit (429). Runs after the CSRF check.
 */
export function useAuthentication(
  authenticator: Authenticator,
  rateLimit: RateLimit,
  identities: WeakMap<Request, RequestIdentity>,
): Plugin {
  return {
    async onRequestParse({ request }) {
      const traceId = request.headers.get(TRACE_HEADER) || newTraceId();
      let principal: Principal;
      try {
        principal = await authenticator.authenticate(request.headers.get('authorization'));
      } catch (e) {
        if (e instanceof AuthenticationError) throw refusal(401, e.message, traceId);
        throw e;
      }
      await rateLimit.take(principal, traceId);
      identities.set(request, { traceId, principal });
    },
  };
}

function traceIdOf(context: unknown, identities: WeakMap<Request, RequestIdentity>): string {
  const c = context as { traceId?: string; request?: Request } | undefined;
  return c?.traceId ?? (c?.request && identities.get(c.request)?.traceId) ?? newTraceId();
}

/**
 * Refuses, before execution, operations that would cost too much: depth, aliases, tokens and static cost
 * (graphql-armor), strings over the length limit (400); then bounds the execution by the request's time limit,
 * which cancels the remaining work when it passes (408) or when the client goes away.
 */
export function useOperationLimits(
  settings: SecuritySettings,
  rules: Readonly<Record<string, OperationRule>>,
  identities: WeakMap<Request, RequestIdentity>,
): Plugin[] {
  const armor = EnvelopArmorPlugin({
    maxDepth: { n: settings.maxDepth, exposeLimits: true },
    maxAliases: { n: settings.maxAliases, exposeLimits: true },
    maxTokens: { n: settings.maxTokens, exposeLimits: true },
    costLimit: { maxCost: settings.maxCost, exposeLimits: true },
    maxDirectives: { n: 20, exposeLimits: true },
    blockFieldSuggestion: { enabled: true },
  });
  const limits: Plugin = {
    onParse({ context }) {
      return ({ result, replaceParseResult }) => {
        if (result instanceof Error)
          replaceParseResult(withCode(result as GraphQLError, 400, traceIdOf(context, identities)));
      };
    },
    onValidate({ context, validateFn, setValidationFn }) {
      // graphql-armor's rules throw their refusal from inside validation: it is a 400 like any invalid document.
      setValidationFn((...args) => {
        try {
          return validateFn(...args);
        } catch (e) {
          if (e instanceof Error && e.name === 'GraphQLError') return [e as GraphQLError];
          throw e;
        }
      });
      return ({ result, setResult }) => {
        if (result.length === 0) return;
        setResult(result.map((e) => withCode(e, 400, traceIdOf(context, identities))));
      };
    },
    onExecute({ args, setResultAndStopExecution }) {
      const ctx = args.contextValue as unknown as { traceId: string; request?: Request; clickhouse?: ClickHouseClient };
      const tooLong = oversizedString(args.document, args.variableValues, settings.maxStringLength);
      if (tooLong) {
        setResultAndStopExecution({
          errors: [apiError(400, `${tooLong} is longer than ${settings.maxStringLength} characters`, ctx.traceId)],
        });
        return;
      }
      const limitMs = timeLimitOf(rootFieldsOf(args.document, args.operationName), rules, settings.requestTimeoutMs);
      const deadline = new AbortController();
      const timer = setTimeout(
        () => deadline.abort(apiError(408, `the request ran past its time limit of ${limitMs / 1000} s`, ctx.traceId)),
        limitMs,
      );
      // The client going away ends the work too. Its signal comes from the server adapter's Request, which is not
      // always Node's own AbortSignal (on Node 24 AbortSignal.any refuses it): bridge it into the deadline instead.
      const clientSignal = ctx.request?.signal;
      if (clientSignal?.aborted) deadline.abort(clientSignal.reason);
      else clientSignal?.addEventListener('abort', () => deadline.abort(clientSignal.reason), { once: true });
      (args as { signal?: AbortSignal }).signal = deadline.signal;
      if (ctx.clickhouse) ctx.clickhouse = requestClickHouse(ctx.clickhouse, deadline.signal, Date.now() + limitMs);
      return { onExecuteDone: () => clearTimeout(timer) };
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const ctx = args.contextValue as unknown as { traceId: string };
      const tooLong = oversizedString(args.document, args.variableValues, settings.maxStringLength);
      if (tooLong)
        setResultAndStopExecution({
          errors: [apiError(400, `${tooLong} is longer than ${settings.maxStringLength} characters`, ctx.traceId)],
        });
    },
  };
  return [armor as Plugin, limits];
}

function withCode(error: GraphQLError, code: number, traceId: string): GraphQLError {
  Object.assign(error, { extensions: { ...error.extensions, code, traceId } });
  return error;
}

export function useCsrfCheck(): Plugin {
  return useCSRFPrevention({ requestHeaders: [CSRF_HEADER] }) as Plugin;
}
