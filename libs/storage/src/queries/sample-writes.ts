import { Readable } from 'node:stream';
import type { ClickHouseClient } from '@clickhouse/client';
import type { MetricSample } from './metrics';
import { chunkForUrl, MAX_PARAM_CHARS } from './param-chunks';

const COLUMNS = ['connection_id', 'entity_type', 'entity_id', 'metric', 'ts', 'value'];

/**
 * The identity of a sample: one row per (connection, entity, metric, timestamp). Positional, for callers that key
 * samples before building them (the ETL's assembler, whose keys `insertNewSamples(..., { distinct: true })` trusts).
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
const tsvTime = (ms: number) => `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}`;

/**
 * Appends rows in one request, streamed as TabSeparated text in chunks: no second copy of the batch (as arrays or
 * one JSON string) is built, which keeps the ETL's memory flat.
 */
export async function insertSampleRows(client: ClickHouseClient, rows: readonly MetricSample[]): Promise<void> {
  if (rows.length === 0) return;
  for (const r of rows) {
    if (!Number.isFinite(r.value) || !Number.isFinite(r.ts) || r.ts < 0)
      throw new RangeError(`sample ${r.entityId} ${r.metric} has no finite value or time`);
  }
  function* chunks(): Generator<string> {
    for (let start = 0; start < rows.length; start += ROWS_PER_CHUNK) {
      let text = '';
      for (let i = start; i < Math.min(rows.length, start + ROWS_PER_CHUNK); i++) {
        const r = rows[i]!;
        text += `${tsvText(r.connectionId)}\t${r.entityType}\t${tsvText(r.entityId)}\t${tsvText(r.metric)}\t${tsvTime(Math.trunc(r.ts))}\t${r.value}\n`;
      }
      yield text;
    }
  }
  await client.insert({
    table: 'metric_samples',
    columns: COLUMNS as [string, ...string[]],
    values: Readable.from(chunks(), { objectMode: false }),
    format: 'TabSeparated',
  });
}

/** Joins an entity id and a metric name into one parameter value (the separator is no character of either). */
const seriesKey = (entityId: string, metric: string) => `${entityId}\u0001${metric}`;

/**
 * Keys of `rows` that metric_samples already holds. A primary-key range read per connection (and per chunk of
 * series, when they are many) over the rows' entities, metrics and time span, keeping only stored samples within each
 * series' own span: for fresh data it finds nothing, even when the batch before held earlier samples of a series.
 */
export async function storedSampleKeys(client: ClickHouseClient, rows: readonly MetricSample[]): Promise<Set<string>> {
  const stored = new Set<string>();
  for (const [connectionId, group] of groupBy(rows, (r) => r.connectionId)) {
    const types = new Set<string>();
    const spans = new Map<string, { entityId: string; metric: string; from: number; to: number }>();
    for (const r of group) {
      types.add(r.entityType);
      const ts = Math.trunc(r.ts);
      const key = seriesKey(r.entityId, r.metric);
      const span = spans.get(key);
      if (!span) spans.set(key, { entityId: r.entityId, metric: r.metric, from: ts, to: ts });
      else if (ts < span.from) span.from = ts;
      else if (ts > span.to) span.to = ts;
    }
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
          types: [...types],
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
