import { randomUUID } from 'node:crypto';
import {
  encodeMessage,
  type EventBus,
  importProgressedSubject,
  type JustFitEvent,
  newEvent,
  type RawEntity,
  type RawSample,
} from '@justfit/events';
import {
  type ClickHouseClient,
  DEFAULT_RETENTION_DAYS,
  deleteImportRejections,
  IMPORT_NAMESPACE_PREFIX,
  type ImportRecord,
  insertRejectedRecords,
  rawSampleTtl,
  type RejectedRecordRow,
  retentionOf,
  type SampleCheckContext,
  saveImport,
} from '@justfit/storage';
import { type ImportFormat, type Layout, readHeader, readRow, type RowEntity, type RowOutcome } from './csv-layout';
import { MAX_LINE_CHARS, parseCsvLine, readCsvLines } from './csv-line';
import { importedEntity } from './import-entities';

/** The uploaded file: read once to check it, once more to publish it, then deleted. */
export interface ImportFile {
  name: string;
  open(): AsyncIterable<Buffer | string>;
  /** The import takes the file over: it outlives the request and is deleted once published. */
  keep(): void;
  delete(): Promise<void>;
}

export interface ImportLimits {
  /** Entities (VMs, hosts, …) one file may name. */
  maxEntities: number;
  /** As the ETL's ETL_MAX_CLOCK_SKEW_MS: samples further in the future are refused. */
  maxSkewMs: number;
}

export interface ImportRequest {
  file: ImportFile;
  format?: ImportFormat;
  /** An existing connection whose inventory already holds the file's entities; else a new import namespace. */
  connectionId?: string;
  /** Names the import namespace (`import-<name>`); importing again under the same name adds to it. */
  name?: string;
  intervalSec: number;
  traceId: string;
}

/** The file itself is wrong (header, too many entities): the caller's 400. */
export class ImportRefused extends Error {}

const SOURCE = '/justfit/query-api/import';
/** As the collector batches samples. */
const SAMPLES_PER_EVENT = 4000;
const ENTITIES_PER_EVENT = 1000;
/** Published together and awaited: each is about 1 MB (its samples and their JSON) while in flight. */
const EVENTS_IN_FLIGHT = 4;
const REJECTED_CHUNK = 5000;
let lastVersion = Date.now() * 1000;
const nextVersion = () => ++lastVersion;

/**
 * Turns an uploaded CSV into the raw events a collector would publish (inventory for a new namespace, metric batches
 * of 4,000 samples, the end marker), so the ETL validates and normalises imported data exactly as collected data.
 * The file is streamed from disk twice, so memory stays flat whatever its size: a first pass reads the header, the
 * entities and the lines that cannot be taken (recorded as rejected, with their line and reason); the second pass
 * publishes the other lines, in the background, while the import's progress can be read back.
 */
export class MetricImport {
  constructor(
    private readonly clickhouse: ClickHouseClient,
    private readonly bus: EventBus,
    private readonly limits: ImportLimits,
  ) {}

  /**
   * What the ETL will keep of this connection: an import namespace's samples whatever their age, once the samples'
   * TTL spares namespaces (the ETL sets it at start); else as many days as the TTL says.
   */
  private async retentionFor(connectionId: string): Promise<number | undefined> {
    const ttl = await rawSampleTtl(this.clickhouse);
    const days = ttl?.days ?? DEFAULT_RETENTION_DAYS;
    return ttl?.keepsImports ? retentionOf(connectionId, days) : days;
  }

