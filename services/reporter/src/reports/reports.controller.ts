import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { CommandError, type CommandReply, type EventDataOf, type EventStore, newEvent } from '@justfit/events';
import { CLICKHOUSE, CONFIG, parseCommandInput, traceIdOrNew } from '@justfit/service-kit';
import { type ClickHouseClient, listFindings } from '@justfit/storage';
import type { ReporterConfig } from '../config';
import { buildReportModel } from '../render/report-model';
import { EVENT_STORE } from '../tokens';
import { estateSummary } from './estate-summary';
import { decideReport, type ReportEvent, type ReportEventName, reports, type ReportState } from './report';
import { writeReportFile } from './report-writer';

const REPORTER_SOURCE = '/justfit/reporter';
const MAX_FINDINGS = 100_000;

@Controller()
export class ReportsController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLICKHOUSE) private readonly clickhouse: ClickHouseClient,
    @Inject(CONFIG) private readonly config: ReporterConfig,
  ) {}

  @MessagePattern('GenerateReport')
  async generate(payload: unknown): Promise<CommandReply<'reporter', 'GenerateReport'>> {
    const cmd = parseCommandInput('reporter', 'GenerateReport', payload);
    if (cmd.format !== 'json') throw new CommandError(1004, `${cmd.format} reports are not available yet; json is`);
    const reportId = `report-${randomUUID()}`;
    let known: { state: ReportState; revision: number } | undefined;
    const emit = async <N extends ReportEventName>(name: N, data: EventDataOf<N>) => {
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
    await emit('ReportRequested', { reportId, format: cmd.format, title: cmd.title, connectionId: cmd.connectionId });
    try {
      const [estate, findings] = await Promise.all([
        estateSummary(this.clickhouse, cmd.connectionId),
        listFindings(this.clickhouse, { status: 'open', connectionId: cmd.connectionId, limit: MAX_FINDINGS }),
      ]);
      const model = buildReportModel({
        reportId,
        title: cmd.title,
        now: new Date(),
        connectionId: cmd.connectionId,
        estate,
        findings: findings.map(({ status: _status, runId: _runId, ...f }) => f),
      });
      const file = await writeReportFile(
        resolve(join(this.config.JUSTFIT_DATA_DIR, 'reports')),
        `${reportId}.json`,
        `${JSON.stringify(model, null, 2)}\n`,
      );
      await emit('ReportGenerated', { reportId, format: cmd.format, ...file, generatedAt: Date.now() });
      return { reportId, path: file.path, bytes: file.bytes };
    } catch (e) {
      const message = `report generation failed: ${(e as Error).message}`;
      await emit('ReportFailed', { reportId, code: 1004, message, failedAt: Date.now() });
      throw new CommandError(1004, message);
    }
  }
}
