import {
  type InventoryHost,
  type InventoryVm,
  listClusters,
  listDatastores,
  listHosts,
  vmHistory,
} from '@justfit/storage';
import type { ApiContext } from '../graphql/context';
import { apiError } from '../graphql/errors';
import { definedOnly, pageArgs } from './args';
import { type DetailArgs, entityDetail, entityMetrics, type MetricsArgs } from './metric-queries';
import { nameOf } from './name-loader';

type Args = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

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
  a: Args,
  list: (q: { page: number; pageSize: number }) => Promise<{ items: T[]; total: number }>,
) {
  const page = pageArgs(a, ctx);
  return { ...(await badInputAs400(ctx, () => list(page))), ...page };
}

export const inventoryResolvers = {
  Query: {
    clusters: (_: unknown, a: Args, ctx: ApiContext) =>
      paged(ctx, a, (p) => listClusters(ctx.clickhouse, { ...definedOnly(a.filter), ...p })),
    hosts: (_: unknown, a: Args, ctx: ApiContext) =>
      paged(ctx, a, (p) => listHosts(ctx.clickhouse, { ...definedOnly(a.filter), ...p })),
    datastores: (_: unknown, a: Args, ctx: ApiContext) =>
      paged(ctx, a, (p) => listDatastores(ctx.clickhouse, { ...definedOnly(a.filter), ...p })),
    metrics: (_: unknown, a: Args, ctx: ApiContext) => badInputAs400(ctx, () => entityMetrics(ctx, a as MetricsArgs)),
    entityDetail: (_: unknown, a: Args, ctx: ApiContext) =>
      badInputAs400(ctx, () => entityDetail(ctx, a as DetailArgs)),
    vmHistory: (_: unknown, a: Args, ctx: ApiContext) => {
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
    hostName: (vm: InventoryVm, _: Args, ctx: ApiContext) => nameOf(ctx, 'host', vm.connectionId, vm.hostId),
    clusterName: (vm: InventoryVm, _: Args, ctx: ApiContext) => nameOf(ctx, 'cluster', vm.connectionId, vm.clusterId),
  },
  Host: {
    clusterName: (host: InventoryHost, _: Args, ctx: ApiContext) =>
      nameOf(ctx, 'cluster', host.connectionId, host.clusterId),
  },
};
