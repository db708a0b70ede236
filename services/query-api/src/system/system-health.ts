import type { EventBus } from '@justfit/events';
import type { ClickHouseClient } from '@justfit/storage';
import type { ServiceDirectory, ServiceInstance } from './service-directory';

export type HealthStatus = 'healthy' | 'degraded' | 'down' | 'unknown';

export interface ComponentHealth {
  status: HealthStatus;
  message: string;
  latencyMs: number | null;
  version: string | null;
}

export interface ServiceHealth {
  name: string;
  status: HealthStatus;
  message: string;
  instances: ServiceInstance[];
}

export interface SystemHealth {
  status: HealthStatus;
  checkedAt: number;
  services: ServiceHealth[];
  nats: ComponentHealth;
  clickhouse: ComponentHealth;
}

const COMPONENT_TIMEOUT_MS = 2_000;

async function timed<T>(probe: () => Promise<T>): Promise<{ value: T; latencyMs: number }> {
  const start = performance.now();
  const value = await Promise.race([
    probe(),
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`no answer within ${COMPONENT_TIMEOUT_MS} ms`)), COMPONENT_TIMEOUT_MS).unref(),
    ),
  ]);
  return { value, latencyMs: Math.round((performance.now() - start) * 10) / 10 };
}

/** NATS as this API replica reaches it: a round trip to the server, and JetStream answering. */
export async function natsHealth(bus: EventBus): Promise<ComponentHealth> {
  const version = bus.nc.info?.version ?? null;
  if (bus.nc.isClosed()) return { status: 'down', message: 'the connection is closed', latencyMs: null, version };
  try {
    const { latencyMs } = await timed(() => bus.nc.rtt());
    const { value: account } = await timed(() => bus.jsm.getAccountInfo());
    const server = bus.nc.info?.cluster ? `cluster ${bus.nc.info.cluster}` : 'one server';
    return { status: 'healthy', message: `${server}, ${account.streams} streams`, latencyMs, version };
  } catch (e) {
    return { status: 'down', message: (e as Error).message, latencyMs: null, version };
  }
}

export async function clickhouseHealth(clickhouse: ClickHouseClient): Promise<ComponentHealth> {
  try {
    const { value: version, latencyMs } = await timed(async () => {
      const rs = await clickhouse.query({ query: 'SELECT version() AS v', format: 'JSONEachRow' });
      return (await rs.json<{ v: string }>())[0]?.v ?? null;
    });
    return { status: 'healthy', message: 'answers queries', latencyMs, version };
  } catch (e) {
    return { status: 'down', message: (e as Error).message, latencyMs: null, version: null };
  }
}

/** One service's health from its instances: healthy when every instance alive is ready, down when none is. */
export function serviceHealth(name: string, instances: ServiceInstance[], knowsSilence: boolean): ServiceHealth {
  const online = instances.filter((i) => i.online);
  const ready = online.filter((i) => i.ready);
  const offline = instances.length - online.length;
  const besides = offline ? `; ${offline} offline (missed heartbeats)` : '';
  if (online.length === 0) {
    return knowsSilence
      ? { name, status: 'down', message: `no instance is alive${besides}`, instances }
      : { name, status: 'unknown', message: 'no heartbeat heard yet: the API has just started', instances };
  }
  if (ready.length === 0) {
    const why = Object.entries(online[0]!.checks)
      .filter(([, v]) => v !== 'ok')
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ');
    return { name, status: 'down', message: `no instance is ready (${why})${besides}`, instances };
  }
  if (ready.length < online.length) {
    return {
      name,
      status: 'degraded',
      message: `${ready.length} of ${online.length} instances ready${besides}`,
      instances,
    };
  }
  return { name, status: 'healthy', message: `${ready.length} instance(s) ready${besides}`, instances };
}

/** The worst of several statuses (unknown counts as degraded: nobody can vouch for it). */
export function worst(statuses: HealthStatus[]): HealthStatus {
  if (statuses.includes('down')) return 'down';
  if (statuses.includes('degraded') || statuses.includes('unknown')) return 'degraded';
  return 'healthy';
}

export async function systemHealth(
  directory: ServiceDirectory,
  bus: EventBus,
  clickhouse: ClickHouseClient,
): Promise<SystemHealth> {
  const now = Date.now();
  const [nats, ch] = await Promise.all([natsHealth(bus), clickhouseHealth(clickhouse)]);
  const instances = directory.instances(now);
  const services = directory.services().map((name) =>
    serviceHealth(
      name,
      instances.filter((i) => i.service === name),
      directory.knowsSilence(now),
    ),
  );
  return {
    status: worst([nats.status, ch.status, ...services.map((s) => s.status)]),
    checkedAt: now,
    services,
    nats,
    clickhouse: ch,
  };
}
