import { Readable } from 'node:stream';
import type { ClickHouseClient } from '@clickhouse/client';
import type { MetricEntityType, MetricSample } from './metrics';
import { chunkForUrl, MAX_PARAM_CHARS } from './param-chunks';

const COLUMNS = ['connection_id', 'entity_type', 'entity_id', 'metric', 'ts', 'value'];

/**
 * The identity of a sample: one row per (connection, entity, metric, timestamp). Positional, for callers that key
 * samples before building them.
 */
export function sampleKeyOf(connectionId: string, entityId: string, metric: string, ts: number): string {
  return `${connectionId}\u0000${entityId}\u0000${metric}\u0000${Math.trunc(ts)}`;
}

/** The identity of a sample (see sampleKeyOf). */
export function sampleKey(sample: Pick<MetricSample, 'connectionId' | 'entityId' | 'metric' | 'ts'>): string {
  return sampleKeyOf(sample.connectionId, sample.entityId, sample.metric, sample.ts);
}

const ROWS_PER_CHUNK = 5000;
const TSV_SPECIAL = /[\\\t\n\r]/;
const tsvText = (text: string) => (TSV_SPECIAL.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => TSV_ESCAPES[c]!) : text);
const TSV_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
/** Epoch ms as seconds with three decimals, which DateTime64(3) reads exactly from text. */
function tsvTime(epochMs: number): string {
  const ms = Math.trunc(epochMs);
  const seconds = Math.floor(ms / 1000);
  const frac = ms - seconds * 1000;
  return `${seconds}.${frac < 10 ? '00' : frac < 100 ? '0' : ''}${frac}`;
}
/** The columns before the time, shared by every row of one series. */
const tsvSeriesPrefix = (s: Omit<SampleSeries, 'ts' | 'values'>) =>
  `${tsvText(s.connectionId)}\t${s.entityType}\t${tsvText(s.entityId)}\t${tsvText(s.metric)}\t`;

/**
 * One series' samples: the rows of one (connection, entity, metric), held as parallel columns of distinct times
 * and values. A batch in this shape costs one object per series instead of one per sample, and its insert text
 * shares each series' leading columns.
 */
export interface SampleSeries {
  connectionId: string;
  entityType: MetricEntityType;
  entityId: string;
  metric: string;
  /** Epoch ms, distinct within the series, in any order. */
  ts: number[];
  values: number[];
}

/** A series' identity and the time span of its samples in a batch: what the stored-keys check reads. */
interface SeriesSpan {
  connectionId: string;
  entityType: string;
  entityId: string;
  metric: string;
  from: number;
  to: number;
}

function assertInsertable(entityId: string, metric: string, ts: number, value: number): void {
  if (!Number.isFinite(value) || !Number.isFinite(ts) || ts < 0)
    throw new RangeError(`sample ${entityId} ${metric} has no finite value or time`);
}

/** Streams TabSeparated text in chunks of rows into metric_samples. */
async function insertTsv(client: ClickHouseClient, chunks: Iterable<string | Buffer>): Promise<void> {
  await client.insert({
    table: 'metric_samples',
    columns: COLUMNS as [string, ...string[]],
    values: Readable.from(chunks, { objectMode: false }),
    format: 'TabSeparated',
  });
}

/**
 * Appends rows in one request, streamed as TabSeparated text in chunks: no second copy of the batch (as arrays or
 * one JSON string) is built, which keeps the ETL's memory flat.
 */
export async function insertSampleRows(client: ClickHouseClient, rows: readonly MetricSample[]): Promise<void> {
  if (rows.length === 0) return;
  for (const r of rows) assertInsertable(r.entityId, r.metric, r.ts, r.value);
  await insertTsv(client, rowTextChunks(rows));
}

/** The TabSeparated text of `rows`, in chunks of ROWS_PER_CHUNK rows. */
function* rowTextChunks(rows: readonly MetricSample[]): Generator<string> {
  for (let start = 0; start < rows.length; start += ROWS_PER_CHUNK) {
    let text = '';
    for (let i = start; i < Math.min(rows.length, start + ROWS_PER_CHUNK); i++) {
      const r = rows[i]!;
      text += `${tsvSeriesPrefix(r)}${tsvTime(r.ts)}\t${r.value}\n`;
    }
    yield text;
  }
}

