import { chunkForUrl } from '@justfit/storage';

/**
 * The VM ids an analysis query filters by, or undefined to read every VM of the connection. Query parameters travel
 * in the URL, which servers cap, so a list longer than one URL-sized chunk is not sent: the query reads the whole
 * connection (one pass, cheaper than many chunked ones) and the caller keeps only the VMs it asked about.
 */
export function queryScope(vms: ReadonlyArray<{ id: string }>): string[] | undefined {
  const ids = vms.map((vm) => vm.id);
  return chunkForUrl(ids).length > 1 ? undefined : ids;
}

/** Runs `read` over the given VMs in URL-sized chunks of ids, a connection at a time, and concatenates the results. */
export async function readInChunks<T>(
  vms: ReadonlyArray<{ connectionId: string; entityId: string }>,
  read: (scope: { connectionId: string; entityIds: string[] }) => Promise<T[]>,
): Promise<T[]> {
  const out: T[] = [];
  for (const connectionId of new Set(vms.map((vm) => vm.connectionId))) {
    const ids = vms.filter((vm) => vm.connectionId === connectionId).map((vm) => vm.entityId);
    for (const entityIds of chunkForUrl(ids)) out.push(...(await read({ connectionId, entityIds })));
  }
  return out;
}
