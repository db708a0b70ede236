import type { EventBus } from '@justfit/events';
import type { ClickHouseClient } from '@justfit/storage';
import type { ServiceDirectory, ServiceInstance } from './service-directory';
import { clickhouseHealth, systemHealth } from './system-health';
import { systemMetrics } from './system-metrics';

const withUptime = (i: ServiceInstance, now: number) => ({ ...i, uptimeSec: Math.round((now - i.startedAt) / 1000) });

/** What the system queries read: the service directory, NATS and ClickHouse as this replica reaches them. */
export class SystemView {
  constructor(
    private readonly directory: ServiceDirectory,
    private readonly bus: EventBus,
    private readonly clickhouse: ClickHouseClient,
    private readonly version: string,
  ) {}

  async health() {
    const health = await systemHealth(this.directory, this.bus, this.clickhouse);
    return {
      ...health,
      services: health.services.map((s) => ({
        ...s,
        instances: s.instances.map((i) => withUptime(i, health.checkedAt)),
      })),
    };
  }

  metrics() {
    return systemMetrics(this.directory, this.bus, this.clickhouse);
  }

  async info() {
    const now = Date.now();
    return {
      version: this.version,
      natsVersion: this.bus.nc.info?.version ?? null,
      clickhouseVersion: (await clickhouseHealth(this.clickhouse)).version,
      services: this.directory.instances(now).map((i) => withUptime(i, now)),
    };
  }
}
