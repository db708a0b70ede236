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

/** VM ids in [from, to), in ClickHouse's order of strings; an absent end is open. */
export interface IdRange {
  from?: string;
  to?: string;
}

/**
 * Splits the estate into `slices` key ranges of about equal numbers of the given ids, in ClickHouse's order of
 * strings (bytes of UTF-8, which JavaScript's `<` on UTF-16 does not always follow). The first range is open below and
 * the last open above, so together they cover every id, listed or not, exactly once.
 */
export function idRanges(ids: readonly string[], slices: number): IdRange[] {
  const sorted = [...new Set(ids)].map((id) => Buffer.from(id)).sort(Buffer.compare);
  const count = Math.max(1, Math.min(slices, sorted.length));
  const bounds = Array.from({ length: count - 1 }, (_, i) =>
    sorted[Math.round(((i + 1) * sorted.length) / count)]!.toString(),
  );
  return Array.from({ length: count }, (_, i) => ({ from: bounds[i - 1], to: bounds[i] }));
}