/** Appends the samples of `series` in one request, as insertSampleRows does for rows. */
export async function insertSeriesRows(client: ClickHouseClient, series: readonly SampleSeries[]): Promise<void> {
  if (!series.some((s) => s.ts.length > 0)) return;
  assertSeriesInsertable(series);
  await insertTsv(client, seriesTextChunks(series));
}

function assertSeriesInsertable(series: readonly SampleSeries[]): void {
  for (const s of series)
    for (let i = 0; i < s.ts.length; i++) assertInsertable(s.entityId, s.metric, s.ts[i]!, s.values[i]!);
}

/** The TabSeparated rows of `series`, in chunks of ROWS_PER_CHUNK rows. */
function* seriesTextChunks(series: readonly SampleSeries[]): Generator<string> {
  let text = '';
  let rows = 0;
  for (const s of series) {
    const prefix = tsvSeriesPrefix(s);
    for (let i = 0; i < s.ts.length; i++) {
      text += `${prefix}${tsvTime(s.ts[i]!)}\t${s.values[i]!}\n`;
      if (++rows === ROWS_PER_CHUNK) {
        yield text;
        text = '';
        rows = 0;
      }
    }
  }
  if (rows > 0) yield text;
}

/**
 * The insert text of `series`, rendered ahead of its insert: one chunk at a time, giving the event loop back
 * between chunks. An insert streams its body while ClickHouse reads it, so text rendered during the insert holds the
 * server (the embedded one runs one request at a time) for as long as rendering takes; rendered ahead, e.g. while
 * the batch before is written, the insert only sends it.
 */
