import {
  type ClickHouseClient,
  getImport,
  listImports,
  type StoredImport,
  taskLoadSummaries,
  taskLoadSummary,
  type TaskLoadSummary,
} from '@justfit/storage';

export interface ImportJob extends Omit<StoredImport, 'status'> {
  id: string;
  status: StoredImport['status'] | 'loaded';
  /** Source events (inventory and metric batches) the ETL has loaded. */
  eventsLoaded: number;
  /** Samples that passed the ETL's validation. */
  samplesLoaded: number;
  /** Records (samples, and declared entities) the ETL refused, each readable with its reason through importRejections. */
  samplesRejected: number;
  /** 0-50 while the file is published, 50-100 while the ETL loads it. */
  progress: number;
  loadedAt: number | null;
}

/**
 * A publishing import saves its progress every few batches (about a second apart); one not saved for this long was
 * abandoned, because the query-api publishing it stopped.
 */
export const ABANDONED_AFTER_MS = 5 * 60_000;

/** An import as the user sees it: what was published from the file, joined with what the ETL has loaded of it. */
export async function importJob(clickhouse: ClickHouseClient, importId: string): Promise<ImportJob | undefined> {
  const record = await getImport(clickhouse, importId);
  return record ? toImportJob(record, await taskLoadSummary(clickhouse, record.importId), Date.now()) : undefined;
}

export async function importJobs(clickhouse: ClickHouseClient, limit: number): Promise<ImportJob[]> {
  const records = await listImports(clickhouse, limit);
  const loads = await taskLoadSummaries(
    clickhouse,
    records.map((r) => r.importId),
  );
  return records.map((r) => toImportJob(r, loads.get(r.importId)!, Date.now()));
}

export function toImportJob(stored: StoredImport, load: TaskLoadSummary, now: number): ImportJob {
  const record =
    stored.status === 'publishing' && now - stored.updatedAt > ABANDONED_AFTER_MS
      ? {
          ...stored,
          status: 'failed' as const,
          finishedAt: stored.updatedAt,
          message: `publishing stopped after ${stored.samplesPublished} samples (the process publishing it ended); upload the file again: samples already loaded are not loaded twice`,
        }
      : stored;
  const loaded = record.status === 'published' && load.completed;
  // Events announced by the end marker: inventory and metric batches; the marker itself is not loaded as one.
  const toLoad = Math.max(1, record.eventsPublished - 1);
  const progress = loaded
    ? 100
    : record.status === 'published'
      ? 50 + 50 * Math.min(1, load.events / toLoad)
      : record.status === 'publishing'
        ? 50 * Math.min(1, record.samplesPublished / Math.max(1, record.rowsRead))
        : 0;
  return {
    ...record,
    id: record.importId,
    status: loaded ? 'loaded' : record.status,
    eventsLoaded: load.events,
    samplesLoaded: load.samples,
    samplesRejected: load.rejected,
    progress: Math.round(progress * 10) / 10,
    loadedAt: loaded ? load.lastLoadedAt : null,
  };
}
