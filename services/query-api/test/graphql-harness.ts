import { AgentRegistry } from '../src/agents/agent-registry';
import { TaskInstances } from '../src/agents/task-instances';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JetStreamEventStore, EventBus } from '@justfit/events';
import { createMetrics, createLogger, Readiness, recentLogs } from '@justfit/service-kit';
import { DEFAULT_RETENTION_DAYS, migrate, setRetentionDays } from '@justfit/storage';
import { startTestClickHouse, type TestClickHouse } from '@justfit/testing/clickhouse';
import { type NatsServerHandle, startNatsServer } from '@justfit/testing/nats-server';
import { EtlConfigSchema, RawIngest } from '@justfit/etl';
import { ApiTokenCommands, configuredAdminToken } from '../src/auth/api-token-commands';
import { ApiTokenRegistry } from '../src/auth/api-token-registry';
import { AuditTrail } from '../src/auth/audit-trail';
import { Authenticator } from '../src/auth/authenticator';
import type { OidcVerifier } from '../src/auth/oidc';
import { newTokenSecret } from '../src/auth/token-secret';
import { QueryApiConfigSchema } from '../src/config';
import type { LiveFeed } from '../src/live/live-feed';
import { graphQLOptions, importLimitsOf, publicUrlOf } from '../src/graphql/options';
import { ServiceDirectory } from '../src/system/service-directory';
import { SystemView } from '../src/system/system-view';
import { Operations } from '../src/ops/operations';
import { SettingsService } from '../src/settings/settings-service';
import { createGraphQL } from '../src/graphql/server';
import { CSRF_HEADER } from '../src/graphql/security-plugins';

export interface GraphQLReply<T> {
  data?: T;
  errors?: Array<{ message: string; extensions: { code: number; traceId: string } }>;
}

/**
 * The API's GraphQL endpoint in this process (yoga's fetch, no HTTP server) over chDB and a real nats-server, with the
 * ETL's ingest running in this process too, so an upload travels the whole way: GraphQL, RAW, ETL, ClickHouse.
 */
