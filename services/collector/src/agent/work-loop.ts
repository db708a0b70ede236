import type { JsMsg } from '@nats-io/jetstream';
import {
  decodeEvent,
  ensureDurable,
  type EventBus,
  failDelivery,
  invalidEventReason,
  isEvent,
  type JustFitEvent,
  terminate,
  workConsumerOfSite,
  workSubjectsOfSite,
} from '@justfit/events';
import type { Logger } from 'pino';

export interface WorkLoopOptions {
  site: string;
  /** Work items run at once; nothing more is pulled while this many run. */
  capacity: number;
  /** An item whose agent has not signalled progress for this long is redelivered to another agent of the site. */
  ackWaitMs: number;
}

export type WorkHandler = (
  item: JustFitEvent<'CollectTaskQueued'>,
  ctx: { working: () => void; deliveryCount: number },
) => Promise<void>;

/** Thrown by a handler whose work stopped without ending (its agent shuts down): the item goes back at once. */
export class WorkInterrupted extends Error {}

/** Deliveries of one work item before it is dead-lettered (the runner gives up on a task itself after fewer runs). */
const MAX_DELIVERIES = 10;
const PULL_EXPIRES_MS = 2_000;
const RETRY_BACKOFF_MS = [1_000, 5_000, 15_000];

/**
 * The agent's share of its site's work: the site's agents pull from one durable consumer, each only while it has a
 * free slot, so an item goes to an agent of its site with capacity and no agent runs more than its capacity. An item
 * is acknowledged when its work ends; an agent that dies stops signalling progress, and after the ack wait the server
 * hands the item to another agent of the site, which resumes it.
 */
export class WorkLoop {
  private readonly inFlight = new Set<Promise<void>>();
  private accepting = false;
  private stopped = false;
  private wake?: () => void;
  private loop?: Promise<void>;

  constructor(
    private readonly bus: EventBus,
    private readonly options: WorkLoopOptions,
    private readonly handler: WorkHandler,
    private readonly logger: Logger,
  ) {}

  get running(): number {
    return this.inFlight.size;
  }

  async start(): Promise<void> {
    const durable = workConsumerOfSite(this.options.site);
    await ensureDurable(this.bus, {
      stream: 'WORK',
      durable,
      filterSubjects: [workSubjectsOfSite(this.options.site)],
      maxDeliver: MAX_DELIVERIES,
      ackWaitMs: this.options.ackWaitMs,
      maxAckPending: 10_000,
    });
    const consumer = await this.bus.js.consumers.get('WORK', durable);
    this.loop = (async () => {
      while (!this.stopped) {
        if (!this.accepting || this.inFlight.size >= this.options.capacity) {
          await new Promise<void>((resolve) => (this.wake = resolve));
          continue;
        }
        let msg: JsMsg | null;
        try {
          msg = await consumer.next({ expires: PULL_EXPIRES_MS });
        } catch (e) {
          this.logger.warn({ err: e, durable }, 'pulling work failed; trying again');
          await new Promise((resolve) => setTimeout(resolve, 1_000));
          continue;
        }
        if (!msg) continue;
        // Drained (or stopped) while the pull was out: the item goes back for another agent at once.
        if (!this.accepting || this.stopped) {
          msg.nak();
          continue;
        }
        this.track(this.handle(msg));
      }
    })();
  }

  /** Takes work (again). */
  accept(): void {
    this.accepting = true;
    this.wake?.();
  }

  /** Takes no more work; what runs goes on. */
  pause(): void {
    this.accepting = false;
  }

  /** Stops pulling and waits for the loop; the caller interrupts what still runs. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.accepting = false;
    this.wake?.();
    await this.loop;
  }

  /** Resolves once nothing runs. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => {
      this.inFlight.delete(work);
      this.wake?.();
    });
  }

  private async handle(msg: JsMsg): Promise<void> {
    let item: JustFitEvent;
    try {
      item = decodeEvent(msg.data);
      if (!isEvent(item, 'CollectTaskQueued')) throw new Error(`${item.type} is not a work item`);
    } catch (e) {
      terminate(msg, invalidEventReason(e));
      return;
    }
    const { deliveryCount } = msg.info;
    try {
      await this.handler(item, { working: () => msg.working(), deliveryCount });
      await msg.ackAck().catch(() => false);
    } catch (e) {
      if (e instanceof WorkInterrupted) {
        msg.nak();
        return;
      }
      this.logger.warn({ err: e, taskId: item.data.taskId }, 'work item failed; it is redelivered');
      failDelivery(msg, e, deliveryCount, { maxDeliver: MAX_DELIVERIES, backoffMs: RETRY_BACKOFF_MS }, terminate);
    }
  }
}