  async start(req: ImportRequest): Promise<ImportRecord> {
    const importId = `import-${randomUUID()}`;
    const connectionId =
      req.connectionId ??
      `${IMPORT_NAMESPACE_PREFIX}${slug(req.name) || importId.slice('import-'.length, 'import-'.length + 8)}`;
    // Both passes judge the lines against the same clock and retention, so they agree on what is refused.
    const check: SampleCheckContext = {
      now: Date.now(),
      maxSkewMs: this.limits.maxSkewMs,
      retentionDays: await this.retentionFor(connectionId),
      intervalSec: req.intervalSec,
    };
    const scan = await this.scan(importId, connectionId, req, check);
    const record: ImportRecord = {
      importId,
      connectionId,
      fileName: req.file.name,
      format: scan.layout.format,
      status: 'publishing',
      rowsRead: scan.rows,
      rowsRejected: scan.rejected,
      samplesPublished: 0,
      entities: scan.entities.size,
      eventsPublished: 0,
      message: '',
      startedAt: Date.now(),
      finishedAt: null,
    };
    await saveImport(this.clickhouse, record, nextVersion());
    this.tell(record, 'requested', 0, `${scan.rows} rows read, ${scan.rejected} refused; publishing`);
    req.file.keep();
    const declare = req.connectionId ? [] : [...scan.entities.values()].map(importedEntity);
    void this.publish(record, scan.layout, req, check, declare)
      .catch(async (e: unknown) => {
        this.tell(record, 'failed', 0, `publishing failed: ${(e as Error).message}`);
        await saveImport(
          this.clickhouse,
          {
            ...record,
            status: 'failed',
            message: `publishing failed: ${(e as Error).message}`,
            finishedAt: Date.now(),
          },
          nextVersion(),
        ).catch(() => undefined);
      })
      .finally(() => req.file.delete());
    return record;
  }

  /**
   * First pass: the header, rows, entities (at most maxEntities), and the lines that cannot be taken (stored as
   * rejected records with their line and reason).
   */
  private async scan(importId: string, connectionId: string, req: ImportRequest, check: SampleCheckContext) {
    const entities = new Map<string, RowEntity>();
    let layout: Layout | undefined;
    let rows = 0;
    let rejected = 0;
    let pending: RejectedRecordRow[] = [];
    let stored = false;
    try {
      for await (const { line, text: raw, tooLong } of readCsvLines(req.file.open())) {
        if (!layout) {
          layout = header(line, raw, tooLong, req.format);
          continue;
        }
        rows++;
        const outcome = rowOf(layout, raw, tooLong, check);
        if ('code' in outcome) {
          rejected++;
          pending.push({
            taskId: importId,
            sourceEventId: importId,
            seq: line,
            connectionId,
            stage: 'import',
            code: outcome.code,
            reason: outcome.reason,
            line,
            record: raw.slice(0, 2000),
            rejectedAt: Date.now(),
          });
          if (pending.length >= REJECTED_CHUNK) {
            stored = true;
            await insertRejectedRecords(this.clickhouse, pending);
            pending = [];
          }
          continue;
        }
        const key = `${outcome.entity.kind}\u0000${outcome.entity.id}`;
        const known = entities.get(key);
        if (known) known.attributes = { ...outcome.entity.attributes, ...known.attributes };
        else if (entities.size < this.limits.maxEntities) entities.set(key, outcome.entity);
        else
          throw new ImportRefused(
            `the file names more than ${this.limits.maxEntities} entities (line ${line} adds one more): split it, or raise IMPORT_MAX_ENTITIES`,
          );
      }
    } catch (e) {
      // A refused file is no import: the lines it already recorded as rejected go with it.
      if (stored) await deleteImportRejections(this.clickhouse, importId).catch(() => undefined);
      throw e;
    }
    if (!layout) throw new ImportRefused('the file is empty');
    await insertRejectedRecords(this.clickhouse, pending);
    return { layout, rows, rejected, entities };
  }

