import { readFileSync } from 'node:fs';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { newTraceId, type ServiceMetrics } from '@justfit/service-kit';
import type { Logger } from 'pino';
import type { GraphQLError } from 'graphql';
import { createGraphQLError, createSchema, createYoga, maskError, type Plugin } from 'graphql-yoga';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { agentResolvers } from '../agents/agents.resolvers';
import { accessResolvers } from '../auth/access.resolvers';
import { AuthenticationError } from '../auth/auth-error';
import type { Authenticator } from '../auth/authenticator';
import { guardOperations } from '../auth/operation-guard';
import { operationRules } from '../auth/operation-rules';
import { importResolvers } from '../imports/imports.resolvers';
import { inventoryResolvers } from '../inventory/inventory.resolvers';
import { jobResolvers } from '../jobs/jobs.resolvers';
import { useGraphQLMetrics } from '../metrics/graphql-metrics';
import { opsResolvers } from '../ops/ops.resolvers';
import { reportResolvers } from '../reports/reports.resolvers';
import { settingsResolvers } from '../settings/settings.resolvers';
import { systemResolvers } from '../system/system.resolvers';
import { taskResolvers } from '../tasks/tasks.resolvers';
import { MULTIPART_OVERHEAD_BYTES, type UploadSettings, useUploads } from '../uploads/upload-plugin';
import type { ApiContext } from './context';
import { resolvers } from './resolvers';
import {
  CSRF_HEADER,
  RateLimit,
  type RequestIdentity,
  type SecuritySettings,
  TRACE_HEADER,
  useAuthentication,
  useCsrfCheck,
  useOperationLimits,
} from './security-plugins';

/** Each API area adds its own SDL file (with `extend type Query`…) and resolver map here. */
const SCHEMA_FILES = [
  './schema.graphql',
  '../inventory/inventory.graphql',
  '../imports/imports.graphql',
  '../auth/access.graphql',
  '../reports/reports.graphql',
  '../jobs/jobs.graphql',
  '../settings/settings.graphql',
  '../ops/ops.graphql',
  '../tasks/tasks.graphql',
  '../system/system.graphql',
  '../agents/agents.graphql',
];
const typeDefs = SCHEMA_FILES.map((file) => readFileSync(new URL(file, import.meta.url), 'utf8'));
const resolverMaps = [
  resolvers,
  inventoryResolvers,
  importResolvers,
  accessResolvers,
  reportResolvers,
  jobResolvers,
  settingsResolvers,
  opsResolvers,
  taskResolvers,
  systemResolvers,
  agentResolvers,
];

/** The API's schema with every operation behind its rule (operation-rules.ts); throws if one has none. */
export function createApiSchema() {
  return guardOperations(createSchema<ApiContext>({ typeDefs, resolvers: resolverMaps }), operationRules);
}

export type ContextBase = Omit<ApiContext, 'traceId' | 'principal' | 'clientAddress'>;

export interface GraphQLOptions {
  authenticator: Authenticator;
  security: SecuritySettings;
  /** Browser origins allowed to call the API (CORS) and to open its WebSocket; none by default. */
  corsOrigins: string[];
  graphiql: boolean;
  /** Where multipart uploads are spooled, and the largest file taken. */
  uploads: UploadSettings;
  /** The service's Prometheus registry, for the request metrics. */
  metrics?: ServiceMetrics;
}

const ALLOWED_REQUEST_HEADERS = ['authorization', 'content-type', TRACE_HEADER, CSRF_HEADER];

/**
 * GraphQL over HTTP (graphql-yoga) and over WebSocket (graphql-ws) on the API's own HTTP server. Every request is
 * authenticated (a bearer API token or OIDC JWT; over WebSocket in `connection_init`), every operation authorised by
 * its rule, and held to the limits of `security`. The trace id comes from the caller's `x-trace-id` header or is made
 * here; it follows every command and event the request causes.
 */
