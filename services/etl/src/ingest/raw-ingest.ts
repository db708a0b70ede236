import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import {
  type BatchDelivery,
  type BatchOutcome,
  BatchSlots,
  declaredConsumer,
  ETL_EVENTS,
  type EventBus,
  isEvent,
  type JustFitEvent,
  JetStreamEventStore,
  rawPartitionFilter,
  rawPartitionOfStored,
  rawPartitionsOf,
  type RunningBatchConsumer,
  runBatchConsumer,
} from '@justfit/events';
import type { MsgRequest } from '@nats-io/jetstream';
import type { Readiness, ServiceMetrics } from '@justfit/service-kit';
import { type ClickHouseClient, loadedBatchCounts } from '@justfit/storage';
import type { Logger } from 'pino';
import { Counter } from 'prom-client';
import type { EtlConfig } from '../config';
import { MAX_RENEW_EVERY_MS, PartitionLeases } from '../partitions/partition-leases';
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
  /** How many days raw samples are kept now (the settings can change it); `METRICS_RETENTION_DAYS` when not given. */
  retentionDays?: () => number;
}

/** The ETL's RAW consumer as declared (topology/etl.ts); each partition gets one of its own, named after it. */
const RAW_CONSUMER = declaredConsumer(ETL_EVENTS, 'etl-raw');

/** The durable consumer of one RAW partition (its position survives whichever replica loads it). */
export const rawConsumerName = (partition: number) => `${RAW_CONSUMER.durable}-${partition}`;

/**
 * Batches one process holds (being filled, prepared or written) across all the partitions it loads: its memory stays
 * that of one consumer whatever its share of the partitions. Two let one batch be written while the next is prepared.
 */
const BATCH_SLOTS = 2;
/**
 * How much longer a partition lease lasts than the ack wait (see PartitionLeases): a lease renewed up to one renewal
 * interval before its holder died must still outlast the ack wait of the messages the holder kept alive until then.
 */
const LEASE_MARGIN_MS = MAX_RENEW_EVERY_MS + 2000;

/**
 * The ETL's ingest: for each RAW partition this replica owns (PartitionLeases), a batch consumer of raw events in
 * batches bounded by samples, messages and time; each batch validated, normalised and written to ClickHouse, then
 * acknowledged. While ClickHouse (or NATS) is unreachable the batch is held and retried with backoff and /readyz says
 * why.
 */
export class RawIngest {
  private readonly consumers = new Map<number, RunningBatchConsumer>();
  private leases?: PartitionLeases;
  private readonly slots = new BatchSlots(BATCH_SLOTS);
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
    const completion = new CollectionCompletion(
      bus,
      clickhouse,
      new JetStreamEventStore(bus),
      deps.logger,
      (delivery) => this.earlierSettled(delivery),
    );
    this.writer = new PlanWriter(bus, clickhouse, completion, this.rejections);
  }

  async start(): Promise<void> {
    const { bus, config, logger, readiness } = this.deps;
    const partitions = rawPartitionsOf((await bus.jsm.streams.info('RAW')).config.subject_transform);
    if (!partitions) throw new Error('the RAW stream is not partitioned: its stream manager (etl) is out of date');
    this.leases = new PartitionLeases({
      bus,
      replicaId: `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
      partitions,
      leaseMs: config.ETL_ACK_WAIT_MS + LEASE_MARGIN_MS,
      replicas: config.NATS_STREAM_REPLICAS,
      logger,
      acquired: (partition) => this.startPartition(partition),
      released: (partition) => this.stopPartition(partition),
    });
    await this.leases.start();
    readiness.register('ingest', () => {
      for (const consumer of this.consumers.values()) {
        const health = consumer.health();
        if (health.failingSince) {
          throw new Error(
            `writes failing for ${Math.round((Date.now() - health.failingSince) / 1000)} s, retrying: ${health.lastError}`,
          );
        }
      }
    });
  }

  async stop(): Promise<void> {
    await this.leases?.stop();
  }

  /** The RAW partitions this replica loads now. */
  partitions(): number[] {
    return this.leases?.held() ?? [];
  }

  private async startPartition(partition: number): Promise<void> {
    const { bus, clickhouse, config, logger } = this.deps;
    const consumer = await runBatchConsumer<LoadPlan>(
      bus,
      {
        stream: RAW_CONSUMER.stream,
        durable: rawConsumerName(partition),
        filterSubjects: [rawPartitionFilter(partition)],
        maxDeliver: config.ETL_MAX_DELIVER,
        ackWaitMs: config.ETL_ACK_WAIT_MS,
        maxMessages: config.ETL_BATCH_MAX_MESSAGES,
        maxWeight: config.ETL_BATCH_MAX_SAMPLES,
        weigh: sampleCount,
        maxDelayMs: config.ETL_BATCH_MAX_DELAY_MS,
        // A finished collection is loaded (and its task completed) without waiting for the batch deadline.
        endsWork: (event) => isEvent(event, 'CollectionCompleted'),
        slots: this.slots,
        isTransient: isTransientFailure,
        onRetry: (err, attempt, delayMs) =>
          logger.warn({ err, attempt, delayMs, partition }, 'writing a batch failed; holding it and retrying'),
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
            retentionDays: this.deps.retentionDays?.() ?? config.METRICS_RETENTION_DAYS,
            earlierSettled: (delivery) => this.earlierSettled(delivery).catch(() => false),
            inventoryLoaded: async (taskId) => (await loadedBatchCounts(clickhouse, taskId)).inventory > 0,
          }),
        write: (batch, plan) => this.write(batch, plan),
      },
    );
    this.consumers.set(partition, consumer);
  }

  /**
   * The consumer's acknowledgement floor is the stream sequence below which every message it delivered is settled;
   * it reaches just below a held message once everything ahead of that message is acknowledged or terminated. A
   * consumer that has acknowledged nothing yet has the floor 0, however far into the stream its partition's first
   * message is, so a floor short of the message is checked against the partition's first stored message above it:
   * if that is the message itself, nothing of the partition lies in between. (Without this, a partition's first
   * messages that had to wait could wait for ever.)
   */
  private async earlierSettled(delivery: BatchDelivery): Promise<boolean> {
    const partition = rawPartitionOfStored(delivery.subject);
    if (partition === undefined) return true;
    const { bus } = this.deps;
    const floor = (await bus.jsm.consumers.info(RAW_CONSUMER.stream, rawConsumerName(partition))).ack_floor.stream_seq;
    if (floor >= delivery.streamSeq - 1) return true;
    // The server's message get takes `next_by_subj` with `seq`; the client types it for direct gets only.
    const next = await bus.getStoredMessage(RAW_CONSUMER.stream, {
      seq: floor + 1,
      next_by_subj: rawPartitionFilter(partition),
    } as unknown as MsgRequest);
    return next !== null && next.seq >= delivery.streamSeq;
  }

  private async stopPartition(partition: number): Promise<void> {
    const consumer = this.consumers.get(partition);
    this.consumers.delete(partition);
    await consumer?.stop();
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
    if (plan.deferred.length) logger.debug({ events: plan.deferred.length }, 'samples wait for their task inventory');
    logger.debug(
      {
        events: batch.length,
        inserted: outcome.inserted,
        duplicates: outcome.alreadyStored,
        rejected: plan.rejected.length,
      },
      'raw batch loaded',
    );
    return { defer: [...plan.deferred, ...outcome.waiting] };
  }
}

function sampleCount(event: JustFitEvent): number {
  const data = event.data as { samples?: unknown[]; entities?: unknown[] };
  return data.samples?.length ?? data.entities?.length ?? 1;
}
