import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** One Prometheus registry per service, with the counters every event-driven service shares. */
export function createMetrics(service: string) {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry, prefix: 'justfit_' });
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
      name: 'justfit_handler_seconds',
      help: 'Time spent in event and command handlers.',
      labelNames: ['handler'] as const,
      buckets: [0.005, 0.02, 0.1, 0.5, 2, 10, 60],
      registers: [registry],
    }),
  };
}
export type ServiceMetrics = ReturnType<typeof createMetrics>;
