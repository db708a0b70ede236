import type { EventBus } from '@justfit/events';
import type { Readiness, RecentLogs } from '@justfit/service-kit';
import type { ClickHouseClient } from '@justfit/storage';
import { readPipelineStates, type StreamState } from '../pipeline/pipeline-states';

/** What the API knows about itself for a diagnostics package. */
export interface DiagnosticsSources {
  config: Record<string, unknown>;
  version: string;
  readiness: Readiness;
  logs?: RecentLogs;
  bus: EventBus;
  clickhouse: ClickHouseClient;
}

export interface DiagnosticsPackage {
  generatedAt: number;
  versions: Record<string, string>;
  config: Record<string, unknown>;
  health: { ready: boolean; checks: Record<string, string> };
  streams: StreamState[] | { error: string };
  recentLogs: string[];
}

const REDACTED = '[redacted]';
/** Configuration keys whose values are secrets (the files that hold secrets are named by path, which is kept). */
const SECRET_KEY = /PASSWORD|SECRET|TOKEN|MASTER_KEY|CREDENTIAL|NKEY|PRIVATE|(^|_)KEY$/i;
const FILE_KEY = /_FILE$/;

/** A URL without the user and password it may carry (`nats://user:pass@host` → `nats://[redacted]@host`). */
function withoutCredentials(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/\s]*@/i, `$1${REDACTED}@`);
}

/** The configuration with every secret value replaced, and credentials cut out of URLs. */
export function redactedConfig(config: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(config)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, value]) => {
        if (value === undefined || value === null || value === '') return [key, value ?? null];
        if (SECRET_KEY.test(key) && !FILE_KEY.test(key)) return [key, REDACTED];
        if (typeof value === 'string') return [key, withoutCredentials(value)];
        if (Array.isArray(value)) return [key, value.map((v) => (typeof v === 'string' ? withoutCredentials(v) : v))];
        return [key, value];
      }),
  );
}

/**
 * Log lines may quote what a request carried: every secret value the configuration holds is replaced wherever it
 * appears, besides the logger's own redaction of secret fields.
 */
function scrubbed(lines: string[], secrets: string[]): string[] {
  const long = secrets.filter((s) => s.length >= 6);
  return lines.map((line) => long.reduce((text, secret) => text.split(secret).join(REDACTED), line));
}

function secretValues(config: Record<string, unknown>): string[] {
  return Object.entries(config)
    .filter(([key, value]) => SECRET_KEY.test(key) && !FILE_KEY.test(key) && typeof value === 'string')
    .map(([, value]) => value as string);
}

/** Versions, configuration without secrets, health, stream and consumer states, recent logs: for a support case. */
export async function diagnosticsPackage(sources: DiagnosticsSources): Promise<DiagnosticsPackage> {
  const [clickhouseVersion, streams, health] = await Promise.all([
    sources.clickhouse
      .query({ query: 'SELECT version() AS v', format: 'JSONEachRow' })
      .then(async (r) => (await r.json<{ v: string }>())[0]?.v ?? 'unknown')
      .catch((e: Error) => `unreachable: ${e.message}`),
    readPipelineStates(sources.bus.jsm).catch((e: Error) => ({ error: e.message })),
    sources.readiness.evaluate(),
  ]);
  return {
    generatedAt: Date.now(),
    versions: {
      justfit: sources.version,
      nodejs: process.versions.node,
      natsServer: sources.bus.nc.info?.version ?? 'unknown',
      clickhouse: clickhouseVersion,
      platform: `${process.platform}-${process.arch}`,
    },
    config: redactedConfig(sources.config),
    health,
    streams,
    recentLogs: scrubbed(sources.logs?.list() ?? [], secretValues(sources.config)),
  };
}