export interface GraphQLHarness {
  ch: TestClickHouse;
  /** The nats-server, for a service a test runs beside the API (its URL and the service's user). */
  nats: NatsServerHandle;
  bus: EventBus;
  /** The admin API token the harness registered the way a deployment does (JUSTFIT_ADMIN_TOKEN_FILE). */
  adminToken: string;
  /** Sends `init` to the API as it is, for requests with other headers (another token, none, a foreign origin). */
  fetch(init: RequestInit & { path?: string }): Promise<Response>;
  /** A query or mutation as the holder of `token` (undefined: anonymous). */
  requestAs<T = Record<string, any>>( // eslint-disable-line @typescript-eslint/no-explicit-any
    token: string | undefined,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLReply<T>>;
  request<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLReply<T>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** A multipart upload (GraphQL multipart request spec) of `file` as the variable `file`. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  upload<T = Record<string, any>>(
    query: string,
    variables: Record<string, unknown>,
    file: File,
  ): Promise<GraphQLReply<T>>;
  /** Serves the API on a free 127.0.0.1 port, with its WebSocket, for what needs a real socket. */
  listen(): Promise<{ url: string; wsUrl: string }>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  /** Configuration variables of the API, as in its environment (JUSTFIT_ADMIN_TOKEN_FILE is set by the harness). */
  env?: Record<string, string>;
  oidc?: OidcVerifier;
}

export async function startGraphQLHarness(opts: HarnessOptions = {}): Promise<GraphQLHarness> {
  const nats: NatsServerHandle = await startNatsServer();
  const ch = await startTestClickHouse();
  await migrate(ch.client);
  // As the ETL does at its start: the raw samples' TTL, which spares import namespaces.
  await setRetentionDays(ch.client, DEFAULT_RETENTION_DAYS);
  const bus = await EventBus.connect({ servers: nats.url, name: 'query-api-test', auth: nats.admin });
  const logger = createLogger('query-api', 'warn');
  const readiness = new Readiness();
  readiness.register('nats', () => {
    if (bus.nc.isClosed()) throw new Error('NATS connection closed');
  });
  const config = EtlConfigSchema.parse({ ETL_BATCH_MAX_DELAY_MS: '1000' });
  const ingest = new RawIngest({
    bus,
    clickhouse: ch.client,
    config,
    logger,
    metrics: createMetrics(),
    readiness: new Readiness(),
  });
  await ingest.start();
  const store = new JetStreamEventStore(bus);
  const tokens = new ApiTokenRegistry(bus);
  await tokens.start();
  const commands = new ApiTokenCommands(store, tokens);
  const secrets = mkdtempSync(join(tmpdir(), 'justfit-harness-'));
  const adminToken = newTokenSecret();
  writeFileSync(join(secrets, 'admin.token'), adminToken, { mode: 0o600 });
  const apiConfig = QueryApiConfigSchema.parse({
    PUBLIC_URL: 'http://justfit.test',
    // Uploads are spooled under it.
    JUSTFIT_DATA_DIR: ch.dataDir,
    ...opts.env,
    JUSTFIT_ADMIN_TOKEN_FILE: join(secrets, 'admin.token'),
  });
  await commands.registerBootstrapToken(configuredAdminToken(apiConfig)!, 'trace-test');
  const directory = new ServiceDirectory(bus, logger);
  directory.start();
  const agents = new AgentRegistry(bus, store, logger, {
    offlineAfterMs: apiConfig.AGENT_OFFLINE_AFTER_MS,
    controlTimeoutMs: 2_000,
  });
  const taskInstances = new TaskInstances(bus);
  await agents.start();
  await taskInstances.start();
  const { yoga, attachWebSocket } = createGraphQL(
    {
      clickhouse: ch.client,
      bus,
      store,
      live: {} as LiveFeed,
      access: { tokens, commands },
      audit: new AuditTrail(bus, logger),
      publicUrl: publicUrlOf(apiConfig),
      imports: importLimitsOf(apiConfig),
      settings: new SettingsService(store),
      ops: new Operations({ readiness, logs: recentLogs(logger), bus, clickhouse: ch.client }, apiConfig),
      system: new SystemView(directory, bus, ch.client, apiConfig.JUSTFIT_VERSION, agents),
      agents,
      taskInstances,
    },
    graphQLOptions(apiConfig, new Authenticator(tokens, opts.oidc)),
    logger,
  );
  const fetchApi = (init: RequestInit & { path?: string }) =>
    Promise.resolve(yoga.fetch(`http://127.0.0.1${init.path ?? '/graphql'}`, init));
  const send = async <T>(
    token: string | undefined,
    body: BodyInit,
    headers: Record<string, string> = {},
  ): Promise<GraphQLReply<T>> => {
    const res = await fetchApi({
      method: 'POST',
      body,
      headers: { 'x-trace-id': 'trace-test', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    });
    return (await res.json()) as GraphQLReply<T>;
  };
  const json = { 'content-type': 'application/json' };
  const servers: Array<() => Promise<void>> = [];
  return {
    ch,
    nats,
    bus,
    adminToken,
    fetch: fetchApi,
    requestAs: (token, query, variables) => send(token, JSON.stringify({ query, variables }), json),
    request: (query, variables) => send(adminToken, JSON.stringify({ query, variables }), json),
    upload: (query, variables, file) => {
      const form = new FormData();
      form.append('operations', JSON.stringify({ query, variables: { ...variables, file: null } }));
      form.append('map', JSON.stringify({ 0: ['variables.file'] }));
      form.append('0', file);
      // A browser can send a multipart form cross-site without asking: the API wants the CSRF header on it.
      return send(adminToken, form, { [CSRF_HEADER]: '1' });
    },
    async listen() {
      const server = createServer(yoga);
      const ws = attachWebSocket(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      servers.push(async () => {
        await ws.close();
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      });
      const { port } = server.address() as AddressInfo;
      return { url: `http://127.0.0.1:${port}/graphql`, wsUrl: `ws://127.0.0.1:${port}/graphql` };
    },
    async stop() {
      await Promise.all(servers.map((close) => close()));
      await tokens.stop();
      await directory.stop();
      await agents.stop();
      await taskInstances.stop();
      rmSync(secrets, { recursive: true, force: true });
      await ingest.stop();
      await bus.close();
      await ch.stop();
      await nats.stop();
    },
  };
}
