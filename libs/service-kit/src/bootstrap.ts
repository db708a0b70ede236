import 'reflect-metadata';
import { type DynamicModule, Global, type INestApplication, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type ConsumerSpec, EventBus } from '@justfit/events';
import { awaitSchema, type ClickHouseClient, createClickHouse, migrate } from '@justfit/storage';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { type BaseConfig, clickhouseConnection, ConfigError, loadConfig, natsCredentials } from './config';
import { Heartbeat } from './heartbeat';
import { JetStreamTransport } from './jetstream.transport';
import { createLogger, PinoNestLogger } from './logger';
import { createMetrics, registerClickHouseUp, type ServiceMetrics } from './metrics';
import { startMetricsServer } from './metrics-server';
import { OpsController } from './ops.controller';
import { Readiness } from './readiness';
import { RpcErrorsPassThrough } from './rpc-errors.filter';
import { BUS, CLICKHOUSE, CONFIG, LOGGER, METRICS, READINESS } from './tokens';

export interface ServiceDeps<C extends BaseConfig> {
  config: C;
  logger: Logger;
  metrics: ServiceMetrics;
  readiness: Readiness;
  bus: EventBus;
  clickhouse?: ClickHouseClient;
}

export interface ServiceDefinition<C extends BaseConfig> {
  name: string;
  configSchema: z.ZodType<C>;
  /** The service's own Nest module; it injects BUS, CONFIG, LOGGER, METRICS, READINESS and CLICKHOUSE by token. */
  module: Type | DynamicModule;
  /** Durable JetStream consumers feeding this service's `@EventPattern` handlers. */
  consumers?: (config: C) => ConsumerSpec[];
  /** Whether the service talks to ClickHouse (it then migrates the schema at start and checks it for readiness). */
  usesClickHouse?: boolean;
  /** Express/http tweaks before listening (query-api mounts GraphQL here). */
  configureHttp?: (app: INestApplication, deps: ServiceDeps<C>) => Promise<void> | void;
  bodyParser?: boolean;
  /** Runs first on SIGTERM, before consumers drain (e.g. interrupt long work so the drain is quick). */
  beforeDrain?: (app: INestApplication) => Promise<void> | void;
}

export interface RunningService {
  app: INestApplication;
  url: string;
  metricsUrl: string;
  shutdown(): Promise<void>;
}

@Global()
@Module({})
class CoreModule {}

function coreModule<C extends BaseConfig>(deps: ServiceDeps<C>): DynamicModule {
  const providers = [
    { provide: CONFIG, useValue: deps.config },
    { provide: LOGGER, useValue: deps.logger },
    { provide: METRICS, useValue: deps.metrics },
    { provide: READINESS, useValue: deps.readiness },
    { provide: BUS, useValue: deps.bus },
    { provide: CLICKHOUSE, useValue: deps.clickhouse },
  ];
  return { module: CoreModule, global: true, providers, exports: providers.map((p) => p.provide) };
}

@Module({})
class ServiceRootModule {}

/** Starts one JustFit service: validated config, JSON logs, bus, storage, ops endpoints, consumers, graceful stop. */
export async function runService<C extends BaseConfig>(def: ServiceDefinition<C>): Promise<RunningService> {
  const { config, natsAuth, clickhouseOptions } = loadConfigOrExit(def);
  const logger = createLogger(def.name, config.LOG_LEVEL);
  const metrics = createMetrics(config.JUSTFIT_VERSION);
  const readiness = new Readiness();

  const bus = await EventBus.connect({
    // A cluster is named by several URLs, comma-separated; the client also learns the others from the server.
    servers: config.NATS_URL.split(','),
    name: def.name,
    replicas: config.NATS_STREAM_REPLICAS,
    rawPartitions: config.NATS_RAW_PARTITIONS,
    auth: natsAuth,
    manageStreams: config.NATS_MANAGE_STREAMS,
    // Errors the bus cannot throw (stopped consumers, failed commands, unforwarded dead letters) join the JSON logs.
    logError: (msg, err, context) => logger.error({ ...context, err }, msg),
  });
  readiness.register('nats', () => {
    if (bus.nc.isClosed()) throw new Error('NATS connection closed');
  });

  let clickhouse: ClickHouseClient | undefined;
  if (def.usesClickHouse) {
    clickhouse = await createClickHouse(clickhouseOptions);
    // One service migrates (with the DDL rights); the others, whose users may only read and write rows, wait for it.
    if (config.CLICKHOUSE_MIGRATE) await migrate(clickhouse);
    else await awaitSchema(clickhouse);
    const ch = clickhouse;
    registerClickHouseUp(metrics, () => ch.ping());
    readiness.register('clickhouse', async () => {
      const ping = await ch.ping();
      if (!ping.success)
        throw new Error(
          `ClickHouse unreachable: ${String((ping as { error?: Error }).error?.message ?? 'ping failed')}`,
        );
    });
  }

  const deps: ServiceDeps<C> = { config, logger, metrics, readiness, bus, clickhouse };
  const app = await NestFactory.create(
    { module: ServiceRootModule, imports: [coreModule(deps), def.module], controllers: [OpsController] },
    { logger: new PinoNestLogger(logger), bodyParser: def.bodyParser ?? true },
  );
  const transport = new JetStreamTransport({
    service: def.name,
    bus,
    consumers: def.consumers?.(config) ?? [],
    logger,
    metrics,
  });
  app.useGlobalFilters(new RpcErrorsPassThrough(app.getHttpAdapter()));
  app.connectMicroservice({ strategy: transport }, { inheritAppConfig: true });
  await def.configureHttp?.(app, deps);
  await app.startAllMicroservices();
  await app.listen(config.PORT, config.HOST);
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const metricsServer = await startMetricsServer(metrics, config.METRICS_PORT, config.HOST);
  const heartbeat = new Heartbeat(def.name, bus, readiness, buildInfo(config), logger);
  heartbeat.start();
  logger.info({ url, metrics: metricsServer.url, instance: heartbeat.instance }, `${def.name} started`);

  let stopping: Promise<void> | undefined;
  const shutdown = () =>
    (stopping ??= (async () => {
      logger.info(`${def.name} shutting down: draining consumers`);
      readiness.markDraining();
      await heartbeat.stop();
      await def.beforeDrain?.(app);
      await transport.close();
      await app.close();
      await metricsServer.close();
      await bus.close();
      await clickhouse?.close();
      logger.info(`${def.name} stopped`);
    })());
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      shutdown().then(
        () => process.exit(0),
        (e) => {
          logger.error({ err: e }, 'unclean shutdown');
          process.exit(1);
        },
      );
    });
  }
  return { app, url, metricsUrl: metricsServer.url, shutdown };
}

function buildInfo(config: BaseConfig) {
  return { version: config.JUSTFIT_VERSION, build: config.JUSTFIT_BUILD, commit: config.JUSTFIT_COMMIT };
}

function loadConfigOrExit<C extends BaseConfig>(def: ServiceDefinition<C>) {
  try {
    const config = loadConfig(def.configSchema);
    return { config, natsAuth: natsCredentials(config), clickhouseOptions: clickhouseConnection(config) };
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`${JSON.stringify({ level: 'fatal', service: def.name, msg: e.message })}\n`);
    process.exit(78); // EX_CONFIG
  }
}
