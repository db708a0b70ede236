import { accessSync, constants, readFileSync } from 'node:fs';
import { DEFAULT_RAW_PARTITIONS, MAX_RAW_PARTITIONS, type NatsCredentials } from '@justfit/events';
import { z } from 'zod';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Variables every service reads. Services extend this with their own. */
export const BaseConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  /** Prometheus /metrics is served here, apart from the service's own port (and so from its ingress). */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  NATS_URL: z
    .string()
    .regex(/^(nats|tls|ws|wss):\/\/[^\s,]+(,(nats|tls|ws|wss):\/\/[^\s,]+)*$/, 'must be nats:// URLs, comma-separated')
    .default('nats://127.0.0.1:4222'),
  NATS_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  /** Partitions of the RAW stream (the stream manager sets them): the most ETL replicas that can load at once. */
  NATS_RAW_PARTITIONS: z.coerce.number().int().min(1).max(MAX_RAW_PARTITIONS).default(DEFAULT_RAW_PARTITIONS),
  /** The service's NATS user: NATS_USER with NATS_PASSWORD (or NATS_PASSWORD_FILE), or NATS_CREDS_FILE, or NATS_NKEY_SEED_FILE. */
  NATS_USER: z.string().optional(),
  NATS_PASSWORD: z.string().optional(),
  NATS_PASSWORD_FILE: z.string().optional(),
  NATS_CREDS_FILE: z.string().optional(),
  NATS_NKEY_SEED_FILE: z.string().optional(),
  /** Create and update the streams (the stream manager, etl); otherwise wait until they exist. */
  NATS_MANAGE_STREAMS: z.stringbool().default(true),
  CLICKHOUSE_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** The service's ClickHouse user (else the URL's, else `default`); the password inline or from a mounted file. */
  CLICKHOUSE_USER: z.string().optional(),
  CLICKHOUSE_PASSWORD: z.string().optional(),
  CLICKHOUSE_PASSWORD_FILE: z.string().optional(),
  /** A ClickHouse cluster (as named in the servers' remote_servers): Replicated + Distributed tables, DDL ON CLUSTER. */
  CLICKHOUSE_CLUSTER: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'must be a cluster name from remote_servers')
    .optional(),
  /** Replicas of a shard that must have an insert before it succeeds (cluster mode): a number, or auto (majority). */
  CLICKHOUSE_INSERT_QUORUM: z
    .string()
    .regex(/^(auto|[1-9][0-9]*)$/, "must be a number of replicas or 'auto'")
    .default('auto'),
  /** Apply the schema migrations at start (the migrating service, etl); otherwise wait until they are applied. */
  CLICKHOUSE_MIGRATE: z.stringbool().default(true),
  JUSTFIT_DATA_DIR: z.string().min(1).default('.data'),
  /** The JustFit release this process runs (the chart sets the image tag), for metrics and diagnostics. */
  JUSTFIT_VERSION: z.string().min(1).max(100).default('development'),
  /** The build this process runs (the image build's id or date) and the commit it was built from. */
  JUSTFIT_BUILD: z.string().min(1).max(200).default('development'),
  JUSTFIT_COMMIT: z.string().min(1).max(100).default('unknown'),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
});
export type BaseConfig = z.infer<typeof BaseConfigSchema>;

/**
 * The NATS credentials the configuration names: at most one way, complete, its files readable. Without any, the
 * service connects anonymously (a development server that allows it).
 */
export function natsCredentials(config: BaseConfig): NatsCredentials | undefined {
  const { NATS_USER, NATS_PASSWORD, NATS_PASSWORD_FILE, NATS_CREDS_FILE, NATS_NKEY_SEED_FILE } = config;
  const ways = [
    NATS_USER || NATS_PASSWORD || NATS_PASSWORD_FILE ? 'NATS_USER' : undefined,
    NATS_CREDS_FILE ? 'NATS_CREDS_FILE' : undefined,
    NATS_NKEY_SEED_FILE ? 'NATS_NKEY_SEED_FILE' : undefined,
  ].filter(Boolean);
  if (ways.length > 1) throw new ConfigError(`invalid configuration: NATS credentials: set one of ${ways.join(', ')}`);
  const readable = (variable: string, path: string) => {
    try {
      accessSync(path, constants.R_OK);
    } catch {
      throw new ConfigError(`invalid configuration: ${variable}: cannot read ${path}`);
    }
    return path;
  };
  if (NATS_CREDS_FILE) return { credsFile: readable('NATS_CREDS_FILE', NATS_CREDS_FILE) };
  if (NATS_NKEY_SEED_FILE) return { nkeySeedFile: readable('NATS_NKEY_SEED_FILE', NATS_NKEY_SEED_FILE) };
  if (!ways.length) return undefined;
  if (!NATS_USER) throw new ConfigError('invalid configuration: NATS_USER: required with NATS_PASSWORD');
  if (NATS_PASSWORD && NATS_PASSWORD_FILE) {
    throw new ConfigError('invalid configuration: NATS_PASSWORD: set NATS_PASSWORD or NATS_PASSWORD_FILE, not both');
  }
  if (NATS_PASSWORD_FILE) {
    const pass = readFileSync(readable('NATS_PASSWORD_FILE', NATS_PASSWORD_FILE), 'utf8').trim();
    if (!pass) throw new ConfigError(`invalid configuration: NATS_PASSWORD_FILE: ${NATS_PASSWORD_FILE} is empty`);
    return { user: NATS_USER, pass };
  }
  if (!NATS_PASSWORD) throw new ConfigError('invalid configuration: NATS_PASSWORD: required with NATS_USER');
  return { user: NATS_USER, pass: NATS_PASSWORD };
}

/** The ClickHouse connection the configuration names, checked as a whole (what one variable cannot say alone). */
export function clickhouseConnection(config: BaseConfig) {
  if (config.CLICKHOUSE_CLUSTER && !config.CLICKHOUSE_URL) {
    throw new ConfigError('invalid configuration: CLICKHOUSE_CLUSTER: needs CLICKHOUSE_URL (a server of the cluster)');
  }
  if (config.CLICKHOUSE_PASSWORD && config.CLICKHOUSE_PASSWORD_FILE) {
    throw new ConfigError(
      'invalid configuration: CLICKHOUSE_PASSWORD: set CLICKHOUSE_PASSWORD or CLICKHOUSE_PASSWORD_FILE, not both',
    );
  }
  let password = config.CLICKHOUSE_PASSWORD;
  if (config.CLICKHOUSE_PASSWORD_FILE) {
    try {
      password = readFileSync(config.CLICKHOUSE_PASSWORD_FILE, 'utf8').trim();
    } catch {
      throw new ConfigError(
        `invalid configuration: CLICKHOUSE_PASSWORD_FILE: cannot read ${config.CLICKHOUSE_PASSWORD_FILE}`,
      );
    }
  }
  if (password && !config.CLICKHOUSE_USER) {
    throw new ConfigError('invalid configuration: CLICKHOUSE_USER: required with a ClickHouse password');
  }
  return {
    url: config.CLICKHOUSE_URL,
    dataDir: config.JUSTFIT_DATA_DIR,
    username: config.CLICKHOUSE_USER,
    password,
    cluster: config.CLICKHOUSE_CLUSTER
      ? { name: config.CLICKHOUSE_CLUSTER, insertQuorum: config.CLICKHOUSE_INSERT_QUORUM }
      : undefined,
  };
}

/** Validates the environment at start; the error names every bad variable and why. */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
}
