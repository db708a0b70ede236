import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import {
  encodeMessage,
  type EventBus,
  HEARTBEAT_INTERVAL_MS,
  heartbeatSubject,
  type MessageDataOf,
} from '@justfit/events';
import type { Logger } from 'pino';
import type { Readiness } from './readiness';

export interface BuildInfo {
  version: string;
  build: string;
  commit: string;
}

/**
 * Says every HEARTBEAT_INTERVAL_MS that this instance is alive, with its build and readiness, so the API can show
 * every service's health and uptime without knowing where the instances run. Core NATS: nothing is stored.
 */
export class Heartbeat {
  readonly instance = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly startedAt = Date.now();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly service: string,
    private readonly bus: EventBus,
    private readonly readiness: Readiness,
    private readonly buildInfo: BuildInfo,
    private readonly logger: Logger,
    private readonly intervalMs = HEARTBEAT_INTERVAL_MS,
  ) {}

  start(): void {
    const beat = () =>
      this.send(false).catch((e: unknown) => this.logger.warn({ err: e }, 'heartbeat could not be sent'));
    void beat();
    this.timer = setInterval(beat, this.intervalMs);
    this.timer.unref();
  }

  /** Stops beating and says so, so listeners see the instance leave instead of falling silent. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.send(true).catch(() => undefined);
  }

  private async send(stopping: boolean): Promise<void> {
    const { ready, checks } = stopping
      ? { ready: false, checks: { shutdown: 'stopping' } }
      : await this.readiness.evaluate();
    if (this.bus.nc.isClosed()) return;
    const beat: MessageDataOf<'ServiceHeartbeat'> = {
      service: this.service,
      instance: this.instance,
      ...this.buildInfo,
      nodeVersion: process.versions.node,
      startedAt: this.startedAt,
      sentAt: Date.now(),
      intervalMs: this.intervalMs,
      ready,
      checks,
      stopping,
    };
    this.bus.nc.publish(heartbeatSubject(this.service), encodeMessage('ServiceHeartbeat', beat));
    if (stopping) await this.bus.nc.flush();
  }
}
