import type { CollectScope, RawEntity } from '@justfit/events';

type RawVm = Extract<RawEntity, { kind: 'vm' }>;
type RawHost = Extract<RawEntity, { kind: 'host' }>;

/** Whether `id` passes one scope list: an empty list does not narrow, and a missing id never matches a listed one. */
export const listed = (ids: string[], id: string | null) => ids.length === 0 || (id !== null && ids.includes(id));

/** Scope lists narrow by intersection: a VM must pass its own, its host's and its cluster's lists. */
export const vmInScope = (vm: RawVm, scope: CollectScope) =>
  listed(scope.vmIds, vm.id) && listed(scope.hostIds, vm.hostId) && listed(scope.clusterIds, vm.clusterId);
export const hostInScope = (host: RawHost, scope: CollectScope) =>
  listed(scope.hostIds, host.id) && listed(scope.clusterIds, host.clusterId);
