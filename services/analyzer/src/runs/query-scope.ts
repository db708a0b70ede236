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
