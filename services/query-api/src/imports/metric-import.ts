import { randomUUID } from 'node:crypto';
import { type EventBus, type JustFitEvent, newEvent, type RawEntity, type RawSample } from '@justfit/events';
import {
  type ClickHouseClient,
  type ImportRecord,
  insertRejectedRecords,
  type RejectedRecordRow,
  saveImport,
} from '@justfit/storage';
import { type ImportFormat, type Layout, readHeader, readRow, type RowEntity } from './csv-layout';
import { csvLines, parseCsvLine } from './csv-line';
import { importedEntity } from './import-entities';

export interface ImportRequest {
  text: string;
  fileName: string;
  format?: ImportFormat;
  /** An existing connection whose inventory already holds the file's entities; else a new import namespace. */
  connectionId?: string;
  /** Names the import namespace (`import-<name>`); importing again under the same name adds to it. */
  name?: string;
  intervalSec: number;
  traceId: string;
}

/** The file itself is wrong (header, name): the caller's 400. */
export class ImportRefused extends Error {}

const SOURCE = '/justfit/query-api/import';
/** As the collector batches samples. */
const SAMPLES_PER_EVENT = 4000;
const ENTITIES_PER_EVENT = 1000;
const EVENTS_IN_FLIGHT = 8;
const REJECTED_CHUNK = 5000;
let lastVersion = Date.now() * 1000;
const nextVersion = () => ++lastVersion;

/**
 * Turns an uploaded CSV into the raw events a collector would publish (inventory for a new namespace, metric batches
 * of 4,000 samples, the end marker), so the ETL validates and normalises imported data exactly as collected data.
 * A first pass reads the header, the entities and the lines that cannot be parsed (recorded as rejected, with their
 * line); the second pass publishes, in the background, while the import's progress can be read back.
 */
export class MetricImport {
  constructor(
    private readonly clickhouse: ClickHouseClient,
    private readonly bus: EventBus,
  ) {}

  async start(req: ImportRequest): Promise<ImportRecord> {
    const importId = `import-${randomUUID()}`;
    const lines = csvLines(req.text);
    const first = lines.next();
    if (first.done) throw new ImportRefused('the file is empty');
    let layout: Layout;
    try {
      layout = readHeader(parseCsvLine(first.value.text) ?? [], req.format);
    } catch (e) {
      throw new ImportRefused(`line ${first.value.line}: ${(e as Error).message}`);
    }
    const connectionId =
      req.connectionId ?? `import-${slug(req.name) || importId.slice('import-'.length, 'import-'.length + 8)}`;
    const scan = await this.scan(importId, connectionId, layout, req.text);
    const record: ImportRecord = {
      importId,
      connectionId,
      fileName: req.fileName,
      format: layout.format,
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
    const declare = req.connectionId ? [] : [...scan.entities.values()].map(importedEntity);
    void this.publish(record, layout, req, declare).catch(async (e: unknown) => {
      await saveImport(
        this.clickhouse,
        { ...record, status: 'failed', message: `publishing failed: ${(e as Error).message}`, finishedAt: Date.now() },
        nextVersion(),
      ).catch(() => undefined);
    });
    return record;
  }

  /** First pass: rows, entities, and the lines that cannot be read (stored as rejected records). */
  private async scan(importId: string, connectionId: string, layout: Layout, text: string) {
    const entities = new Map<string, RowEntity>();
    let rows = 0;
    let rejected = 0;
    let pending: RejectedRecordRow[] = [];
    const lines = csvLines(text);
    lines.next();
    for (const { line, text: raw } of lines) {
      rows++;
      const fields = parseCsvLine(raw);
      const outcome = fields
        ? readRow(layout, fields)
        : { code: 'bad_row' as const, reason: 'a quoted field is not closed' };
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
          await insertRejectedRecords(this.clickhouse, pending);
          pending = [];
        }
        continue;
      }
      const known = entities.get(`${outcome.entity.kind}\u0000${outcome.entity.id}`);
      if (known) known.attributes = { ...outcome.entity.attributes, ...known.attributes };
      else entities.set(`${outcome.entity.kind}\u0000${outcome.entity.id}`, outcome.entity);
    }
    await insertRejectedRecords(this.clickhouse, pending);
    return { rows, rejected, entities };
  }

  /** Second pass: the raw events, published in order with a few in flight; progress saved as it goes. */
  private async publish(record: ImportRecord, layout: Layout, req: ImportRequest, declare: RawEntity[]): Promise<void> {
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
      if (++flushes % 4 === 0)
        await saveImport(
          this.clickhouse,
          { ...record, eventsPublished: events, samplesPublished: samples },
          nextVersion(),
        );
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
    const lines = csvLines(req.text);
    lines.next();
    for (const { text: raw } of lines) {
      const fields = parseCsvLine(raw);
      const outcome = fields && readRow(layout, fields);
      if (!outcome || 'code' in outcome) continue;
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
  }
}

function slug(name: string | undefined): string {
  return (name ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}