export async function renderSeriesText(series: readonly SampleSeries[]): Promise<RenderedSeriesText> {
  assertSeriesInsertable(series);
  const chunks: Buffer[] = [];
  for (const chunk of seriesTextChunks(series)) {
    // Encoded at once: a flat buffer outside the heap instead of a string of thousands of joined pieces.
    chunks.push(Buffer.from(chunk, 'utf8'));
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { chunks };
}

/** The insert text of a batch of series (renderSeriesText), valid for exactly the series it was rendered from. */
export interface RenderedSeriesText {
  readonly chunks: readonly Buffer[];
}

/** Joins an entity id and a metric name into one parameter value (the separator is no character of either). */
const seriesKey = (entityId: string, metric: string) => `${entityId}\u0001${metric}`;

function spansOfRows(rows: readonly MetricSample[]): SeriesSpan[] {
  const spans = new Map<string, SeriesSpan>();
  for (const r of rows) {
    const ts = Math.trunc(r.ts);
    const key = `${r.connectionId}\u0000${seriesKey(r.entityId, r.metric)}`;
    const span = spans.get(key);
    if (!span) spans.set(key, { ...r, from: ts, to: ts });
    else if (ts < span.from) span.from = ts;
    else if (ts > span.to) span.to = ts;
  }
  return [...spans.values()];
}

function spansOfSeries(series: readonly SampleSeries[]): SeriesSpan[] {
  const spans: SeriesSpan[] = [];
  for (const s of series) {
    if (s.ts.length === 0) continue;
    let from = Number.POSITIVE_INFINITY;
    let to = Number.NEGATIVE_INFINITY;
    for (const t of s.ts) {
      if (t < from) from = t;
      if (t > to) to = t;
    }
    const { connectionId, entityType, entityId, metric } = s;
    spans.push({ connectionId, entityType, entityId, metric, from: Math.trunc(from), to: Math.trunc(to) });
  }
  return spans;
}

/**
 * Keys of `rows` that metric_samples already holds. A primary-key range read per connection (and per chunk of
 * series, when they are many) over the rows' entities, metrics and time span, keeping only stored samples within each
 * series' own span: for fresh data it finds nothing, even when the batch before held earlier samples of a series.
 */
export async function storedSampleKeys(client: ClickHouseClient, rows: readonly MetricSample[]): Promise<Set<string>> {
  return storedKeysWithin(client, spansOfRows(rows));
}

async function storedKeysWithin(client: ClickHouseClient, allSpans: readonly SeriesSpan[]): Promise<Set<string>> {
  const stored = new Set<string>();
  for (const [connectionId, group] of groupBy(allSpans, (s) => s.connectionId)) {
    const types = [...new Set(group.map((s) => s.entityType))];
    const spans = new Map(group.map((s) => [seriesKey(s.entityId, s.metric), s]));
    for (const keys of chunkForUrl([...spans.keys()], MAX_PARAM_CHARS / 2)) {
      const series = keys.map((k) => spans.get(k)!);
      const from = series.map((s) => s.from);
      const to = series.map((s) => s.to);
      const result = await client.query({
        query: `SELECT entity_id, metric, toUnixTimestamp64Milli(ts) AS t FROM metric_samples
          WHERE connection_id = {c:String} AND entity_type IN {types:Array(String)} AND entity_id IN {ids:Array(String)}
            AND metric IN {metrics:Array(String)}
            AND ts BETWEEN fromUnixTimestamp64Milli({min:Int64}, 'UTC') AND fromUnixTimestamp64Milli({max:Int64}, 'UTC')
            AND t BETWEEN transform(concat(entity_id, '\\x01', metric), {keys:Array(String)}, {from:Array(Int64)}, 1)
              AND transform(concat(entity_id, '\\x01', metric), {keys:Array(String)}, {to:Array(Int64)}, 0)`,
        query_params: {
          c: connectionId,
          types,
          ids: [...new Set(series.map((s) => s.entityId))],
          metrics: [...new Set(series.map((s) => s.metric))],
          keys,
          from,
          to,
          min: Math.min(...from),
          max: Math.max(...to),
        },
        format: 'JSONCompactEachRow',
      });
      for (const [entityId, metric, ts] of await result.json<[string, string, string | number]>()) {
        stored.add(sampleKey({ connectionId, entityId, metric, ts: Number(ts) }));
      }
    }
  }
  return stored;
}

/**
 * Inserts the rows whose key is neither stored yet nor repeated earlier in `rows` (`distinct`: the caller vouches
 * that no key repeats in `rows`, which saves a pass over them when nothing is stored yet). A redelivered, replayed or
 * re-published sample therefore takes effect once: in the raw table and in the rollups its insert feeds, which a
 * merge-time ReplacingMergeTree collapse alone would not fix. The first value written for a key wins. Two writers
 * inserting the same new key at the same moment could both pass the check; the raw table still collapses them
 * (ReplacingMergeTree), only the rollups would count that sample twice.
 */
export async function insertNewSamples(
  client: ClickHouseClient,
  rows: readonly MetricSample[],
  opts: { distinct?: boolean } = {},
): Promise<{ inserted: number; alreadyStored: number }> {
  const stored = await storedSampleKeys(client, rows);
  if (stored.size === 0 && opts.distinct) {
    await insertSampleRows(client, rows);
    return { inserted: rows.length, alreadyStored: 0 };
  }
  const fresh: MetricSample[] = [];
  for (const row of rows) {
    const key = sampleKey(row);
    if (stored.has(key)) continue;
    stored.add(key);
    fresh.push(row);
  }
  await insertSampleRows(client, fresh);
  return { inserted: fresh.length, alreadyStored: rows.length - fresh.length };
}

/**
 * insertNewSamples for a batch held as series (whose times are distinct within each series, and no two of which
 * share a connection, entity and metric): what metric_samples already holds is skipped, the rest inserted. With
 * `rendered` (renderSeriesText of the same series), a batch of which nothing is stored yet sends that text.
 */
export async function insertNewSeries(
  client: ClickHouseClient,
  series: readonly SampleSeries[],
  rendered?: RenderedSeriesText,
): Promise<{ inserted: number; alreadyStored: number }> {
  const total = series.reduce((n, s) => n + s.ts.length, 0);
  const stored = await storedKeysWithin(client, spansOfSeries(series));
  if (stored.size === 0) {
    if (rendered && total > 0) await insertTsv(client, rendered.chunks);
    else await insertSeriesRows(client, series);
    return { inserted: total, alreadyStored: 0 };
  }
  const fresh = series.map((s) => {
    const kept: SampleSeries = { ...s, ts: [], values: [] };
    for (let i = 0; i < s.ts.length; i++) {
      if (stored.has(sampleKeyOf(s.connectionId, s.entityId, s.metric, s.ts[i]!))) continue;
      kept.ts.push(s.ts[i]!);
      kept.values.push(s.values[i]!);
    }
    return kept;
  });
  const inserted = fresh.reduce((n, s) => n + s.ts.length, 0);
  await insertSeriesRows(client, fresh);
  return { inserted, alreadyStored: total - inserted };
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
