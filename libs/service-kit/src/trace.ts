import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

const storage = new AsyncLocalStorage<{ traceId: string }>();

/** Runs `fn` with a trace id that every log line and every event it causes will carry. */
export function withTrace<T>(traceId: string, fn: () => T): T {
  return storage.run({ traceId }, fn);
}

export function currentTraceId(): string | undefined {
  return storage.getStore()?.traceId;
}

export function newTraceId(): string {
  return randomUUID().replaceAll('-', '');
}

/** The trace id of the work in progress, or a new one where none runs (e.g. a timer or a startup task). */
export function traceIdOrNew(): string {
  return currentTraceId() ?? newTraceId();
}