  /** Second pass: the raw events, published in order with a few in flight; progress saved as it goes. */
  private async publish(
    record: ImportRecord,
    layout: Layout,
    req: ImportRequest,
    check: SampleCheckContext,
    declare: RawEntity[],
  ): Promise<void> {
    const task = { connectionId: record.connectionId, taskId: record.importId };
    const opts = (id: string) => ({
      subject: record.importId,
      source: SOURCE,
      traceId: req.traceId,
      id: `${record.importId}-${id}`,
    });
    let inFlight: JustFitEvent[] = [];
    let events = 0;
    let flushes = 0;
    let metricBatches = 0;
    let samples = 0;
    const flush = async () => {
      await this.bus.publishMany(inFlight);
      events += inFlight.length;
      inFlight = [];
      if (++flushes % 4 === 0) {
        await saveImport(
          this.clickhouse,
          { ...record, eventsPublished: events, samplesPublished: samples },
          nextVersion(),
        );
        // The first half of an import is publishing (importJob's progress), the second the ETL loading.
        const progress = 50 * Math.min(1, samples / Math.max(1, record.rowsRead));
        this.tell(record, 'progressed', progress, `${samples} samples published`);
      }
    };
    const send = async (event: JustFitEvent) => {
      inFlight.push(event);
      if (inFlight.length >= EVENTS_IN_FLIGHT) await flush();
    };

    let inventoryBatches = 0;
    for (let i = 0; i < declare.length; i += ENTITIES_PER_EVENT) {
      await send(
        newEvent(
          'InventoryObserved',
          {
            ...task,
            observedAt: Date.now(),
            batch: inventoryBatches,
            entities: declare.slice(i, i + ENTITIES_PER_EVENT),
          },
          opts(`inv-${inventoryBatches}`),
        ) as JustFitEvent,
      );
      inventoryBatches++;
    }
    let page: RawSample[] = [];
    const sendPage = async () => {
      await send(
        newEvent(
          'MetricsObserved',
          { ...task, batch: metricBatches, intervalSec: req.intervalSec, samples: page },
          opts(`m-${metricBatches}`),
        ) as JustFitEvent,
      );
      metricBatches++;
      samples += page.length;
      page = [];
    };
    let headerSeen = false;
    for await (const { text: raw, tooLong } of readCsvLines(req.file.open())) {
      if (!headerSeen) {
        headerSeen = true;
        continue;
      }
      const outcome = rowOf(layout, raw, tooLong, check);
      if ('code' in outcome) continue;
      for (const sample of outcome.samples) {
        page.push(sample);
        if (page.length === SAMPLES_PER_EVENT) await sendPage();
      }
    }
    if (page.length) await sendPage();
    await send(
      newEvent(
        'CollectionCompleted',
        { ...task, inventoryBatches, metricBatches, samples },
        opts('done'),
      ) as JustFitEvent,
    );
    await flush();
    await saveImport(
      this.clickhouse,
      { ...record, status: 'published', eventsPublished: events, samplesPublished: samples, finishedAt: Date.now() },
      nextVersion(),
    );
    this.tell(record, 'progressed', 50, `${samples} samples published; the ETL is loading them`);
  }

  /** Tells every API replica's task subscribers how the import is going (core NATS; a lost message loses nothing). */
  private tell(record: ImportRecord, kind: 'requested' | 'progressed' | 'failed', progress: number, message: string) {
    const data = {
      importId: record.importId,
      connectionId: record.connectionId,
      kind,
      progress,
      message,
      at: Date.now(),
    };
    this.bus.nc.publish(importProgressedSubject(record.importId), encodeMessage('ImportProgressed', data));
  }
}

function header(line: number, raw: string, tooLong: boolean | undefined, format: ImportFormat | undefined): Layout {
  const fields = tooLong ? undefined : parseCsvLine(raw);
  try {
    if (!fields) throw new Error(tooLong ? `longer than ${MAX_LINE_CHARS} characters` : 'a quoted field is not closed');
    return readHeader(fields, format);
  } catch (e) {
    throw new ImportRefused(`line ${line}: ${(e as Error).message}`);
  }
}

function rowOf(layout: Layout, raw: string, tooLong: boolean | undefined, check: SampleCheckContext): RowOutcome {
  if (tooLong) return { code: 'line_too_long', reason: `the line is longer than ${MAX_LINE_CHARS} characters` };
  const fields = parseCsvLine(raw);
  return fields ? readRow(layout, fields, check) : { code: 'bad_row', reason: 'a quoted field is not closed' };
}

function slug(name: string | undefined): string {
  return (name ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}
