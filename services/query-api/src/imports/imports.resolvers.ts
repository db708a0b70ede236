import type { Resolvers } from '../graphql/resolvers-types.generated';
import {
  deleteConnectionData,
  deleteImportRecords,
  hasInventory,
  importsOfConnection,
  isImportNamespace,
  listRejectedRecords,
  taskLoadSummaries,
} from '@justfit/storage';
import { sendCommand } from '../graphql/commands';
import { apiError } from '../graphql/errors';
import { limitArg, pageArgs } from '../inventory/args';
import { importJob, importJobs, toImportJob } from './import-jobs';
import { SpooledUpload } from '../uploads/spooled-upload';
import { ImportRefused, MetricImport } from './metric-import';

export const importResolvers: Resolvers = {
  Query: {
    importJob: (_, a, ctx) => importJob(ctx.clickhouse, a.id),
    importJobs: (_, a, ctx) => importJobs(ctx.clickhouse, limitArg(a.limit, 50, ctx)),
    importRejections: async (_, a, ctx) => {
      const page = pageArgs(a, ctx);
      return { ...(await listRejectedRecords(ctx.clickhouse, { taskId: a.id, ...page })), ...page };
    },
  },
  Mutation: {
    deleteImportNamespace: async (_, a, ctx) => {
      const connectionId = String(a.connectionId);
      const imports = isImportNamespace(connectionId) ? await importsOfConnection(ctx.clickhouse, connectionId) : [];
      if (!imports.length) {
        throw apiError(
          400,
          `${connectionId} is not an import namespace (an import-… connection made by importMetrics without connectionId)`,
          ctx.traceId,
        );
      }
      const loads = await taskLoadSummaries(
        ctx.clickhouse,
        imports.map((i) => i.importId),
      );
      const busy = imports
        .map((i) => toImportJob(i, loads.get(i.importId)!, Date.now()))
        .find((job) => job.status === 'publishing' || job.status === 'published');
      if (busy) {
        throw apiError(
          409,
          `import ${busy.id} of ${connectionId} is still ${busy.status === 'publishing' ? 'publishing' : 'loading'}: delete the namespace once it is loaded (or failed)`,
          ctx.traceId,
        );
      }
      // The loaded data first, so no analysis finds the entities again; the import records last, so that a deletion
      // interrupted half-way can be asked for again.
      await deleteConnectionData(ctx.clickhouse, connectionId);
      const { withdrawn } = await sendCommand(
        ctx,
        'analyzer',
        'WithdrawFindings',
        { connectionId, reason: `import namespace ${connectionId} deleted` },
        300_000,
      );
      await deleteImportRecords(ctx.clickhouse, connectionId);
      return { connectionId, imports: imports.length, findingsWithdrawn: withdrawn };
    },
    importMetrics: async (_, a, ctx) => {
      const file = a.file as unknown;
      if (!(file instanceof SpooledUpload))
        throw apiError(400, 'send the file as a multipart request (docs/metrics-import.md)', ctx.traceId);
      const intervalSec = a.intervalSec ?? 300;
      if (!Number.isInteger(intervalSec) || intervalSec < 1)
        throw apiError(400, 'intervalSec must be a whole number ≥ 1', ctx.traceId);
      if (a.connectionId && !(await hasInventory(ctx.clickhouse, a.connectionId))) {
        throw apiError(
          404,
          `connection ${a.connectionId} has no inventory: import without connectionId to create an import namespace`,
          ctx.traceId,
        );
      }
      try {
        const record = await new MetricImport(ctx.clickhouse, ctx.bus, ctx.imports).start({
          file,
          format: a.format ?? undefined,
          connectionId: a.connectionId ?? undefined,
          name: a.name ?? undefined,
          intervalSec,
          traceId: ctx.traceId,
        });
        const job = await importJob(ctx.clickhouse, record.importId);
        if (!job) throw new Error(`import ${record.importId} was recorded but cannot be read back`);
        return job;
      } catch (e) {
        if (e instanceof ImportRefused) throw apiError(400, e.message, ctx.traceId);
        throw e;
      }
    },
  },
};
