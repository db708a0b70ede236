import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Subscription } from '@nats-io/nats-core';
import {
  cancelCollectTaskSubjects,
  CommandError,
  decodeMessage,
  type EventBus,
  type EventStore,
  type JustFitEvent,
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
import type { ConnectionRepository } from '../connections/connection-repository';
import type { SecretStore } from '../secrets/secret-store';
import { CONNECTIONS, EVENT_STORE, SECRETS, ENDPOINT_POLICY } from '../tokens';
import { AttemptWriter, type CollectAttempt } from './attempt-writer';
import {
  AttemptEnded,
  COLLECT_MAX_DELIVERIES,
  collectTasks,
  progressPercent,
  queuedAttemptVerdict,
} from './collect-task';

const INVENTORY_BATCH = 1000;
/** Counters per VM assumed for the progress estimate when a task names none (vCenter's default set is larger). */
const DEFAULT_COUNTER_COUNT = SIMULATED_COUNTERS.length;

const SHUTDOWN = 'the collector is shutting down';
const TOTAL_STEPS = 3;

/** Thrown when a task is interrupted by shutdown: the request is redelivered and the task resumes elsewhere. */
export class TaskInterrupted extends Error {}

/** The agent running a task instance. */
export interface RunningAgent {
  agentId: string;
  site: string;
}

/** A task instance this collector runs now. */
export interface RunningInstance {
  instanceId: string;
  taskId: string;
}

/** Runs one collect task: inventory then metrics, published as raw events, with progress as it goes. */
@Injectable()
export class CollectTaskRunner implements OnModuleInit, OnModuleDestroy {
  private readonly running = new Map<string, { instanceId: string; abort: AbortController; done: Promise<void> }>();
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
    this.cancelRequests = this.bus.nc.subscribe(cancelCollectTaskSubjects, {
      callback: (err, msg) => {
        if (err) return;
        let request;
        try {
          request = decodeMessage('CancelCollectTask', msg.string());
        } catch (e) {
          this.logger.warn({ err: e, subject: msg.subject }, 'ignored a malformed cancel request');
          return;
        }
        const entry = this.running.get(request.taskId);
        if (!entry) return;
        entry.abort.abort(request.reason);
        void entry.done.then(() => msg.respond('cancelled'));
      },
    });
  }

  onModuleDestroy(): void {
    this.cancelRequests?.unsubscribe();
  }

  /** The task instances running here now. */
  instances(): RunningInstance[] {
    return [...this.running].map(([taskId, { instanceId }]) => ({ taskId, instanceId }));
  }

  /** Cancels one instance running here (its attempt ends cancelled); false if it does not run here. */
  async cancelInstance(instanceId: string, reason: string): Promise<boolean> {
    const entry = [...this.running.values()].find((e) => e.instanceId === instanceId);
    if (!entry) return false;
    entry.abort.abort(reason);
    await entry.done;
    return true;
  }

  /** Stops running tasks without ending them: they are redelivered and resume on another (or this, restarted) collector. */
  async interruptAll(): Promise<void> {
    const entries = [...this.running.values()];
    for (const { abort } of entries) abort.abort(SHUTDOWN);
    await Promise.allSettled(entries.map((e) => e.done));
  }

  /** Runs a queued attempt on this agent, unless it has ended or moved on to a later attempt meanwhile. */
  async run(
    queued: JustFitEvent<'CollectTaskQueued'>,
    agent: RunningAgent,
    working: () => void,
    deliveryCount = 1,
  ): Promise<void> {
    let finish!: () => void;
    const done = new Promise<void>((r) => (finish = r));
    try {
      await this.runAttempt(queued, agent, working, deliveryCount, done);
    } finally {
      finish();
    }
  }

  /**
   * One delivery of a collect request: skip it if its attempt is over, give up after too many interruptions, else
   * collect (inventory, then metrics, then the end marker) and end the attempt as succeeded, cancelled or failed.
   */
  private async runAttempt(
    queued: JustFitEvent<'CollectTaskQueued'>,
    agent: RunningAgent,
    working: () => void,
    deliveryCount: number,
    done: Promise<void>,
  ): Promise<void> {
    const { taskId, attempt } = queued.data;
    const loaded = await collectTasks.load(this.store, taskId);
    const verdict = queuedAttemptVerdict(loaded.state, attempt);
    if (verdict === 'over') return;
    // Thrown, the item is redelivered with a back-off (and dead-lettered with this reason should it never appear).
    if (verdict === 'retry' || !loaded.state.requested)
      throw new Error(
        `task ${taskId}: attempt ${attempt} is not in its history yet (it reads ${loaded.state.attempt})`,
      );
    const requested: CollectAttempt = { data: loaded.state.requested, traceid: queued.traceid };
    const writer = new AttemptWriter(this.store, this.bus, requested, loaded);
    try {
      if (loaded.state.started && deliveryCount >= COLLECT_MAX_DELIVERIES) {
        return await this.giveUp(writer, requested, deliveryCount);
      }
      const instanceId = `inst-${randomUUID()}`;
      await writer.startInstance({ instanceId, agentId: agent.agentId, site: agent.site, now: Date.now() });
      const abort = new AbortController();
      this.running.set(taskId, { instanceId, abort, done });
      const heartbeat = setInterval(working, this.config.COLLECT_ACK_WAIT_MS / 3);
      const collecting = this.collectSeconds.startTimer();
      try {
        if (loaded.state.started) {
          await writer.log(
            'warn',
            `resuming after an interruption (delivery ${deliveryCount} of ${COLLECT_MAX_DELIVERIES})`,
          );
        }
        await this.collect(writer, requested, abort.signal, agent.agentId);
        collecting({ outcome: 'succeeded' });
      } catch (e) {
        if (e instanceof AttemptEnded) throw e;
        if (abort.signal.reason === SHUTDOWN) {
          await writer.endInstance('interrupted', 'its agent shut down; the attempt resumes on another agent');
          throw new TaskInterrupted(SHUTDOWN);
        }
        if (abort.signal.aborted) {
          await this.endCancelled(writer, requested, abort.signal.reason);
          collecting({ outcome: 'cancelled' });
          return;
        }
        await this.endFailed(writer, requested, e);
        collecting({ outcome: 'failed' });
      } finally {
        clearInterval(heartbeat);
        this.running.delete(taskId);
      }
    } catch (e) {
      if (!(e instanceof AttemptEnded)) throw e;
      // Stopped or retried while it ran (the stop found no collector that answered): only its instance ends here.
      await writer.endInstance('cancelled', e.message);
      this.logger.info({ taskId, attempt, reason: e.message }, 'collect attempt ended elsewhere');
    }
  }

  /** It was interrupted on every delivery so far: end it clearly rather than leave it "running" for ever. */
  private async giveUp(writer: AttemptWriter, requested: CollectAttempt, deliveryCount: number) {
    const message = `the collector stopped ${deliveryCount - 1} times while running this task; retry it`;
    await writer.endOpenInstances('its agent stopped while running it');
    await writer.log('error', message);
    const { taskId, config } = requested.data;
    await writer.task('CollectTaskFailed', {
      taskId,
      connectionId: config.connectionId,
      code: 1002,
      message,
      finishedAt: Date.now(),
    });
  }

  private async collect(writer: AttemptWriter, requested: CollectAttempt, signal: AbortSignal, agentId: string) {
    const { taskId, attempt, config } = requested.data;
    await writer.task('CollectTaskStarted', { taskId, attempt, worker: agentId });
    const connector = await this.openConnection(writer, config.connectionId);
    try {
      const { entities, inventoryBatches } = await this.readInventory(writer, requested, connector, signal);
      const metrics = await this.readMetrics(writer, requested, connector, entities, signal);
      await this.complete(writer, requested, { entities: entities.length, inventoryBatches, ...metrics });
    } finally {
      await connector.close();
    }
  }

  private async openConnection(writer: AttemptWriter, connectionId: string): Promise<PlatformConnector> {
    const { state } = await this.connections.load(connectionId);
    if (state.kind !== 'active') throw new CommandError(404, `connection ${connectionId} no longer exists`);
    const password = (await this.secrets.get(state.settings.secretRef)) ?? '';
    const connector = await openConnector({ ...state.settings, password }, this.endpointPolicy);
    await writer.log('info', `collecting from ${state.settings.name} (${state.settings.type})`);
    return connector;
  }

  /** Step 1: the inventory, published in batches; returns every entity (the metrics pass needs them). */
  private async readInventory(
    writer: AttemptWriter,
    requested: CollectAttempt,
    connector: PlatformConnector,
    signal: AbortSignal,
  ): Promise<{ entities: RawEntity[]; inventoryBatches: number }> {
    const { taskId, attempt, config } = requested.data;
    await writer.task('CollectTaskProgressed', {
      taskId,
      progress: 0,
      currentStep: 1,
      totalSteps: TOTAL_STEPS,
      message: 'reading inventory',
    });
    const entities: RawEntity[] = [];
    let batch = 0;
    for await (const page of connector.inventory(config.scope, signal)) {
      for (let i = 0; i < page.length; i += INVENTORY_BATCH) {
        const chunk = page.slice(i, i + INVENTORY_BATCH);
        const data = { connectionId: config.connectionId, taskId, observedAt: Date.now(), batch, entities: chunk };
        await writer.raw('InventoryObserved', data, `${taskId}-a${attempt}-inv-${batch}`);
        batch++;
      }
      entities.push(...page);
    }
    const vms = poweredOnVms(entities);
    await writer.log('info', `inventory: ${entities.length} objects, ${vms} powered-on VMs`);
    return { entities, inventoryBatches: batch };
  }

  /** Step 2: the performance history, published page by page with progress against the samples expected. */
  private async readMetrics(
    writer: AttemptWriter,
    requested: CollectAttempt,
    connector: PlatformConnector,
    entities: RawEntity[],
    signal: AbortSignal,
  ): Promise<{ samples: number; metricBatches: number }> {
    const { taskId, attempt, config } = requested.data;
    const steps = Math.floor((config.endTime - config.startTime) / (config.sampleIntervalSec * 1000)) + 1;
    const expected = poweredOnVms(entities) * steps * (config.metrics.length || DEFAULT_COUNTER_COUNT);
    const progress = (samples: number, message: string) =>
      writer.task('CollectTaskProgressed', {
        taskId,
        progress: progressPercent(samples, expected),
        currentStep: 2,
        totalSteps: TOTAL_STEPS,
        message,
      });
    await progress(0, 'reading performance history');
    let samples = 0;
    let metricBatches = 0;
    const request = {
      scope: config.scope,
      startTime: config.startTime,
      endTime: config.endTime,
      intervalSec: config.sampleIntervalSec,
      counters: config.metrics,
      entities,
    };
    for await (const page of connector.metrics(request, signal)) {
      const data = {
        connectionId: config.connectionId,
        taskId,
        batch: metricBatches,
        intervalSec: config.sampleIntervalSec,
        samples: page,
      };
      await writer.raw('MetricsObserved', data, `${taskId}-a${attempt}-m-${metricBatches}`);
      metricBatches++;
      samples += page.length;
      await progress(samples, `${samples} samples collected`);
    }
    return { samples, metricBatches };
  }

  /** Step 3: the end marker (everything published is ahead of it), success, and the connection's last sync. */
  private async complete(
    writer: AttemptWriter,
    requested: CollectAttempt,
    counts: { entities: number; inventoryBatches: number; samples: number; metricBatches: number },
  ) {
    const { taskId, attempt, config } = requested.data;
    const { connectionId } = config;
    const { inventoryBatches, samples, metricBatches } = counts;
    const marker = { connectionId, taskId, inventoryBatches, metricBatches, samples };
    await writer.raw('CollectionCompleted', marker, `${taskId}-a${attempt}-done`);
    await writer.task('CollectTaskProgressed', {
      taskId,
      progress: 100,
      currentStep: 3,
      totalSteps: TOTAL_STEPS,
      message: 'collection complete',
    });
    await writer.log('info', `collected ${samples} samples in ${metricBatches} batches`);
    const finishedAt = Date.now();
    await writer.end(
      'CollectTaskSucceeded',
      { taskId, connectionId, entities: counts.entities, samples, finishedAt },
      'succeeded',
      `collected ${samples} samples`,
    );
    await this.connections.change(connectionId, 'ConnectionStatusChanged', () => ({
      connectionId,
      status: 'connected',
      lastSyncAt: finishedAt,
    }));
  }

  private async endCancelled(writer: AttemptWriter, requested: CollectAttempt, reason: unknown) {
    const { taskId, config } = requested.data;
    const why = String(reason ?? 'stopped');
    await writer.end(
      'CollectTaskCancelled',
      { taskId, connectionId: config.connectionId, reason: why, finishedAt: Date.now() },
      'cancelled',
      why,
    );
  }

  private async endFailed(writer: AttemptWriter, requested: CollectAttempt, e: unknown) {
    const { taskId, config } = requested.data;
    const { connectionId } = config;
    const code = e instanceof CommandError ? e.code : 1002;
    const message = e instanceof CommandError ? e.message : `collection failed: ${(e as Error).message}`;
    this.logger.warn({ err: e, taskId }, 'collect task failed');
    await writer.log('error', message);
    await writer.end(
      'CollectTaskFailed',
      { taskId, connectionId, code: code as 1002, message, finishedAt: Date.now() },
      'failed',
      message,
    );
    await this.connections.change(connectionId, 'ConnectionStatusChanged', () => ({
      connectionId,
      status: 'error',
      errorMessage: message,
    }));
  }
}

const poweredOnVms = (entities: RawEntity[]) =>
  entities.filter((e) => e.kind === 'vm' && e.powerState === 'poweredOn').length;
