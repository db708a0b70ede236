import { startNatsServer } from '@justfit/testing/nats-server';
import { randomUUID } from 'node:crypto';
import { EventBus, type ErrorLogger, newEvent } from '../src';

export interface TestBus {
  bus: EventBus;
  /** Errors the bus logged instead of throwing. */
  logged: { message: string; error: unknown }[];
  stop(): Promise<void>;
}

/** A real nats-server with every stream created, and a bus connected to it. */
export async function startTestBus(): Promise<TestBus> {
  const server = await startNatsServer();
  const logged: TestBus['logged'] = [];
  const logError: ErrorLogger = (message, error) => logged.push({ message, error });
  const bus = await EventBus.connect({ servers: server.url, name: 'events-test', auth: server.admin, logError });
  return {
    bus,
    logged,
    async stop() {
      await bus.close();
      await server.stop();
    },
  };
}

export { eventually } from '@justfit/testing/eventually';

export const uniqueId = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** A TASKS event about `taskId`. */
export function taskLogged(taskId: string, message: string) {
  return newEvent(
    'CollectTaskLogged',
    { taskId, level: 'info', message, timestamp: Date.now() },
    { subject: taskId, source: 'events-test', traceId: 'trace-test' },
  );
}
