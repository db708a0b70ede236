import { createHash } from 'node:crypto';
import {
  type EventDataOf,
  type ReportDigest,
  type ReportFormat,
  reportScopeKey,
  type SettingsView,
} from '@justfit/events';
import { type ClickHouseClient, listFindings } from '@justfit/storage';
import { estateSummary } from '../data/estate-summary';
import { entityPlacements } from '../data/placements';
import { previousReport } from '../data/previous-report';
import { rightsizeUsage, tidalProfiles } from '../data/usage-profiles';
import {
  buildReportModel,
  digestOf,
  type ReportFinding,
  type ReportInput,
  type ReportModel,
} from '../model/report-model';
import { type ChromiumOptions, printPdf } from '../render/pdf-printer';
import { MAX_CHARTED } from '../render/limits';
import type { ReportObjects } from './report-objects';

const MAX_FINDINGS = 100_000;

/** The renderers (ECharts, ExcelJS) load with the first report that needs them, so the reporter starts quickly. */
const renderers = {
  html: () => import('../render/html-report'),
  xlsx: () => import('../render/xlsx-report'),
};

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  json: 'application/json',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export type ReportRequest = EventDataOf<'ReportRequested'>;

/** What a report shows when its request does not say: the installation's settings when it is generated. */
export interface ReportDefaults {
  currency: string;
  timeZone: string;
  branding: ReportInput['branding'];
}

/** The defaults from the settings; branding only once an admin has set it (the request's own stays first). */
export function reportDefaultsFrom(settings: SettingsView): ReportDefaults {
  const { currencyAndPrices, timeZone, reportBranding } = settings.current();
  const branding = settings.isSet('reportBranding')
    ? {
        organisation: reportBranding.organisation,
        accentColor: reportBranding.accentColour,
        footer: reportBranding.footer || undefined,
        logo: reportBranding.logo ?? undefined,
      }
    : {};
  return { currency: currencyAndPrices.currency, timeZone, branding };
}
export type Progress = (progress: number, message: string) => Promise<void>;

export interface GeneratedReport {
  objectName: string;
  bytes: number;
  sha256: string;
  digest: ReportDigest;
}

/** Reads what a report covers, renders it in its format and stores the file. */
export class ReportGenerator {
  constructor(
    private readonly clickhouse: ClickHouseClient,
    private readonly objects: ReportObjects,
    private readonly chromium: ChromiumOptions,
    private readonly defaults: () => ReportDefaults,
  ) {}

  async generate(request: ReportRequest, progress: Progress): Promise<GeneratedReport> {
    await progress(5, 'reading the findings');
    const model = await this.model(request, progress);
    const body = await this.render(model, request.format, progress);
    await progress(90, 'storing the report');
    const objectName = `${request.reportId}.${request.format}`;
    await this.objects.put(objectName, body, CONTENT_TYPES[request.format]);
    return {
      objectName,
      bytes: body.length,
      sha256: createHash('sha256').update(body).digest('hex'),
      digest: digestOf(model),
    };
  }

  /** The report's content, whatever its format. */
  async model(request: ReportRequest, progress: Progress): Promise<ReportModel> {
    const reportType = request.reportType ?? 'summary';
    const defaults = this.defaults();
    const entityIds = request.entityIds ?? [];
    const [estate, rows, previous] = await Promise.all([
      estateSummary(this.clickhouse, request.connectionId),
      listFindings(this.clickhouse, {
        status: 'open',
        analysisType: reportType === 'summary' ? undefined : reportType,
        connectionId: request.connectionId,
        runId: request.runId,
        entityIds,
        limit: MAX_FINDINGS,
      }),
      previousReport(this.clickhouse, reportScopeKey({ ...request, reportType }), request.reportId),
    ]);
    const findings: ReportFinding[] = rows.map(({ status: _status, runId: _runId, ...f }) => f);
    await progress(25, `reading the usage behind ${findings.length} findings`);
    const notes: string[] = [];
    const charted = (type: string, what: string) => {
      const ofType = findings.filter((f) => f.analysisType === type);
      if (ofType.length > MAX_CHARTED) {
        notes.push(
          `${what} are drawn for the ${MAX_CHARTED} ${type} findings with the largest savings, of ${ofType.length}.`,
        );
      }
      return ofType.slice(0, MAX_CHARTED);
    };
    const [placements, tidal, rightsize] = await Promise.all([
      entityPlacements(this.clickhouse, findings),
      tidalProfiles(this.clickhouse, charted('tidal', 'Daily profiles')),
      rightsizeUsage(this.clickhouse, charted('rightsize', 'Usage charts')),
    ]);
    if (findings.length === MAX_FINDINGS)
      notes.push(`Only the ${MAX_FINDINGS} findings with the largest savings are listed.`);
    return buildReportModel({
      reportId: request.reportId,
      reportType,
      title: request.title,
      now: new Date(),
      scope: { connectionId: request.connectionId ?? null, runId: request.runId ?? null, entityIds },
      currency: request.currency ?? defaults.currency,
      timeZone: defaults.timeZone,
      branding: { ...defaults.branding, ...withoutUndefined(request.branding ?? {}) },
      estate,
      findings,
      placements,
      previous,
      tidalProfiles: tidal,
      rightsizeUsage: rightsize,
      notes,
    });
  }

  private async render(model: ReportModel, format: ReportFormat, progress: Progress): Promise<Buffer> {
    switch (format) {
      case 'json':
        return Buffer.from(`${JSON.stringify(model, null, 2)}\n`, 'utf8');
      case 'html':
        await progress(50, 'drawing the charts and the page');
        return Buffer.from((await renderers.html()).renderHtmlReport(model), 'utf8');
      case 'pdf': {
        await progress(40, 'drawing the charts and the page');
        const page = (await renderers.html()).renderHtmlReport(model);
        await progress(60, 'printing with Chromium');
        return printPdf(page, { chromium: this.chromium, footerTitle: model.title });
      }
      case 'xlsx':
        await progress(50, 'writing the workbook');
        return (await renderers.xlsx()).renderXlsxReport(model);
      default: {
        const unknown: never = format;
        throw new Error(`unknown report format ${String(unknown)}`);
      }
    }
  }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
