import { type BatchDelivery, type EventBus, type JustFitEvent, newEvent } from '@justfit/events';
import {
  type ClickHouseClient,
  insertInventory,
  insertNewSeries,
  type InventoryKind,
  inventoryTables,
  recordEtlLoads,
} from '@justfit/storage';
import type { LoadPlan, MetricGroup } from './batch-plan';
import type { CollectionCompletion } from './collection-completion';
import type { RejectedRecords } from './rejected-records';
import { ETL_SOURCE } from './source';

const ENTITY_IDS_PER_EVENT = 5000;

export interface WriteOutcome {
  inserted: number;
  alreadyStored: number;
  /** End markers that must wait for batches of their task still to come. */
  waiting: BatchDelivery[];
}

/**
 * Writes a batch's plan: rows first, then what depends on them being there (the ledger, the "loaded" events, and
 * last the task completions with their tombstones). Every step is idempotent, so a retried or redelivered batch
 * repeats them harmlessly: samples already stored are skipped, ledger and rejection rows collapse on their keys,
 * events carry deterministic ids that JetStream de-duplicates.
 */
export class PlanWriter {
  constructor(
    private readonly bus: EventBus,
    private readonly clickhouse: ClickHouseClient,
    private readonly completion: CollectionCompletion,
    private readonly rejections: RejectedRecords,
  ) {}

  async write(plan: LoadPlan, now: number): Promise<WriteOutcome> {
    const { inventory } = plan;
    for (const kind of Object.keys(inventoryTables) as InventoryKind[]) {
      if (inventory[kind].length) await insertInventory(this.clickhouse, kind, inventory[kind]);
    }
    const outcome = await insertNewSeries(this.clickhouse, plan.series, plan.seriesText);
    if (plan.rejected.length) await this.rejections.store(plan.rejected, now);
    await recordEtlLoads(this.clickhouse, plan.loads);
    await this.bus.publishMany([
      ...plan.inventoryEvents.map(
        ({ event, counts }) =>
          newEvent(
            'InventoryLoaded',
            {
              connectionId: event.data.connectionId,
              taskId: event.data.taskId,
              counts,
              loadedAt: now,
            },
            { subject: event.data.connectionId, source: ETL_SOURCE, traceId: event.traceid, id: `loaded-${event.id}` },
          ) as JustFitEvent,
      ),
      ...plan.metricGroups.flatMap((group) => batchLoadedEvents(group)),
    ]);
    const waiting: BatchDelivery[] = [];
    for (const { event, delivery } of plan.completions) {
      if ((await this.completion.complete(event, delivery, now)) === 'waiting') waiting.push(delivery);
    }
    return { ...outcome, waiting };
  }
}

/** Which entities and time range a batch changed for one task; a long entity list is split over several events. */
function batchLoadedEvents(group: MetricGroup): JustFitEvent[] {
  const ids = [...group.entityIds];
  const chunks = Math.max(1, Math.ceil(ids.length / ENTITY_IDS_PER_EVENT));
  return Array.from(
    { length: chunks },
    (_, i) =>
      newEvent(
        'MetricsBatchLoaded',
        {
          connectionId: group.connectionId,
          taskId: group.taskId,
          entityIds: ids.slice(i * ENTITY_IDS_PER_EVENT, (i + 1) * ENTITY_IDS_PER_EVENT),
          from: group.accepted ? group.from : 0,
          to: group.to,
          rows: i === 0 ? group.accepted : 0,
          rejected: i === 0 ? group.rejected : 0,
        },
        {
          subject: group.connectionId,
          source: ETL_SOURCE,
          traceId: group.traceId,
          id: `loaded-${group.taskId}-${group.firstSeq}-${group.lastSeq}-${i}`,
        },
      ) as JustFitEvent,
  );
}
