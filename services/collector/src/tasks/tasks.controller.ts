import { randomUUID } from 'node:crypto';
import { Controller, Inject } from '@nestjs/common';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import {
  cancelCollectTaskSubject,
  CommandError,
  DEFAULT_SITE,
  type CommandReply,
  encodeMessage,
  type EventBus,
  type EventDataOf,
  type EventStore,
  Events,
  type JustFitEvent,
  newEvent,
} from '@justfit/events';
import { BUS, parseCommandInput, traceIdOrNew } from '@justfit/service-kit';
import { COLLECTOR_SOURCE, type ConnectionRepository } from '../connections/connection-repository';
import { CONNECTIONS, EVENT_STORE } from '../tokens';
import {
  type CollectTaskEvent,
  type CollectTaskEventName,
  collectTasks,
  decideRetry,
  decideStart,
  decideStop,
} from './collect-task';
import { CollectTaskRunner } from './collect-task.runner';

const DAY_MS = 86_400_000;
const CANCEL_WAIT_MS = 10_000;

@Controller()
export class TasksController {
  constructor(
    @Inject(CONNECTIONS) private readonly connections: ConnectionRepository,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CollectTaskRunner) private readonly runner: CollectTaskRunner,
    @Inject(BUS) private readonly bus: EventBus,
  ) {}

  @MessagePattern('StartCollectTask')
  async start(payload: unknown): Promise<CommandReply<'collector', 'StartCollectTask'>> {
    const cmd = parseCommandInput('collector', 'StartCollectTask', payload);
    const { state } = await this.connections.load(cmd.connectionId);
    if (state.kind !== 'active') throw new CommandError(404, `connection ${cmd.connectionId} not found`);
    const endTime = cmd.endTime ?? Date.now();
    const startTime = cmd.startTime ?? endTime - 7 * DAY_MS;
    if (startTime >= endTime) throw new CommandError(400, 'startTime must be before endTime');
    const taskId = `task-${randomUUID()}`;
    const config = {
      connectionId: cmd.connectionId,
      name: cmd.name ?? `collect ${state.settings.name}`,
      scope: cmd.scope,
      startTime,
      endTime,
      sampleIntervalSec: cmd.sampleIntervalSec,
      metrics: cmd.metrics,
    };
    await collectTasks.handle(this.store, taskId, (task) => {
      decideStart(taskId, task);
      return [this.taskEvent(taskId, 'CollectTaskRequested', { taskId, attempt: 1, config })];
    });
    return { taskId };
  }

  @MessagePattern('StopCollectTask')
  async stop(payload: unknown): Promise<CommandReply<'collector', 'StopCollectTask'>> {
    const cmd = parseCommandInput('collector', 'StopCollectTask', payload);
    const { state } = await collectTasks.load(this.store, cmd.taskId);
    if (decideStop(cmd.taskId, state) === 'cancel-running' && (await this.cancelRunning(cmd.taskId, cmd.reason))) {
      return { taskId: cmd.taskId, status: 'cancelled' };
    }
    // Not started, or no collector is running it (the one that was has gone): end it here. Should a collector still
    // be running it, its next write finds the task cancelled and it stops.
    await collectTasks.handle(this.store, cmd.taskId, (task) => {
      decideStop(cmd.taskId, task);
      const connectionId = task.requested!.config.connectionId;
      const data = { taskId: cmd.taskId, connectionId, reason: cmd.reason, finishedAt: Date.now() };
      return [this.taskEvent(cmd.taskId, 'CollectTaskCancelled', data)];
    });
    return { taskId: cmd.taskId, status: 'cancelled' };
  }

  @MessagePattern('RetryCollectTask')
  async retry(payload: unknown): Promise<CommandReply<'collector', 'RetryCollectTask'>> {
    const cmd = parseCommandInput('collector', 'RetryCollectTask', payload);
    const { newState } = await collectTasks.handle(this.store, cmd.taskId, (task) => [
      this.taskEvent(cmd.taskId, 'CollectTaskRequested', decideRetry(cmd.taskId, task)),
    ]);
    return { taskId: cmd.taskId, attempt: newState.attempt };
  }

  /**
   * Queues a requested attempt for the agents of its connection's site (the id makes a repeated delivery a
   * duplicate the stream drops); a connection deleted meanwhile fails the task here.
   */
  @EventPattern(Events.CollectTaskRequested.type)
  async queue(@Payload() event: JustFitEvent<'CollectTaskRequested'>): Promise<void> {
    const { taskId, attempt, config } = event.data;
    const { state } = await this.connections.load(config.connectionId);
    if (state.kind !== 'active') {
      await this.failUnqueued(event, `connection ${config.connectionId} no longer exists`);
      return;
    }
    const site = state.settings.site ?? DEFAULT_SITE;
    const data = { taskId, attempt, connectionId: config.connectionId, site, queuedAt: Date.now() };
    await this.bus.publish(
      newEvent('CollectTaskQueued', data, {
        subject: taskId,
        source: COLLECTOR_SOURCE,
        traceId: event.traceid,
        id: `${taskId}-a${attempt}-queued`,
      }),
    );
  }

  private async failUnqueued(event: JustFitEvent<'CollectTaskRequested'>, message: string): Promise<void> {
    const { taskId, attempt, config } = event.data;
    await collectTasks.handle(this.store, taskId, (task) => {
      if (task.attempt !== attempt || task.outcome) return [];
      const data = { taskId, connectionId: config.connectionId, code: 404 as const, message, finishedAt: Date.now() };
      return [this.taskEvent(taskId, 'CollectTaskFailed', data)];
    });
  }

  /** Asks the collector running the task to stop it; true once it has (it writes the cancellation itself). */
  private cancelRunning(taskId: string, reason: string): Promise<boolean> {
    const message = encodeMessage('CancelCollectTask', { taskId, reason });
    return this.bus.nc.request(cancelCollectTaskSubject(taskId), message, { timeout: CANCEL_WAIT_MS }).then(
      () => true,
      () => false,
    );
  }

  private taskEvent<N extends CollectTaskEventName>(taskId: string, name: N, data: EventDataOf<N>): CollectTaskEvent {
    return newEvent(name, data, {
      subject: taskId,
      source: COLLECTOR_SOURCE,
      traceId: traceIdOrNew(),
    }) as CollectTaskEvent;
  }
}