export function createGraphQL(base: ContextBase, options: GraphQLOptions, logger: Logger) {
  const schema = createApiSchema();
  const identities = new WeakMap<Request, RequestIdentity>();
  const rateLimit = new RateLimit(options.security.rateLimitPerMinute);
  const allowedOrigins = new Set(options.corsOrigins);
  const yoga = createYoga({
    schema,
    graphqlEndpoint: '/graphql',
    // useUploads refuses what is too large with a 400 first; this is only yoga's backstop.
    maxRequestBodySize: options.uploads.maxFileBytes + MULTIPART_OVERHEAD_BYTES,
    landingPage: false,
    graphiql: options.graphiql ? { title: 'JustFit GraphQL', headers: '{"Authorization": "Bearer "}' } : false,
    renderGraphiQL,
    // No origin is reflected: an allowed origin gets itself back, any other no CORS headers at all. Bearer tokens need
    // no cookies, so credentials are never allowed.
    cors: (request) => {
      const origin = request.headers.get('origin');
      return origin && allowedOrigins.has(origin)
        ? { origin, credentials: false, methods: ['GET', 'POST'], allowedHeaders: ALLOWED_REQUEST_HEADERS, maxAge: 600 }
        : false;
    },
    maskedErrors: {
      // Intended errors pass; anything else is logged here and reaches the client as a bare 500, never its text.
      maskError: (error, message): Error => {
        const masked = maskError(error, message, false);
        if (masked === error) return error as Error;
        logger.error({ err: error }, 'unexpected error in a GraphQL operation');
        return createGraphQLError('internal error', {
          extensions: { code: 500, http: (masked as GraphQLError).extensions?.http },
          path: (masked as GraphQLError).path,
        });
      },
    },
    logging: {
      debug: (...args) => logger.debug(args.map(String).join(' ')),
      info: (...args) => logger.info(args.map(String).join(' ')),
      warn: (...args) => logger.warn(args.map(String).join(' ')),
      error: (...args) => logger.error(args.map(String).join(' ')),
    },
    plugins: [
      ...(options.metrics ? [useGraphQLMetrics(options.metrics)] : []),
      useCsrfCheck(),
      useAuthentication(options.authenticator, rateLimit, identities),
      // After authentication: nobody's file is written to disk before they are known.
      useUploads(options.uploads),
      ...useOperationLimits(options.security, operationRules, identities),
    ] as Plugin[],
    context: ({ request, req }: { request: Request; req?: IncomingMessage }): ApiContext => {
      const identity = identities.get(request);
      return {
        ...base,
        traceId: identity?.traceId ?? newTraceId(),
        principal: identity?.principal,
        clientAddress: req?.socket?.remoteAddress ?? 'unknown',
      };
    },
  });

  const attachWebSocket = (server: Server) => {
    const wss = new WebSocketServer({ noServer: true });
    const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (new URL(req.url ?? '/', 'http://localhost').pathname !== '/graphql') return;
      if (!sameOriginOrAllowed(req, allowedOrigins)) {
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    };
    server.on('upgrade', onUpgrade);
    const sockets = new WeakMap<object, { traceId: string; credential?: string }>();
    const authenticate = async (credential: string | undefined, traceId: string) => {
      const principal = await options.authenticator.authenticate(credential);
      await rateLimit.take(principal, traceId);
      return principal;
    };
    const disposable = useServer(
      {
        execute: (args: any) => args.rootValue.execute(args), // eslint-disable-line @typescript-eslint/no-explicit-any
        subscribe: (args: any) => args.rootValue.subscribe(args), // eslint-disable-line @typescript-eslint/no-explicit-any
        onConnect: async (ctx) => {
          const traceHeader = ctx.extra.request.headers[TRACE_HEADER];
          const traceId = (Array.isArray(traceHeader) ? traceHeader[0] : traceHeader) || newTraceId();
          const params = ctx.connectionParams ?? {};
          const credential = [params.authorization, params.Authorization].find((v) => typeof v === 'string');
          try {
            await options.authenticator.authenticate(credential as string | undefined);
          } catch (e) {
            if (!(e instanceof AuthenticationError)) throw e;
            ctx.extra.socket.close(CloseCode.Unauthorized, `Unauthorized: ${e.message}`.slice(0, 120));
            return false;
          }
          sockets.set(ctx.extra.socket, { traceId, credential: credential as string | undefined });
          return true;
        },
        onSubscribe: async (ctx, _id, params) => {
          const socketState = sockets.get(ctx.extra.socket) ?? { traceId: newTraceId() };
          const traceId = socketState.traceId;
          let principal;
          try {
            // Checked again for every operation: a token revoked or expired since connection_init stops working.
            principal = await authenticate(socketState.credential, traceId);
          } catch (e) {
            if (e instanceof AuthenticationError)
              return [createGraphQLError(e.message, { extensions: { code: 401, traceId } })];
            if (e instanceof Error && 'extensions' in e) return [e as never];
            throw e;
          }
          const {
            schema: s,
            execute,
            subscribe,
            parse,
            validate,
          } = yoga.getEnveloped({
            ...ctx,
            req: ctx.extra.request,
            socket: ctx.extra.socket,
            params,
            traceId,
          });
          // The limits refuse a document by throwing from parse or validate: a refusal is the caller's 400.
          const refused = (e: unknown) => [
            createGraphQLError((e as Error).message, { extensions: { code: 400, traceId } }),
          ];
          let document;
          try {
            document = parse(params.query);
          } catch (e) {
            return refused(e);
          }
          const args = {
            schema: s,
            operationName: params.operationName,
            document,
            variableValues: params.variables,
            contextValue: {
              ...base,
              traceId,
              principal,
              clientAddress: ctx.extra.request.socket.remoteAddress ?? 'unknown',
            } satisfies ApiContext,
            rootValue: { execute, subscribe },
          };
          try {
            const errors = validate(args.schema, args.document);
            return errors.length ? errors : args;
          } catch (e) {
            return refused(e);
          }
        },
      },
      wss,
    );
    return {
      close: async () => {
        server.off('upgrade', onUpgrade);
        await disposable.dispose();
        wss.close();
      },
    };
  };

  return { yoga, attachWebSocket };
}

/**
 * A browser always sends Origin with a WebSocket upgrade: it must be the API's own origin or an allowed one, so no
 * other site's page can open a socket with its visitor's network position. Clients that are not browsers send none.
 */
function sameOriginOrAllowed(req: IncomingMessage, allowed: Set<string>): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  if (allowed.has(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
