import { reportScopeKey } from '@justfit/events';
import { sendCommand } from '../graphql/commands';
import type { ApiContext } from '../graphql/context';
import { definedOnly, pageArgs, withoutNulls } from '../inventory/args';
import type { Resolvers } from '../graphql/resolvers-types.generated';
import { getReport, listReports, type ReportRow } from '../read-models/reports';

const reportView = (r: ReportRow, ctx: ApiContext) => ({
  ...r,
  downloadUrl: r.status === 'generated' ? `${ctx.publicUrl}/reports/${encodeURIComponent(r.id)}` : null,
});

export const reportResolvers: Resolvers = {
  Query: {
    report: async (_, a, ctx) => {
      const r = await getReport(ctx.clickhouse, a.id);
      return r ? reportView(r, ctx) : null;
    },
    reports: async (_, a, ctx) => {
      const page = pageArgs(a, ctx);
      const result = await listReports(ctx.clickhouse, definedOnly(a.filter), page);
      return { ...result, items: result.items.map((r) => reportView(r, ctx)), ...page };
    },
  },
  Mutation: {
    generateReport: async (_, { input }, ctx) => {
      const request = withoutNulls(input ?? {});
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
