import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Subscription } from '@nats-io/nats-core';
import {
  CommandError,
  type EventBus,
  type EventDataOf,
  type EventName,
  type EventStore,
  type JustFitEvent,
  newEvent,
  type RawEntity,
} from '@justfit/events';
import { BUS, CONFIG, LOGGER, METRICS, type ServiceMetrics } from '@justfit/service-kit';
import { Histogram } from 'prom-client';
import type { Logger } from 'pino';
import { openConnector } from '../adapters/connector-factory';
import type { EndpointPolicy } from '../adapters/endpoint-policy';
import type { PlatformConnector } from '../adapters/connector';
import { SIMULATED_COUNTERS } from '../adapters/simulated/simulated-connector';
import type { CollectorConfig } from '../config';
import { COLLECTOR_SOURCE, type ConnectionRepository } from '../connections/connection-repository';
import type { SecretStore } from '../secrets/secret-store';
import { CONNECTIONS, EVENT_STORE, SECRETS, ENDPOINT_POLICY } from '../tokens';
import { COLLECT_MAX_DELIVERIES, loadCollectTask, progressPercent } from './collect-task';

const INVENTORY_BATCH = 1000;
/** Counters per VM assumed for the progress estimate when a task names none (vCenter's default set is larger). */
const DEFAULT_COUNTER_COUNT = SIMULATED_COUNTERS.length;

const SHUTDOWN = 'the collector is shutting down';
export const CANCEL_SUBJECT = 'justfit.ctl.collector.cancel';

/** Thrown when a task is interrupted by shutdown: the request is redelivered and the task resumes elsewhere. */
export class TaskInterrupted extends Error {}

/** Runs one collect task: inventory then metrics, published as raw events, with progress as it goes. */
@Injectable()
export class CollectTaskRunner implements OnModuleInit, OnModuleDestroy {
  private readonly running = new Map<string, { abort: AbortController; done: Promise<void> }>();
  private cancelRequests?: Subscription;
  private readonly collectSeconds: Histogram<'outcome'>;

