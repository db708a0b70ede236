import { z } from 'zod';
import { defineEvent } from '../define-event';
import { EpochMs, Id } from './common';

export const ReportFormat = z.enum(['json', 'html', 'pdf']);
export const ReportRequested = defineEvent({
  name: 'ReportRequested',
  version: 1,
  stream: 'REPORTS',
  schema: z.object({ reportId: Id, format: ReportFormat, title: z.string(), connectionId: Id.optional() }).strict(),
});
export const ReportGenerated = defineEvent({
  name: 'ReportGenerated',
  version: 1,
  stream: 'REPORTS',
  schema: z
    .object({
      reportId: Id,
      format: ReportFormat,
      path: z.string(),
      bytes: z.number().int().nonnegative(),
      sha256: z.string(),
      generatedAt: EpochMs,
    })
    .strict(),
});
export const ReportFailed = defineEvent({
  name: 'ReportFailed',
  version: 1,
  stream: 'REPORTS',
  schema: z.object({ reportId: Id, code: z.number().int(), message: z.string(), failedAt: EpochMs }).strict(),
});
