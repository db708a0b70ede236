import { describe, expect, it } from 'vitest';
import type { ServiceInstance } from './service-directory';
import { serviceHealth, worst } from './system-health';

const instance = (over: Partial<ServiceInstance>): ServiceInstance => ({
  service: 'etl',
  instance: 'host:1:abc',
  version: '1.0.0',
  build: 'b',
  commit: 'c',
  nodeVersion: '24.0.0',
  startedAt: 0,
  lastSeenAt: 0,
  online: true,
  ready: true,
  checks: { nats: 'ok', clickhouse: 'ok' },
  ...over,
});

describe('system health - a service from its instances', () => {
  it('system health - every live instance ready is healthy; an offline one is named but does not count', () => {
    const h = serviceHealth('etl', [instance({}), instance({ instance: 'old', online: false })], true);
    expect(h).toMatchObject({ status: 'healthy', message: '1 instance(s) ready; 1 offline (missed heartbeats)' });
  });

  it('system health - an instance not ready degrades its service; none ready is down, with the failing check', () => {
    const notReady = instance({ instance: 'b', ready: false, checks: { clickhouse: 'ClickHouse unreachable' } });
    expect(serviceHealth('etl', [instance({}), notReady], true).status).toBe('degraded');
    expect(serviceHealth('etl', [notReady], true)).toMatchObject({
      status: 'down',
      message: 'no instance is ready (clickhouse: ClickHouse unreachable)',
    });
  });

  it('system health - no instance is down, unless the API has only just begun listening', () => {
    expect(serviceHealth('etl', [], true).status).toBe('down');
    expect(serviceHealth('etl', [], false).status).toBe('unknown');
  });

  it('system health - the whole is the worst of its parts, unknown counting as degraded', () => {
    expect(worst(['healthy', 'healthy'])).toBe('healthy');
    expect(worst(['healthy', 'unknown'])).toBe('degraded');
    expect(worst(['degraded', 'down'])).toBe('down');
  });
});
