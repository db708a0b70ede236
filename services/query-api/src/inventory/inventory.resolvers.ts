import type { Resolvers } from '../graphql/resolvers-types.generated';
import { listClusters, listDatastores, listHosts, vmHistory } from '@justfit/storage';
import type { ApiContext } from '../graphql/context';
import { apiError } from '../graphql/errors';
import { definedOnly, pageArgs } from './args';
import { type DetailArgs, entityDetail, entityMetrics, type MetricsArgs } from './metric-queries';
import { nameOf } from './name-loader';

/** Storage refuses bad arguments with RangeError: that is the caller's 400, not a 500. */
async function badInputAs400<T>(ctx: ApiContext, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof RangeError) throw apiError(400, e.message, ctx.traceId);
    throw e;
  }
}

async function paged<T>(
  ctx: ApiContext,
  a: { page?: number | null; pageSize?: number | null },
  list: (q: { page: number; pageSize: number }) => Promise<{ items: T[]; total: number }>,
) {
  const page = pageArgs(a, ctx);
  return { ...(await badInputAs400(ctx, () => list(page))), ...page };
}

export const inventoryResolvers: Resolvers = {
  Query: {
    clusters: (_, a, ctx) => paged(ctx, a, (p) => listClusters(ctx.clickhouse, { ...definedOnly(a.filter), ...p })),
    hosts: (_, a, ctx) => paged(ctx, a, (p) => listHosts(ctx.clickhouse, { ...definedOnly(a.filter), ...p })),
    datastores: (_, a, ctx) => paged(ctx, a, (p) => listDatastores(ctx.clickhouse, { ...definedOnly(a.filter), ...p })),
    metrics: (_, a, ctx) => badInputAs400(ctx, () => entityMetrics(ctx, a as MetricsArgs)),
    entityDetail: (_, a, ctx) => badInputAs400(ctx, () => entityDetail(ctx, a as DetailArgs)),
    vmHistory: (_, a, ctx) => {
      if (!a.connectionId || !a.vmId) throw apiError(400, 'connectionId and vmId are required', ctx.traceId);
      if (a.startTime != null && a.endTime != null && a.startTime >= a.endTime)
        throw apiError(400, 'startTime must be before endTime', ctx.traceId);
      return vmHistory(ctx.clickhouse, {
        connectionId: a.connectionId,
        vmId: a.vmId,
        from: a.startTime ?? undefined,
        to: a.endTime ?? undefined,
      });
    },
  },
  Vm: {
    hostName: (vm, _, ctx) => nameOf(ctx, 'host', vm.connectionId, vm.hostId),
    clusterName: (vm, _, ctx) => nameOf(ctx, 'cluster', vm.connectionId, vm.clusterId),
  },
  Host: {
    clusterName: (host, _, ctx) => nameOf(ctx, 'cluster', host.connectionId, host.clusterId),
  },
};
