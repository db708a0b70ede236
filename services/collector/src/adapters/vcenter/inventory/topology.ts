import { retrieveFromView, type ObjectProps } from '../property-collector';
import type { MoRef } from '../soap/vim-values';
import type { VimClient } from '../vim-client';
import { TOPOLOGY_PATHS } from './property-paths';

/**
 * Every managed entity except VMs (datacenters, folders, compute resources, clusters, hosts, datastores), kept in
 * memory to resolve the datacenter and cluster of anything by walking `parent` links. Even a 50,000-VM estate has
 * only a few thousand of these.
 */
export class Topology {
  private readonly byId = new Map<string, ObjectProps>();
  private readonly datacenterCache = new Map<string, string>();

  add(objects: ObjectProps[]): void {
    for (const o of objects) this.byId.set(o.ref.value, o);
  }

  ofType(type: string): ObjectProps[] {
    return [...this.byId.values()].filter((o) => o.ref.type === type);
  }

  /** The name of the datacenter an object sits in ('' if its parent chain does not reach one). */
  datacenterOf(ref: MoRef | undefined): string {
    if (!ref) return '';
    const cached = this.datacenterCache.get(ref.value);
    if (cached !== undefined) return cached;
    const path: string[] = [];
    let current: MoRef | undefined = ref;
    let name = '';
    while (current && path.length < 64) {
      const known = this.datacenterCache.get(current.value);
      if (known !== undefined) {
        name = known;
        break;
      }
      path.push(current.value);
      const node = this.byId.get(current.value);
      if (!node) break;
      if (node.ref.type === 'Datacenter') {
        name = String(node.props.get('name') ?? '');
        break;
      }
      current = node.props.get('parent') as MoRef | undefined;
    }
    for (const id of path) this.datacenterCache.set(id, name);
    return name;
  }

  /** The cluster a host belongs to, or null for a standalone host (whose parent is a plain ComputeResource). */
  clusterOfHost(hostId: string | null): string | null {
    if (!hostId) return null;
    const parent = this.byId.get(hostId)?.props.get('parent') as MoRef | undefined;
    return parent?.type === 'ClusterComputeResource' ? parent.value : null;
  }
}

export async function loadTopology(client: VimClient, pageSize: number, signal?: AbortSignal): Promise<Topology> {
  const topology = new Topology();
  const query = { types: Object.keys(TOPOLOGY_PATHS), paths: TOPOLOGY_PATHS, maxObjects: pageSize };
  for await (const page of retrieveFromView(client, query, signal)) topology.add(page);
  return topology;
}
