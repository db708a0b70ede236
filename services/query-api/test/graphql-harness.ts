import { JetStreamEventStore, EventBus } from '@justfit/events';
import { createMetrics, createLogger, Readiness } from '@justfit/service-kit';
import { migrate } from '@justfit/storage';
import { startTestClickHouse, type TestClickHouse } from '@justfit/testing/clickhouse';
import { type NatsServerHandle, startNatsServer } from '@justfit/testing/nats-server';
import { EtlConfigSchema, RawIngest } from '@justfit/etl';
import type { LiveFeed } from '../src/live/live-feed';
import { createGraphQL } from '../src/graphql/server';

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
  bus: EventBus;
  request<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLReply<T>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** A multipart upload (GraphQL multipart request spec) of `file` as the variable `file`. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  upload<T = Record<string, any>>(
    query: string,
    variables: Record<string, unknown>,
    file: File,
  ): Promise<GraphQLReply<T>>;
  stop(): Promise<void>;
}

export async function startGraphQLHarness(): Promise<GraphQLHarness> {
  const nats: NatsServerHandle = await startNatsServer();
  const ch = await startTestClickHouse();
  await migrate(ch.client);
  const bus = await EventBus.connect({ servers: nats.url, name: 'query-api-test' });
  const logger = createLogger('etl', 'warn');
  const config = EtlConfigSchema.parse({ ETL_BATCH_MAX_DELAY_MS: '1000' });
  const ingest = new RawIngest({
    bus,
    clickhouse: ch.client,
    config,
    logger,
    metrics: createMetrics('etl'),
    readiness: new Readiness(),
  });
  await ingest.start();
  const { yoga } = createGraphQL(
    { clickhouse: ch.client, bus, store: new JetStreamEventStore(bus), live: {} as LiveFeed },
    logger,
  );
  const send = async <T>(body: BodyInit, headers: Record<string, string> = {}): Promise<GraphQLReply<T>> => {
    const res = await yoga.fetch('http://127.0.0.1/graphql', {
      method: 'POST',
      body,
      headers: { 'x-trace-id': 'trace-test', ...headers },
    });
    return (await res.json()) as GraphQLReply<T>;
  };
  return {
    ch,
    bus,
    request: (query, variables) => send(JSON.stringify({ query, variables }), { 'content-type': 'application/json' }),
    upload: (query, variables, file) => {
      const form = new FormData();
      form.append('operations', JSON.stringify({ query, variables: { ...variables, file: null } }));
      form.append('map', JSON.stringify({ 0: ['variables.file'] }));
      form.append('0', file);
      return send(form);
    },
    async stop() {
      await ingest.stop();
      await bus.close();
      await ch.stop();
      await nats.stop();
    },
  };
}
