import {
  type BatchDelivery,
  type BatchOutcome,
  type EventBus,
  type JustFitEvent,
  JetStreamEventStore,
  type RunningBatchConsumer,
  runBatchConsumer,
} from '@justfit/events';
import type { Readiness, ServiceMetrics } from '@justfit/service-kit';
import type { ClickHouseClient } from '@justfit/storage';
import type { Logger } from 'pino';
import { Counter } from 'prom-client';
import type { EtlConfig } from '../config';
import { type LoadPlan, planBatch } from './batch-plan';
import { CollectionCompletion } from './collection-completion';
import { KnownEntities } from './known-entities';
import { PlanWriter } from './plan-writer';
import { RejectedRecords } from './rejected-records';
import { isTransientFailure } from './transient-failure';

export interface RawIngestDeps {
  bus: EventBus;
  clickhouse: ClickHouseClient;
  config: EtlConfig;
  logger: Logger;
  metrics: ServiceMetrics;
  readiness: Readiness;
}

export const RAW_CONSUMER = { stream: 'RAW', durable: 'etl-raw', filterSubjects: ['justfit.raw.>'] } as const;

/**
 * The ETL's one consumer: raw events in batches bounded by samples, messages and time; each batch validated,
 * normalised and written to ClickHouse, then acknowledged. While ClickHouse (or NATS) is unreachable the batch is
 * held and retried with backoff and /readyz says why.
 */
export class RawIngest {
  private consumer?: RunningBatchConsumer;
  private readonly known: KnownEntities;
  private readonly rejections: RejectedRecords;
  private readonly writer: PlanWriter;
  private readonly samplesWritten: Counter<'outcome'>;

  constructor(private readonly deps: RawIngestDeps) {
    const { bus, clickhouse, metrics } = deps;
    this.known = new KnownEntities(clickhouse);
    this.rejections = new RejectedRecords(
      bus,
      clickhouse,
      new Counter({
        name: 'justfit_etl_rejected_records_total',
        help: 'Raw records the ETL refused, by reason (invalid_event and load_failed: whole events dead-lettered).',
        labelNames: ['reason'] as const,
        registers: [metrics.registry],
      }),
    );
    this.samplesWritten = new Counter({
      name: 'justfit_etl_samples_total',
      help: 'Normalised samples written (inserted) or found already stored (duplicate: a redelivery or replay).',
      labelNames: ['outcome'] as const,
      registers: [metrics.registry],
    });
    // A task's end marker waits for batches redelivered after it for up to two ack waits (time for any redelivery).
    const completion = new CollectionCompletion(
      bus,
      clickhouse,
      new JetStreamEventStore(bus),
      deps.logger,
      2 * deps.config.ETL_ACK_WAIT_MS,
    );
    this.writer = new PlanWriter(bus, clickhouse, completion, this.rejections);
  }

  async start(): Promise<void> {
    const { bus, config, logger, readiness } = this.deps;
    this.consumer = await runBatchConsumer(
      bus,
      {
        ...RAW_CONSUMER,
        filterSubjects: [...RAW_CONSUMER.filterSubjects],
        maxDeliver: config.ETL_MAX_DELIVER,
        ackWaitMs: config.ETL_ACK_WAIT_MS,
        maxMessages: config.ETL_BATCH_MAX_MESSAGES,
        maxWeight: config.ETL_BATCH_MAX_SAMPLES,
        weigh: sampleCount,
        maxDelayMs: config.ETL_BATCH_MAX_DELAY_MS,
        isTransient: isTransientFailure,
        onRetry: (err, attempt, delayMs) =>
          logger.warn({ err, attempt, delayMs }, 'writing a batch failed; holding it and retrying'),
        onDeadLetter: (reason, msg) => {
          logger.warn({ reason, subject: msg.subject, seq: msg.seq }, 'raw event dead-lettered');
          this.rejections.countDeadLetter(reason.startsWith('invalid event') ? 'invalid_event' : 'load_failed');
        },
      },
      {
        prepare: (batch) =>
          planBatch(batch, {
            known: this.known,
            now: Date.now(),
            maxSkewMs: config.ETL_MAX_CLOCK_SKEW_MS,
            retentionDays: config.METRICS_RETENTION_DAYS,
          }),
        write: (batch, plan) => this.write(batch, plan),
      },
    );
    readiness.register('ingest', () => {
      const health = this.consumer?.health();
      if (health?.failingSince) {
        throw new Error(
          `writes failing for ${Math.round((Date.now() - health.failingSince) / 1000)} s, retrying: ${health.lastError}`,
        );
      }
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
  }

  private async write(batch: readonly BatchDelivery[], plan: LoadPlan): Promise<BatchOutcome> {
    const { metrics, logger } = this.deps;
    const stopTimer = metrics.handlerSeconds.startTimer({ handler: 'raw-batch' });
    const outcome = await this.writer.write(plan, Date.now());
    stopTimer();
    this.rejections.count(plan.rejected);
    this.samplesWritten.inc({ outcome: 'inserted' }, outcome.inserted);
    this.samplesWritten.inc({ outcome: 'duplicate' }, outcome.alreadyStored);
    const waiting = new Set(outcome.waiting);
    for (const { type, delivery } of plan.handled)
      if (!waiting.has(delivery)) metrics.eventsHandled.inc({ type, outcome: 'ok' });
    logger.debug(
      {
        events: batch.length,
        inserted: outcome.inserted,
        duplicates: outcome.alreadyStored,
        rejected: plan.rejected.length,
      },
      'raw batch loaded',
    );
    return { defer: outcome.waiting };
  }
}

function sampleCount(event: JustFitEvent): number {
  const data = event.data as { samples?: unknown[]; entities?: unknown[] };
  return data.samples?.length ?? data.entities?.length ?? 1;
}
