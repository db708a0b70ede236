import {
  BUS_SERVICES,
  decodeMessage,
  type EventBus,
  HEARTBEAT_INTERVAL_MS,
  heartbeatSubjects,
  type MessageDataOf,
} from '@justfit/events';
import type { Logger } from 'pino';

/** Heartbeats missed before an instance counts as offline. */
const MISSED_BEATS = 3;
/** An offline instance is still listed (a crash says nothing) until it has been silent this long. */
const FORGET_AFTER_MS = 10 * 60_000;

export interface ServiceInstance extends Omit<MessageDataOf<'ServiceHeartbeat'>, 'sentAt' | 'intervalMs' | 'stopping'> {
  lastSeenAt: number;
  /** Heard from within three heartbeat intervals. */
  online: boolean;
}

/**
 * Every service instance alive now, from the heartbeats they send on core NATS. Each API replica listens itself, so
 * it needs to know no address: a new instance appears with its first heartbeat, a stopped one leaves with its last,
 * a killed one turns offline when its beats stop.
 */
export class ServiceDirectory {
  private readonly seen = new Map<string, { beat: MessageDataOf<'ServiceHeartbeat'>; receivedAt: number }>();
  private subscription?: ReturnType<EventBus['nc']['subscribe']>;
  private listeningSince = 0;

  constructor(
    private readonly bus: EventBus,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.listeningSince = Date.now();
    this.subscription = this.bus.nc.subscribe(heartbeatSubjects, {
      callback: (err, msg) => {
        if (err) return this.logger.warn({ err }, 'heartbeat subscription failed');
        try {
          const beat = decodeMessage('ServiceHeartbeat', msg.string());
          if (beat.stopping) this.seen.delete(beat.instance);
          else this.seen.set(beat.instance, { beat, receivedAt: Date.now() });
        } catch (e) {
          this.logger.warn({ err: e, subject: msg.subject }, 'ignored a heartbeat that does not match its schema');
        }
      },
    });
  }

  async stop(): Promise<void> {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
  }

  /** The services JustFit runs (every one expected), and the service names heard of besides. */
  services(): string[] {
    const heard = [...this.seen.values()].map((s) => s.beat.service);
    return [...new Set<string>([...BUS_SERVICES, ...heard])];
  }

  /**
   * Whether a service with no instance heard of is down, or the API has not listened long enough to know (it has just
   * started, and heartbeats come every few seconds).
   */
  knowsSilence(now = Date.now()): boolean {
    return now - this.listeningSince >= MISSED_BEATS * HEARTBEAT_INTERVAL_MS;
  }

  instances(now = Date.now()): ServiceInstance[] {
    const list: ServiceInstance[] = [];
    for (const [id, { beat, receivedAt }] of this.seen) {
      if (now - receivedAt > FORGET_AFTER_MS) {
        this.seen.delete(id);
        continue;
      }
      const { sentAt: _sentAt, intervalMs, stopping: _stopping, ...rest } = beat;
      list.push({ ...rest, lastSeenAt: receivedAt, online: now - receivedAt <= MISSED_BEATS * intervalMs });
    }
    return list.sort((a, b) => a.service.localeCompare(b.service) || a.startedAt - b.startedAt);
  }
}
