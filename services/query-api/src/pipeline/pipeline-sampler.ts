import type { EventBus } from '@justfit/events';
import type { ServiceMetrics } from '@justfit/service-kit';
import type { ClickHouseClient } from '@justfit/storage';
import type { Logger } from 'pino';
import { Gauge } from 'prom-client';
import { readPipelineStates, type StreamState } from './pipeline-states';

/**
 * Samples every stream and durable consumer at a fixed interval: the samples become Prometheus gauges (consumer lag,
 * acknowledged position, stream sizes: what the "consumer stuck" and "DLQ growing" alerts read) and rows of
 * `consumer_states` (what the pipeline dashboard plots). The sampling instant is rounded to the interval, so the rows
 * several API replicas write for one instant collapse into one.
 */
export class PipelineSampler {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private readonly gauges;

  constructor(
    private readonly bus: EventBus,
    private readonly clickhouse: ClickHouseClient,
    metrics: ServiceMetrics,
    private readonly logger: Logger,
    private readonly intervalMs: number,
  ) {
    const gauge = (name: string, help: string, labelNames: string[]) =>
      new Gauge({ name, help, labelNames, registers: [metrics.registry] });
    this.gauges = {
      pending: gauge(
        'justfit_consumer_pending_messages',
        'Messages of the stream not yet delivered to the consumer (its lag), as last sampled.',
        ['stream', 'consumer'],
      ),
      ackPending: gauge(
        'justfit_consumer_ack_pending_messages',
        'Messages delivered to the consumer and not yet acknowledged, as last sampled.',
        ['stream', 'consumer'],
      ),
      ackFloor: gauge(
        'justfit_consumer_ack_floor_sequence',
        'Stream sequence up to which the consumer acknowledged everything: it stands still when the consumer is stuck.',
        ['stream', 'consumer'],
      ),
      redelivered: gauge(
        'justfit_consumer_redelivered_messages',
        'Messages delivered to the consumer more than once and not yet acknowledged, as last sampled.',
        ['stream', 'consumer'],
      ),
      streamMessages: gauge('justfit_stream_messages', 'Messages stored in the stream, as last sampled.', ['stream']),
      streamLastSeq: gauge('justfit_stream_last_sequence', 'The last sequence of the stream, as last sampled.', [
        'stream',
      ]),
    };
  }

  start(): void {
    const tick = () => {
      this.running = this.sample().then(
        () => undefined,
        (e: unknown) => this.logger.warn({ err: e }, 'pipeline sample failed'),
      );
    };
    tick();
    this.timer = setInterval(tick, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Reads JetStream once, updates the gauges and stores the consumers' rows. */
  async sample(now = Date.now()): Promise<StreamState[]> {
    const streams = await readPipelineStates(this.bus.jsm);
    const at = Math.floor(now / this.intervalMs) * this.intervalMs;
    for (const g of Object.values(this.gauges)) g.reset();
    for (const s of streams) {
      this.gauges.streamMessages.set({ stream: s.stream }, s.messages);
      this.gauges.streamLastSeq.set({ stream: s.stream }, s.lastSeq);
      for (const c of s.consumers) {
        const labels = { stream: c.stream, consumer: c.consumer };
        this.gauges.pending.set(labels, c.pending);
        this.gauges.ackPending.set(labels, c.ackPending);
        this.gauges.ackFloor.set(labels, c.ackFloorSeq);
        this.gauges.redelivered.set(labels, c.redelivered);
      }
    }
    const rows = streams.flatMap((s) =>
      s.consumers.map((c) => ({
        sampled_at: Math.floor(at / 1000),
        stream: c.stream,
        consumer: c.consumer,
        pending: c.pending,
        ack_pending: c.ackPending,
        redelivered: c.redelivered,
        delivered_seq: c.deliveredSeq,
        ack_floor_seq: c.ackFloorSeq,
        stream_messages: s.messages,
        stream_last_seq: s.lastSeq,
      })),
    );
    if (rows.length) await this.clickhouse.insert({ table: 'consumer_states', values: rows, format: 'JSONEachRow' });
    return streams;
  }
}
