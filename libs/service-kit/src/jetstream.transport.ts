import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import {
  CommandError,
  type ConsumerSpec,
  type EventBus,
  Events,
  type JustFitEvent,
  runConsumer,
  runDeadLetterForwarder,
} from '@justfit/events';
import type { Logger } from 'pino';
import { lastValueFrom } from 'rxjs';
import type { ServiceMetrics } from './metrics';
import { withTrace } from './trace';

export interface JetStreamTransportOptions {
  service: string;
  bus: EventBus;
  /** Durable consumers this service runs; events are routed to `@EventPattern(Events.X.type)` handlers. */
  consumers: ConsumerSpec[];
  logger: Logger;
  metrics: ServiceMetrics;
}

type Running = { stop(): Promise<void> };

/** What an `@EventPattern` handler receives beside the event. */
export interface EventContext {
  deliveryCount: number;
  streamSeq: number;
  /** Tells JetStream the handler is still busy, so a long task is not redelivered elsewhere. */
  working: () => void;
}

/**
 * Nest's built-in NATS transport is core NATS only (no acks, no redelivery). This strategy puts Nest's
 * `@EventPattern` handlers on durable JetStream consumers and its `@MessagePattern` handlers on NATS
 * request/reply commands, so services keep Nest's programming model with JetStream's guarantees.
 */
export class JetStreamTransport extends Server implements CustomTransportStrategy {
  private running: Running[] = [];

  constructor(private readonly options: JetStreamTransportOptions) {
    super();
  }

  async listen(callback: (...args: unknown[]) => void): Promise<void> {
    try {
      await this.startCommands();
      for (const spec of this.options.consumers) this.assertHandled(spec);
      for (const spec of this.options.consumers) {
        this.running.push(
          await runConsumer(this.options.bus, spec, (event, ctx) =>
            this.dispatch(event, {
              deliveryCount: ctx.deliveryCount,
              streamSeq: ctx.streamSeq,
              working: () => ctx.msg.working(),
            }),
          ),
        );
      }
      this.running.push(
        await runDeadLetterForwarder(this.options.bus, { durable: `${this.options.service}-dlq-forwarder` }),
      );
      callback();
    } catch (e) {
      callback(e);
    }
  }

  /** Drains: stops pulling, lets in-flight handlers finish, then returns. */
  async close(): Promise<void> {
    const running = this.running;
    this.running = [];
    await Promise.all(running.map((r) => r.stop()));
  }

  on(): never {
    throw new Error('JetStreamTransport does not emit transport events');
  }

  unwrap<T>(): T {
    return this.options.bus as T;
  }

  /** A consumer declared to handle an event type must have its handler: the declaration and the code agree. */
  private assertHandled(spec: ConsumerSpec): void {
    const missing = (spec.events ?? []).filter((name) => !this.getHandlerByPattern(Events[name].type));
    if (missing.length > 0) {
      throw new Error(`consumer ${spec.durable} is declared to handle ${missing.join(', ')}, which no handler takes`);
    }
  }

  private async dispatch(event: JustFitEvent, ctx: EventContext): Promise<void> {
    const { deliveryCount } = ctx;
    const handler = this.getHandlerByPattern(event.type);
    const { metrics, logger } = this.options;
    if (!handler) return; // the consumer's filter covers events this service does not handle
    const stop = metrics.handlerSeconds.startTimer({ handler: event.type });
    try {
      await withTrace(event.traceid, async () => {
        const result = await handler(event, ctx);
        await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
      });
      metrics.eventsHandled.inc({ type: event.type, outcome: 'ok' });
    } catch (e) {
      metrics.eventsHandled.inc({ type: event.type, outcome: 'error' });
      logger.warn(
        { err: e, eventId: event.id, type: event.type, deliveryCount, traceId: event.traceid },
        'event handler failed',
      );
      throw e;
    } finally {
      stop();
    }
  }

  private async startCommands(): Promise<void> {
    const { bus, service, metrics } = this.options;
    const handlers: Record<string, (payload: unknown, ctx: { traceId: string }) => Promise<unknown>> = {};
    for (const [pattern, handler] of this.getHandlers()) {
      if (handler.isEventHandler) continue;
      handlers[pattern] = (payload, ctx) =>
        withTrace(ctx.traceId, async () => {
          const stop = metrics.handlerSeconds.startTimer({ handler: pattern });
          try {
            const result = await lastValueFrom(this.transformToObservable(await handler(payload, ctx)), {
              defaultValue: undefined,
            });
            metrics.commandsHandled.inc({ command: pattern, outcome: 'ok' });
            return result;
          } catch (e) {
            // Not logged here: the bus logs a failed command (once) with the bus's `logError`.
            metrics.commandsHandled.inc({
              command: pattern,
              outcome: e instanceof CommandError ? String(e.code) : 'error',
            });
            throw e;
          } finally {
            stop();
          }
        });
    }
    if (Object.keys(handlers).length > 0) {
      this.running.push(await bus.serveCommands(service, handlers));
    }
  }
}
