import { reportScopeKey } from '@justfit/events';
import { sendCommand } from '../graphql/commands';
import type { ApiContext } from '../graphql/context';
import { pageArgs } from '../inventory/args';
import { getReport, listReports, type ReportRow } from '../read-models/reports';

type Args = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const reportView = (r: ReportRow, ctx: ApiContext) => ({
  ...r,
  downloadUrl: r.status === 'generated' ? `${ctx.publicUrl}/reports/${encodeURIComponent(r.id)}` : null,
});

/** GraphQL sends null for a field left out; the command takes it as absent (so its default applies). */
function withoutNulls<T extends Record<string, unknown>>(input: T | null | undefined): Partial<T> {
  return Object.fromEntries(
    Object.entries(input ?? {})
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => [k, v && typeof v === 'object' && !Array.isArray(v) ? withoutNulls(v as Args) : v]),
  ) as Partial<T>;
}

export const reportResolvers = {
  Query: {
    report: async (_: unknown, a: Args, ctx: ApiContext) => {
      const r = await getReport(ctx.clickhouse, a.id);
      return r ? reportView(r, ctx) : null;
    },
    reports: async (_: unknown, a: Args, ctx: ApiContext) => {
      const page = pageArgs(a, ctx);
      const result = await listReports(ctx.clickhouse, withoutNulls(a.filter), page);
      return { ...result, items: result.items.map((r) => reportView(r, ctx)), ...page };
    },
  },
  Mutation: {
    generateReport: async (_: unknown, { input }: Args, ctx: ApiContext) => {
      const request = withoutNulls(input);
      const { reportId } = await sendCommand(ctx, 'reporter', 'GenerateReport', request);
      // The read model follows in a moment; the answer is the request as recorded.
      return reportView(
        {
          id: reportId,
          reportType: request.reportType ?? 'summary',
          connectionId: request.connectionId ?? null,
          runId: request.runId ?? null,
          entityIds: request.entityIds ?? [],
          format: request.format ?? 'json',
          title: request.title ?? 'JustFit waste report',
          status: 'requested',
          progress: 0,
          message: 'waiting for a reporter',
          objectName: null,
          path: null,
          bytes: null,
          sha256: null,
          errorMessage: null,
          requestedAt: Date.now(),
          generatedAt: null,
          scopeKey: reportScopeKey(request),
          digest: '',
        },
        ctx,
      );
    },
  },
};
