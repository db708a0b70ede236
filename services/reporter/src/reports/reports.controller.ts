import { randomUUID } from 'node:crypto';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import {
  type CommandReply,
  type EventBus,
  type EventDataOf,
  type EventName,
  Events,
  type EventStore,
  isEvent,
  type JustFitEvent,
  newEvent,
} from '@justfit/events';
import { BUS, type EventContext, LOGGER, parseCommandInput, traceIdOrNew } from '@justfit/service-kit';
import type { Logger } from 'pino';
import { ChromiumMissingError } from '../render/pdf-printer';
import { REPORT_GENERATOR, REPORT_STORE } from '../tokens';
import type { ReportGenerator } from './report-generator';

const REPORTER_SOURCE = '/justfit/reporter';
const HEARTBEAT_MS = 20_000;

/**
 * Reports are tasks: `GenerateReport` records the request and answers with the report id at once; whichever reporter
 * replica takes the request from the REPORTS stream generates it, saying how far it is (ReportProgressed) and how it
 * ended (ReportGenerated or ReportFailed). A replica that dies mid-way leaves the request to another.
 */
@Controller()
export class ReportsController {
  constructor(
    @Inject(BUS) private readonly bus: EventBus,
    @Inject(REPORT_STORE) private readonly store: EventStore,
    @Inject(REPORT_GENERATOR) private readonly generator: ReportGenerator,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  private emit<N extends EventName>(reportId: string, name: N, data: EventDataOf<N>) {
    return this.bus.publish(
      newEvent(name, data, { subject: reportId, source: REPORTER_SOURCE, traceId: traceIdOrNew() }) as JustFitEvent,
    );
  }

  @MessagePattern('GenerateReport')
  async request(payload: unknown): Promise<CommandReply<'reporter', 'GenerateReport'>> {
    const cmd = parseCommandInput('reporter', 'GenerateReport', payload);
    const reportId = `report-${randomUUID()}`;
    await this.emit(reportId, 'ReportRequested', {
      reportId,
      format: cmd.format,
      reportType: cmd.reportType,
      title: cmd.title,
      connectionId: cmd.connectionId,
      runId: cmd.runId,
      entityIds: cmd.entityIds,
      currency: cmd.currency,
      branding: cmd.branding,
    });
    return { reportId };
  }

  @EventPattern(Events.ReportRequested.type)
  async generate(@Payload() event: JustFitEvent<'ReportRequested'>, @Ctx() context: unknown): Promise<void> {
    const { working } = context as EventContext;
    const request = event.data;
    if (await this.ended(request.reportId)) return; // a redelivery of a report already done
    const progress = (value: number, message: string) =>
      this.emit(request.reportId, 'ReportProgressed', {
        reportId: request.reportId,
        progress: value,
        message,
        at: Date.now(),
      }).then(() => undefined);
    // Printing is one long step: the heartbeat keeps the request from being redelivered to another replica meanwhile.
    const heartbeat = setInterval(working, HEARTBEAT_MS);
    let generated;
    try {
      generated = await this.generator.generate(request, progress);
    } catch (e) {
      const reason =
        e instanceof ChromiumMissingError ? e.message : `report generation failed: ${(e as Error).message}`;
      this.logger.error({ err: e, reportId: request.reportId }, 'report generation failed');
      await this.emit(request.reportId, 'ReportFailed', {
        reportId: request.reportId,
        code: 1004,
        message: reason,
        failedAt: Date.now(),
      });
      return;
    } finally {
      clearInterval(heartbeat);
    }
    await this.emit(request.reportId, 'ReportGenerated', {
      reportId: request.reportId,
      format: request.format,
      ...generated,
      generatedAt: Date.now(),
    });
  }

  private async ended(reportId: string): Promise<boolean> {
    const { events } = await this.store.read(reportId, 'REPORTS');
    return events.some((e) => isEvent(e.event, 'ReportGenerated') || isEvent(e.event, 'ReportFailed'));
  }
}
