import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { newTraceId } from '@justfit/service-kit';
import type { Logger } from 'pino';
import { createSchema, createYoga } from 'graphql-yoga';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { ApiContext } from './context';
import { importResolvers } from '../imports/imports.resolvers';
import { inventoryResolvers } from '../inventory/inventory.resolvers';
import { resolvers } from './resolvers';

/** Each API area adds its own SDL file (with `extend type Query`…) and resolver map here. */
const SCHEMA_FILES = ['./schema.graphql', '../inventory/inventory.graphql', '../imports/imports.graphql'];
const typeDefs = SCHEMA_FILES.map((file) => readFileSync(new URL(file, import.meta.url), 'utf8'));
const resolverMaps = [resolvers, inventoryResolvers, importResolvers];

export type ContextBase = Omit<ApiContext, 'traceId' | 'publicUrl'>;
const TRACE_HEADER = 'x-trace-id';

/**
 * GraphQL over HTTP (graphql-yoga) and over WebSocket (graphql-ws) on the API's own HTTP server. The trace id comes
 * from the caller's `x-trace-id` header or is made here; it follows every command and event the request causes.
 */
export function createGraphQL(base: ContextBase, logger: Logger) {
  const schema = createSchema<ApiContext>({ typeDefs, resolvers: resolverMaps });
  const yoga = createYoga({
    schema,
    graphqlEndpoint: '/graphql',
    logging: {
      debug: (...args) => logger.debug(args.map(String).join(' ')),
      info: (...args) => logger.info(args.map(String).join(' ')),
      warn: (...args) => logger.warn(args.map(String).join(' ')),
      error: (...args) => logger.error(args.map(String).join(' ')),
    },
    context: ({ request }): ApiContext => {
      const url = new URL(request.url);
      return { ...base, traceId: request.headers.get(TRACE_HEADER) || newTraceId(), publicUrl: url.origin };
    },
  });

  const attachWebSocket = (server: Server) => {
    const wss = new WebSocketServer({ server, path: '/graphql' });
    const disposable = useServer(
      {
        execute: (args: any) => args.rootValue.execute(args), // eslint-disable-line @typescript-eslint/no-explicit-any
        subscribe: (args: any) => args.rootValue.subscribe(args), // eslint-disable-line @typescript-eslint/no-explicit-any
        onSubscribe: async (ctx, _id, params) => {
          const {
            schema: s,
            execute,
            subscribe,
            parse,
            validate,
          } = yoga.getEnveloped({ ...ctx, req: ctx.extra.request, socket: ctx.extra.socket, params });
          const host = ctx.extra.request.headers.host ?? '127.0.0.1';
          const traceHeader = ctx.extra.request.headers[TRACE_HEADER];
          const args = {
            schema: s,
            operationName: params.operationName,
            document: parse(params.query),
            variableValues: params.variables,
            contextValue: {
              ...base,
              traceId: (Array.isArray(traceHeader) ? traceHeader[0] : traceHeader) || newTraceId(),
              publicUrl: `http://${host}`,
            },
            rootValue: { execute, subscribe },
          };
          const errors = validate(args.schema, args.document);
          return errors.length ? errors : args;
        },
      },
      wss,
    );
    return {
      close: async () => {
        await disposable.dispose();
        wss.close();
      },
    };
  };

  return { yoga, attachWebSocket };
}