  constructor(
    @Inject(BUS) private readonly bus: EventBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONNECTIONS) private readonly connections: ConnectionRepository,
    @Inject(SECRETS) private readonly secrets: SecretStore,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CONFIG) private readonly config: CollectorConfig,
    @Inject(ENDPOINT_POLICY) private readonly endpointPolicy: EndpointPolicy,
    @Inject(METRICS) metrics: ServiceMetrics,
  ) {
    this.collectSeconds = new Histogram({
      name: 'justfit_collect_duration_seconds',
      help: 'Time a collect task ran on this collector (a resumed task counts from its resumption), by outcome.',
      labelNames: ['outcome'] as const,
      buckets: [1, 5, 15, 60, 300, 900, 3600, 14400],
      registers: [metrics.registry],
    });
  }

  /** Every instance hears cancel requests; the one running the task answers once it has stopped. */
  onModuleInit(): void {
    this.cancelRequests = this.bus.nc.subscribe(`${CANCEL_SUBJECT}.*`, {
      callback: (err, msg) => {
        if (err) return;
        const taskId = msg.subject.slice(CANCEL_SUBJECT.length + 1);
        const entry = this.running.get(taskId);
        if (!entry) return;
        entry.abort.abort(msg.string() || 'stopped');
        void entry.done.then(() => msg.respond('cancelled'));
      },
    });
  }

  onModuleDestroy(): void {
    this.cancelRequests?.unsubscribe();
  }

  /** Stops running tasks without ending them: they are redelivered and resume on another (or this, restarted) collector. */
  async interruptAll(): Promise<void> {
    const entries = [...this.running.values()];
    for (const { abort } of entries) abort.abort(SHUTDOWN);
    await Promise.allSettled(entries.map((e) => e.done));
  }

  async run(requested: JustFitEvent<'CollectTaskRequested'>, working: () => void, deliveryCount = 1): Promise<void> {
    let finish!: () => void;
    const done = new Promise<void>((r) => (finish = r));
    try {
      await this.runAttempt(requested, working, deliveryCount, done);
    } finally {
      finish();
    }
  }

  private async runAttempt(
    requested: JustFitEvent<'CollectTaskRequested'>,
    working: () => void,
    deliveryCount: number,
    done: Promise<void>,
  ): Promise<void> {
    const { taskId, attempt, config } = requested.data;
    const { state: task } = await loadCollectTask(this.store, taskId);
    if (task.attempt !== attempt || task.outcome) return; // a later attempt exists, or this one already ended

    const emit = <N extends EventName>(name: N, data: EventDataOf<N>, id?: string) =>
      this.bus.publish(
        newEvent(name, data, {
          subject: taskId,
          source: COLLECTOR_SOURCE,
          traceId: requested.traceid,
          id,
        }) as JustFitEvent,
      );
    const log = (level: 'info' | 'warn' | 'error', message: string) =>
      emit('CollectTaskLogged', { taskId, level, message, timestamp: Date.now() });

    if (task.started && deliveryCount >= COLLECT_MAX_DELIVERIES) {
      // It was interrupted on every delivery so far: end it clearly rather than leave it "running" for ever.
      const message = `the collector stopped ${deliveryCount - 1} times while running this task; retry it`;
      await log('error', message);
      await emit('CollectTaskFailed', {
        taskId,
        connectionId: config.connectionId,
        code: 1002,
        message,
        finishedAt: Date.now(),
      });
      return;
    }

    const abort = new AbortController();
    this.running.set(taskId, { abort, done });
    const heartbeat = setInterval(working, this.config.COLLECT_ACK_WAIT_MS / 3);
    const collecting = this.collectSeconds.startTimer();
    let connector: PlatformConnector | undefined;
    try {
      if (task.started)
        await log('warn', `resuming after an interruption (delivery ${deliveryCount} of ${COLLECT_MAX_DELIVERIES})`);
      await emit('CollectTaskStarted', { taskId, attempt, worker: `${process.pid}` });
      const { state } = await this.connections.load(config.connectionId);
      if (state.kind !== 'active') throw new CommandError(404, `connection ${config.connectionId} no longer exists`);
      const password = (await this.secrets.get(state.settings.secretRef)) ?? '';
      connector = await openConnector({ ...state.settings, password }, this.endpointPolicy);
      await log('info', `collecting from ${state.settings.name} (${state.settings.type})`);

      const totalSteps = 3;
      await emit('CollectTaskProgressed', {
        taskId,
        progress: 0,
        currentStep: 1,
        totalSteps,
        message: 'reading inventory',
      });
      const entities: RawEntity[] = [];
      let batch = 0;
      for await (const page of connector.inventory(config.scope, abort.signal)) {
        for (let i = 0; i < page.length; i += INVENTORY_BATCH) {
          const chunk = page.slice(i, i + INVENTORY_BATCH);
          await emit(
            'InventoryObserved',
            { connectionId: config.connectionId, taskId, observedAt: Date.now(), batch, entities: chunk },
            `${taskId}-a${attempt}-inv-${batch}`,
          );
          batch++;
        }
        entities.push(...page);
      }
      const vms = entities.filter((e) => e.kind === 'vm' && e.powerState === 'poweredOn').length;
      await log('info', `inventory: ${entities.length} objects, ${vms} powered-on VMs`);

      const steps = Math.floor((config.endTime - config.startTime) / (config.sampleIntervalSec * 1000)) + 1;
      const expected = vms * steps * (config.metrics.length || DEFAULT_COUNTER_COUNT);
      await emit('CollectTaskProgressed', {
        taskId,
        progress: progressPercent(0, expected),
        currentStep: 2,
        totalSteps,
        message: 'reading performance history',
      });
      let samples = 0;
      let metricBatch = 0;
      const request = {
        scope: config.scope,
        startTime: config.startTime,
        endTime: config.endTime,
        intervalSec: config.sampleIntervalSec,
        counters: config.metrics,
        entities,
      };
      for await (const page of connector.metrics(request, abort.signal)) {
        await emit(
          'MetricsObserved',
          {
            connectionId: config.connectionId,
            taskId,
            batch: metricBatch,
            intervalSec: config.sampleIntervalSec,
            samples: page,
          },
          `${taskId}-a${attempt}-m-${metricBatch}`,
        );
        metricBatch++;
        samples += page.length;
        await emit('CollectTaskProgressed', {
          taskId,
          progress: progressPercent(samples, expected),
          currentStep: 2,
          totalSteps,
          message: `${samples} samples collected`,
        });
      }
      await emit(
        'CollectionCompleted',
        { connectionId: config.connectionId, taskId, inventoryBatches: batch, metricBatches: metricBatch, samples },
        `${taskId}-a${attempt}-done`,
      );
      await emit('CollectTaskProgressed', {
        taskId,
        progress: 100,
        currentStep: 3,
        totalSteps,
        message: 'collection complete',
      });
      await log('info', `collected ${samples} samples in ${metricBatch} batches`);
      const finishedAt = Date.now();
      await emit('CollectTaskSucceeded', {
        taskId,
        connectionId: config.connectionId,
        entities: entities.length,
        samples,
        finishedAt,
      });
      collecting({ outcome: 'succeeded' });
      await this.connections.append(
        config.connectionId,
        'ConnectionStatusChanged',
        { connectionId: config.connectionId, status: 'connected', lastSyncAt: finishedAt },
        'any',
      );
    } catch (e) {
      const finishedAt = Date.now();
      if (abort.signal.reason === SHUTDOWN) throw new TaskInterrupted(SHUTDOWN);
      if (abort.signal.aborted) {
        await emit('CollectTaskCancelled', {
          taskId,
          connectionId: config.connectionId,
          reason: String(abort.signal.reason ?? 'stopped'),
          finishedAt,
        });
        collecting({ outcome: 'cancelled' });
        return;
      }
      const code = e instanceof CommandError ? e.code : 1002;
      const message = e instanceof CommandError ? e.message : `collection failed: ${(e as Error).message}`;
      this.logger.warn({ err: e, taskId }, 'collect task failed');
      await log('error', message);
      await emit('CollectTaskFailed', {
        taskId,
        connectionId: config.connectionId,
        code: code as 1002,
        message,
        finishedAt,
      });
      collecting({ outcome: 'failed' });
      await this.connections.append(
        config.connectionId,
        'ConnectionStatusChanged',
        { connectionId: config.connectionId, status: 'error', errorMessage: message },
        'any',
      );
    } finally {
      clearInterval(heartbeat);
      this.running.delete(taskId);
      await connector?.close();
    }
  }
}
