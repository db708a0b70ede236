import type { ClickHouseClient } from '@clickhouse/client';
import { type ColumnMap, type DbRow, fromDbRow, selectList, toDbRow } from './columns';

/** One uploaded metrics file: what was read from it and published to the ETL. */
export interface ImportRecord {
  importId: string;
  connectionId: string;
  fileName: string;
  format: 'long' | 'wide';
  status: 'publishing' | 'published' | 'failed';
  rowsRead: number;
  /** Lines refused before publishing (unparseable), each in rejected_records with stage `import`. */
  rowsRejected: number;
  samplesPublished: number;
  entities: number;
  eventsPublished: number;
  message: string;
  startedAt: number;
  finishedAt: number | null;
}

/** An import as stored, with when its state was last saved. */
export interface StoredImport extends ImportRecord {
  updatedAt: number;
}

const columns: ColumnMap<ImportRecord> = {
  importId: ['import_id', 'text'],
  connectionId: ['connection_id', 'text'],
  fileName: ['file_name', 'text'],
  format: ['format', 'text'],
  status: ['status', 'text'],
  rowsRead: ['rows_read', 'number'],
  rowsRejected: ['rows_rejected', 'number'],
  samplesPublished: ['samples_published', 'number'],
  entities: ['entities', 'number'],
  eventsPublished: ['events_published', 'number'],
  message: ['message', 'text'],
  startedAt: ['started_at', 'time'],
  finishedAt: ['finished_at', 'optionalTime'],
};

const storedColumns: ColumnMap<StoredImport> = { ...columns, updatedAt: ['updated_at', 'time'] };

/** Stores the import's current state, stamped with the time of saving; the newest `version` wins. */
export async function saveImport(client: ClickHouseClient, record: ImportRecord, version: number): Promise<void> {
  await client.insert({
    table: 'imports',
    values: [{ ...toDbRow(columns, record), updated_at: Date.now(), version }],
    format: 'JSONEachRow',
  });
}

export async function getImport(client: ClickHouseClient, importId: string): Promise<StoredImport | undefined> {
  const result = await client.query({
    query: `SELECT ${selectList(storedColumns)} FROM imports FINAL WHERE import_id = {id:String}`,
    query_params: { id: importId },
    format: 'JSONEachRow',
  });
  const [row] = await result.json<DbRow>();
  return row ? fromDbRow(storedColumns, row) : undefined;
}

export async function listImports(client: ClickHouseClient, limit: number): Promise<StoredImport[]> {
  const result = await client.query({
    query: `SELECT ${selectList(storedColumns)} FROM imports FINAL ORDER BY started_at DESC LIMIT {limit:UInt32}`,
    query_params: { limit },
    format: 'JSONEachRow',
  });
  return (await result.json<DbRow>()).map((row) => fromDbRow(storedColumns, row));
}

/** The imports that loaded into a connection (an import namespace's), newest first. */
export async function importsOfConnection(client: ClickHouseClient, connectionId: string): Promise<StoredImport[]> {
  const result = await client.query({
    query: `SELECT ${selectList(storedColumns)} FROM imports FINAL WHERE connection_id = {c:String} ORDER BY started_at DESC`,
    query_params: { c: connectionId },
    format: 'JSONEachRow',
  });
  return (await result.json<DbRow>()).map((row) => fromDbRow(storedColumns, row));
}
