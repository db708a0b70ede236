import { randomUUID } from 'node:crypto';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import {
  CommandError,
  type CommandReply,
  ConcurrencyError,
  type EventBus,
  type EventStore,
  Events,
  type JustFitEvent,
  newEvent,
} from '@justfit/events';
import { BUS, type EventContext, parseCommandInput, traceIdOrNew } from '@justfit/service-kit';
import { COLLECTOR_SOURCE, type ConnectionRepository } from '../connections/connection-repository';
import { CONNECTIONS, EVENT_STORE } from '../tokens';
import { decideRetry, decideStop, loadCollectTask } from './collect-task';
import { CANCEL_SUBJECT, CollectTaskRunner } from './collect-task.runner';

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
    const event = newEvent(
      'CollectTaskRequested',
      {
        taskId,
        attempt: 1,
        config: {
          connectionId: cmd.connectionId,
          name: cmd.name ?? `collect ${state.settings.name}`,
          scope: cmd.scope,
          startTime,
          endTime,
          sampleIntervalSec: cmd.sampleIntervalSec,
          metrics: cmd.metrics,
        },
      },
      { subject: taskId, source: COLLECTOR_SOURCE, traceId: traceIdOrNew() },
    );
    await this.store.append(taskId, [event as JustFitEvent], { expectedRevision: 'no_stream' });
    return { taskId };
  }

  @MessagePattern('StopCollectTask')
  async stop(payload: unknown): Promise<CommandReply<'collector', 'StopCollectTask'>> {
    const cmd = parseCommandInput('collector', 'StopCollectTask', payload);
    for (let attempt = 0; attempt < 3; attempt++) {
      const { state, revision } = await loadCollectTask(this.store, cmd.taskId);
      if (decideStop(cmd.taskId, state) === 'cancel-running') {
        const stopped = await this.bus.nc
          .request(`${CANCEL_SUBJECT}.${cmd.taskId}`, cmd.reason, { timeout: CANCEL_WAIT_MS })
          .then(
            () => true,
            () => false,
          );
        if (stopped) return { taskId: cmd.taskId, status: 'cancelled' };
        // No collector is running it (the one that was has gone): end it here.
      }
      try {
        const cancelled = newEvent(
          'CollectTaskCancelled',
          {
            taskId: cmd.taskId,
            connectionId: state.requested!.config.connectionId,
            reason: cmd.reason,
            finishedAt: Date.now(),
          },
          {
            subject: cmd.taskId,
            source: COLLECTOR_SOURCE,
            traceId: traceIdOrNew(),
          },
        );
        await this.store.append(cmd.taskId, [cancelled as JustFitEvent], { expectedRevision: revision });
        return { taskId: cmd.taskId, status: 'cancelled' };
      } catch (e) {
        if (!(e instanceof ConcurrencyError)) throw e; // it moved on (a collector picked it up): decide again
      }
    }
    throw new CommandError(409, `task ${cmd.taskId} kept changing while it was being stopped; try again`);
  }

  @MessagePattern('RetryCollectTask')
  async retry(payload: unknown): Promise<CommandReply<'collector', 'RetryCollectTask'>> {
    const cmd = parseCommandInput('collector', 'RetryCollectTask', payload);
    const { state, revision } = await loadCollectTask(this.store, cmd.taskId);
    const next = decideRetry(cmd.taskId, state);
    const event = newEvent('CollectTaskRequested', next, {
      subject: cmd.taskId,
      source: COLLECTOR_SOURCE,
      traceId: traceIdOrNew(),
    });
    await this.store.append(cmd.taskId, [event as JustFitEvent], { expectedRevision: revision });
    return { taskId: cmd.taskId, attempt: next.attempt };
  }

  @EventPattern(Events.CollectTaskRequested.type)
  async run(@Payload() event: JustFitEvent<'CollectTaskRequested'>, @Ctx() ctx: unknown): Promise<void> {
    const { working, deliveryCount } = ctx as EventContext;
    await this.runner.run(event, working, deliveryCount);
  }
}
