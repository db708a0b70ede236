import { randomUUID } from 'node:crypto';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { CommandError, type CommandReply, type EventStore, Events, type JustFitEvent, newEvent } from '@justfit/events';
import { currentTraceId, type EventContext, newTraceId, parseCommandInput } from '@justfit/service-kit';
import { COLLECTOR_SOURCE, type ConnectionRepository } from '../connections/connection-repository';
import { CONNECTIONS, EVENT_STORE } from '../tokens';
import { CollectTaskRunner } from './collect-task.runner';

const DAY_MS = 86_400_000;

@Controller()
export class TasksController {
  constructor(
    @Inject(CONNECTIONS) private readonly connections: ConnectionRepository,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CollectTaskRunner) private readonly runner: CollectTaskRunner,
  ) {}

  @MessagePattern('StartCollectTask')
  async start(payload: unknown): Promise<CommandReply<'collector', 'StartCollectTask'>> {
    const cmd = parseCommandInput('collector', 'StartCollectTask', payload);
    const { state } = await this.connections.load(cmd.connectionId);
    if (state.kind !== 'active') throw new CommandError(404, `connection ${cmd.connectionId} not found`);
    if (state.settings.type === 'h3c') throw new CommandError(1005, 'H3C CAS connections are not supported yet');
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
          connectionId: cmd.connectionId, name: cmd.name ?? `collect ${state.settings.name}`, scope: cmd.scope,
          startTime, endTime, sampleIntervalSec: cmd.sampleIntervalSec, metrics: cmd.metrics,
        },
      },
      { subject: taskId, source: COLLECTOR_SOURCE, traceId: currentTraceId() ?? newTraceId() },
    );
    await this.store.append(taskId, [event as JustFitEvent], { expectedRevision: 'no_stream' });
    return { taskId };
  }

  @EventPattern(Events.CollectTaskRequested.type)
  async run(@Payload() event: JustFitEvent<'CollectTaskRequested'>, @Ctx() ctx: unknown): Promise<void> {
    await this.runner.run(event, (ctx as EventContext).working);
  }
}
