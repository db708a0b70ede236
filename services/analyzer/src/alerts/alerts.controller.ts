import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import type { CommandReply, EventStore } from '@justfit/events';
import { parseCommandInput } from '@justfit/service-kit';
import { FindingRepository } from '../findings/finding-repository';
import { EVENT_STORE } from '../tokens';
import { decideMark, findingIdOfAlert } from './alert-marking';

@Controller()
export class AlertsController {
  private readonly findings: FindingRepository;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.findings = new FindingRepository(store);
  }

  @MessagePattern('MarkAlert')
  async mark(payload: unknown): Promise<CommandReply<'analyzer', 'MarkAlert'>> {
    const cmd = parseCommandInput('analyzer', 'MarkAlert', payload);
    const findingId = findingIdOfAlert(cmd.alertId);
    await this.findings.markAlert(findingId, ({ alerts }) =>
      decideMark(cmd.alertId, findingId, alerts, { read: cmd.read, resolved: cmd.resolved }, Date.now()),
    );
    return { alertId: cmd.alertId, findingId };
  }
}
