import { type ClickHouseClient, getImport, type ImportRecord, listImports, taskLoadSummary } from '@justfit/storage';

export interface ImportJob extends Omit<ImportRecord, 'status'> {
  id: string;
  status: ImportRecord['status'] | 'loaded';
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

/** An import as the user sees it: what was published from the file, joined with what the ETL has loaded of it. */
export async function importJob(clickhouse: ClickHouseClient, importId: string): Promise<ImportJob | undefined> {
  const record = await getImport(clickhouse, importId);
  return record ? withLoadProgress(clickhouse, record) : undefined;
}

export async function importJobs(clickhouse: ClickHouseClient, limit: number): Promise<ImportJob[]> {
  return Promise.all((await listImports(clickhouse, limit)).map((r) => withLoadProgress(clickhouse, r)));
}

async function withLoadProgress(clickhouse: ClickHouseClient, record: ImportRecord): Promise<ImportJob> {
  const load = await taskLoadSummary(clickhouse, record.importId);
  const loaded = record.status === 'published' && load.completed;
  // Events announced by the end marker: inventory and metric batches; the marker itself is not loaded as one.
  const toLoad = Math.max(1, record.eventsPublished - 1);
  const progress = loaded ? 100
    : record.status === 'published' ? 50 + 50 * Math.min(1, load.events / toLoad)
    : record.status === 'publishing' ? 50 * Math.min(1, record.samplesPublished / Math.max(1, record.rowsRead)) : 0;
  return {
    ...record, id: record.importId, status: loaded ? 'loaded' : record.status, eventsLoaded: load.events, samplesLoaded: load.samples,
    samplesRejected: load.rejected, progress: Math.round(progress * 10) / 10, loadedAt: loaded ? load.lastLoadedAt : null,
  };
}
