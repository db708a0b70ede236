import { createHash } from 'node:crypto';
import { z } from 'zod';
import { defineEvent } from '../define-event';
import { AnalysisType, EpochMs, Id } from './common';

export const ReportFormat = z.enum(['json', 'html', 'pdf', 'xlsx']);
export type ReportFormat = z.infer<typeof ReportFormat>;
/** `summary` covers every analysis type; the others one each. */
export const ReportType = z.enum(['summary', ...AnalysisType.options]);
export type ReportType = z.infer<typeof ReportType>;
export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR');
/** What the reader's organisation puts on its reports (settings own the defaults; a request may name them). */
export const ReportBranding = z
  .object({
    organisation: z.string().trim().max(200).optional(),
    accentColor: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, 'a colour such as #1f6feb')
      .optional(),
  })
  .strict();
export type ReportBranding = z.infer<typeof ReportBranding>;

/**
 * Reports of one scope (type, connection, run, entities) share this key: a report compares itself with the previous
 * report of its scope.
 */
export function reportScopeKey(scope: {
  reportType?: ReportType;
  connectionId?: string;
  runId?: string;
  entityIds?: string[];
}): string {
  const parts = [
    scope.reportType ?? 'summary',
    scope.connectionId ?? '',
    scope.runId ?? '',
    [...(scope.entityIds ?? [])].sort(),
  ];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

export const ReportRequested = defineEvent({
  name: 'ReportRequested',
  version: 1,
  stream: 'REPORTS',
  schema: z
    .object({
      reportId: Id,
      format: ReportFormat,
      title: z.string(),
      connectionId: Id.optional(),
      // Optional for the reports requested before types and scopes existed: those were summaries of everything.
      reportType: ReportType.optional(),
      runId: Id.optional(),
      entityIds: z.array(Id).optional(),
      currency: CurrencyCode.optional(),
      branding: ReportBranding.optional(),
    })
    .strict(),
});
export const ReportProgressed = defineEvent({
  name: 'ReportProgressed',
  version: 1,
  stream: 'REPORTS',
  schema: z.object({ reportId: Id, progress: z.number().min(0).max(100), message: z.string(), at: EpochMs }).strict(),
});
/** The figures a later report of the same scope compares itself with. */
export const ReportDigest = z
  .object({
    findings: z.number().int().nonnegative(),
    savingsAmount: z.number(),
    byRisk: z.object({ low: z.number().int(), medium: z.number().int(), high: z.number().int() }).strict(),
    savingsByType: z.record(z.string(), z.number()),
  })
  .strict();
export type ReportDigest = z.infer<typeof ReportDigest>;
export const ReportGenerated = defineEvent({
  name: 'ReportGenerated',
  version: 1,
  stream: 'REPORTS',
  schema: z
    .object({
      reportId: Id,
      format: ReportFormat,
      /** Reports generated before the object store: a file in the reporter's data directory. */
      path: z.string().optional(),
      /** The report's object in the `justfit_reports` JetStream object store, which every API replica reads. */
      objectName: z.string().optional(),
      bytes: z.number().int().nonnegative(),
      sha256: z.string(),
      generatedAt: EpochMs,
      digest: ReportDigest.optional(),
    })
    .strict(),
});
export const ReportFailed = defineEvent({
  name: 'ReportFailed',
  version: 1,
  stream: 'REPORTS',
  schema: z.object({ reportId: Id, code: z.number().int(), message: z.string(), failedAt: EpochMs }).strict(),
});
