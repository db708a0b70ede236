import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { type CommandReply, type EventStore, type JustFitEvent, newEvent } from '@justfit/events';
import { parseCommandInput, traceIdOrNew } from '@justfit/service-kit';
import { ANALYZER_SOURCE } from '../findings/finding-repository';
import { EVENT_STORE } from '../tokens';
import { decideMark, findingIdOfAlert } from './alert-marking';

@Controller()
export class AlertsController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @MessagePattern('MarkAlert')
  async mark(payload: unknown): Promise<CommandReply<'analyzer', 'MarkAlert'>> {
    const cmd = parseCommandInput('analyzer', 'MarkAlert', payload);
    const findingId = findingIdOfAlert(cmd.alertId);
    const { events, revision } = await this.store.read(findingId, 'FINDINGS');
    const marked = decideMark(
      cmd.alertId,
      findingId,
      events.map((e) => e.event),
      { read: cmd.read, resolved: cmd.resolved },
      Date.now(),
    );
    if (marked) {
      const event = newEvent('AlertMarked', marked, {
        subject: findingId,
        source: ANALYZER_SOURCE,
        traceId: traceIdOrNew(),
      });
      await this.store.append(findingId, [event as JustFitEvent], { expectedRevision: revision });
    }
    return { alertId: cmd.alertId, findingId };
  }
}
