import { randomUUID } from 'node:crypto';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import {
  type CommandReply,
  type EventDataOf,
  Events,
  type EventStore,
  type JustFitEvent,
  newEvent,
} from '@justfit/events';
import { type EventContext, LOGGER, parseCommandInput, traceIdOrNew } from '@justfit/service-kit';
import type { Logger } from 'pino';
import { ChromiumMissingError } from '../render/pdf-printer';
import { REPORT_GENERATOR, REPORT_STORE } from '../tokens';
import { decideReport, hasEnded, type ReportEvent, type ReportEventName, reports, type ReportState } from './report';
import type { ReportGenerator } from './report-generator';

const REPORTER_SOURCE = '/justfit/reporter';
const HEARTBEAT_MS = 20_000;

/**
 * Reports are tasks: `GenerateReport` records the request and answers with the report id at once; whichever reporter
 * replica takes the request from the REPORTS stream generates it, saying how far it is (ReportProgressed) and how it
 * ended (ReportGenerated or ReportFailed). A replica that dies mid-way leaves the request to another. Every event
 * goes through the report's command handler, at the revision the writer last saw.
 */
@Controller()
export class ReportsController {
  constructor(
    @Inject(REPORT_STORE) private readonly store: EventStore,
    @Inject(REPORT_GENERATOR) private readonly generator: ReportGenerator,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @MessagePattern('GenerateReport')
  async request(payload: unknown): Promise<CommandReply<'reporter', 'GenerateReport'>> {
    const cmd = parseCommandInput('reporter', 'GenerateReport', payload);
    const reportId = `report-${randomUUID()}`;
    await this.writer(reportId)('ReportRequested', {
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
    const { state, revision } = await reports.load(this.store, request.reportId);
    if (hasEnded(state)) return; // a redelivery of a report already done
    const emit = this.writer(request.reportId, { state, revision });
    const progress = (value: number, message: string) =>
      emit('ReportProgressed', { reportId: request.reportId, progress: value, message, at: Date.now() });
    // Printing is one long step: the heartbeat keeps the request from being redelivered to another replica meanwhile.
    const heartbeat = setInterval(working, HEARTBEAT_MS);
    let generated;
    try {
      generated = await this.generator.generate(request, progress);
    } catch (e) {
      const reason =
        e instanceof ChromiumMissingError ? e.message : `report generation failed: ${(e as Error).message}`;
      this.logger.error({ err: e, reportId: request.reportId }, 'report generation failed');
      await emit('ReportFailed', { reportId: request.reportId, code: 1004, message: reason, failedAt: Date.now() });
      return;
    } finally {
      clearInterval(heartbeat);
    }
    await emit('ReportGenerated', {
      reportId: request.reportId,
      format: request.format,
      ...generated,
      generatedAt: Date.now(),
    });
  }

  /** Appends one report's events in order, each decided on the state the previous one left. */
  private writer(reportId: string, start?: { state: ReportState; revision: number }) {
    let known = start;
    return async <N extends ReportEventName>(name: N, data: EventDataOf<N>): Promise<void> => {
      const event = newEvent(name, data, { subject: reportId, source: REPORTER_SOURCE, traceId: traceIdOrNew() });
      const { newState, revision } = await reports.handle(
        this.store,
        reportId,
        (state) => {
          decideReport(state, name, reportId);
          return [event as ReportEvent];
        },
        { known },
      );
      known = { state: newState, revision };
    };
  }
}
