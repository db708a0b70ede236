import type { AgentStatus, EventBus } from '@justfit/events';
import type { ClickHouseClient } from '@justfit/storage';
import type { ServiceDirectory, ServiceInstance } from './service-directory';
import { clickhouseHealth, systemHealth } from './system-health';
import { systemMetrics } from './system-metrics';

const withUptime = (i: ServiceInstance, now: number) => ({ ...i, uptimeSec: Math.round((now - i.startedAt) / 1000) });

/** What the system queries read: the service directory, NATS and ClickHouse as this replica reaches them, the agents. */
export class SystemView {
  constructor(
    private readonly directory: ServiceDirectory,
    private readonly bus: EventBus,
    private readonly clickhouse: ClickHouseClient,
    private readonly version: string,
    private readonly agents: { list(): Array<{ state: { status: AgentStatus } }> },
  ) {}

  async health() {
    const health = await systemHealth(this.directory, this.bus, this.clickhouse);
    const agents = this.agentCounts();
    // Agents are known and none can collect: nothing is collected, though every service is up.
    const noAgent = agents.online + agents.draining + agents.maintenance + agents.offline > 0 && agents.online === 0;
    return {
      ...health,
      status: noAgent && health.status === 'healthy' ? ('degraded' as const) : health.status,
      agents,
      services: health.services.map((s) => ({
        ...s,
        instances: s.instances.map((i) => withUptime(i, health.checkedAt)),
      })),
    };
  }

  async metrics() {
    return { ...(await systemMetrics(this.directory, this.bus, this.clickhouse)), agents: this.agentCounts() };
  }

  private agentCounts(): Record<AgentStatus, number> {
    const counts: Record<AgentStatus, number> = { online: 0, offline: 0, draining: 0, maintenance: 0 };
    for (const { state } of this.agents.list()) counts[state.status]++;
    return counts;
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
