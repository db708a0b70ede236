import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * One Prometheus registry per service, the way exporters are expected to look: the default process and Node.js
 * metrics under their standard names (`process_cpu_seconds_total`, `nodejs_heap_size_used_bytes`, …), JustFit's own
 * under `justfit_`, and no label naming the service: the scrape adds `job`, `namespace`, `pod` and `service` (the
 * Kubernetes Service), and a label of ours by the same name would clash with it.
 */
export function createMetrics(version = 'development') {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: 'justfit_build_info',
    help: 'Always 1; its labels say which JustFit version and Node.js runtime the process runs.',
    labelNames: ['version', 'nodejs_version'] as const,
    registers: [registry],
  }).set({ version, nodejs_version: process.versions.node }, 1);
  return {
    registry,
    eventsHandled: new Counter({
      name: 'justfit_events_handled_total',
      help: 'Events handled by this service, by type and outcome.',
      labelNames: ['type', 'outcome'] as const,
      registers: [registry],
    }),
    commandsHandled: new Counter({
      name: 'justfit_commands_handled_total',
      help: 'Commands handled by this service, by command and outcome.',
      labelNames: ['command', 'outcome'] as const,
      registers: [registry],
    }),
    handlerSeconds: new Histogram({
      name: 'justfit_handler_duration_seconds',
      help: 'Time spent in event and command handlers.',
      labelNames: ['handler'] as const,
      buckets: [0.005, 0.02, 0.1, 0.5, 2, 10, 60],
      registers: [registry],
    }),
  };
}
export type ServiceMetrics = ReturnType<typeof createMetrics>;

/**
 * `justfit_clickhouse_up`: 1 when ClickHouse answers a ping at scrape time, else 0 (the alert "ClickHouse down" reads
 * it). The ping is bounded, so a hung server costs a scrape no more than `timeoutMs`.
 */
export function registerClickHouseUp(
  metrics: ServiceMetrics,
  ping: () => Promise<{ success: boolean }>,
  timeoutMs = 2_000,
): void {
  new Gauge({
    name: 'justfit_clickhouse_up',
    help: 'Whether ClickHouse answered a ping at scrape time (1) or not (0).',
    registers: [metrics.registry],
    async collect() {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<{ success: boolean }>((resolve) => {
        timer = setTimeout(() => resolve({ success: false }), timeoutMs);
      });
      const answer = await Promise.race([ping().catch(() => ({ success: false })), timedOut]);
      clearTimeout(timer);
      this.set(answer.success ? 1 : 0);
    },
  });
}
