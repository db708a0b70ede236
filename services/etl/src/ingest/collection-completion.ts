import {
  type BatchDelivery,
  type EventBus,
  type EventStore,
  isEvent,
  type JustFitEvent,
  newEvent,
} from '@justfit/events';
import { type ClickHouseClient, loadedBatchCounts, recordEtlLoads, tombstoneUnobserved } from '@justfit/storage';
import type { Logger } from 'pino';
import { ETL_SOURCE } from './source';

const TOMBSTONES_PER_EVENT = 5000;

export type CompletionOutcome = 'completed' | 'waiting';

/**
 * Whether every message ahead of this one in its consumer's partition is settled (acknowledged, or dead-lettered and
 * terminated): nothing before it can still be redelivered.
 */
export type EarlierSettled = (delivery: BatchDelivery) => Promise<boolean>;

/**
 * A task's end marker: everything the task published is ahead of it in the stream. Normally all of it is loaded by
 * the time the marker is; but batches another ETL instance held when it died come back only after their ack wait,
 * after the marker. So the marker is checked against the batch counts it announces and, while batches are missing,
 * waits for as long as anything ahead of it in the partition is unsettled. Once everything ahead is settled, the
 * batches still missing were dead-lettered, and the task completes without them. (A wait bounded by wall time
 * instead completed tasks early on a loaded machine, where redelivered batches took longer to load than the bound.)
 * A full (unscoped) collection also tombstones the inventory it did not observe.
 */
export class CollectionCompletion {
  constructor(
    private readonly bus: EventBus,
    private readonly clickhouse: ClickHouseClient,
    private readonly store: EventStore,
    private readonly logger: Logger,
    private readonly earlierSettled: EarlierSettled,
  ) {}

  async complete(
    event: JustFitEvent<'CollectionCompleted'>,
    delivery: BatchDelivery,
    now: number,
  ): Promise<CompletionOutcome> {
    const { connectionId, taskId, inventoryBatches, metricBatches, samples } = event.data;
    const loaded = await loadedBatchCounts(this.clickhouse, taskId);
    const missing = Math.max(0, inventoryBatches - loaded.inventory) + Math.max(0, metricBatches - loaded.metrics);
    if (missing > 0) {
      if (!(await this.earlierSettled(delivery).catch(() => false))) return 'waiting';
      this.logger.warn({ taskId, missing }, 'task completed with batches missing (dead-lettered or lost)');
    }
    if (await this.isFullCollection(taskId)) await this.tombstone(event);
    await recordEtlLoads(this.clickhouse, [
      {
        taskId,
        eventId: event.id,
        connectionId,
        kind: 'completed',
        streamSeq: delivery.streamSeq,
        batch: 0,
        accepted: 0,
        rejected: 0,
        loadedAt: now,
      },
    ]);
    await this.bus.publish(
      newEvent(
        'CollectTaskDataLoaded',
        { taskId, connectionId, batches: inventoryBatches + metricBatches, samples, loadedAt: now },
        {
          subject: taskId,
          source: ETL_SOURCE,
          traceId: event.traceid,
          id: `loaded-${event.id}`,
        },
      ) as JustFitEvent,
    );
    return 'completed';
  }

  private async tombstone(event: JustFitEvent<'CollectionCompleted'>): Promise<void> {
    const { connectionId, taskId } = event.data;
    const at = Date.parse(event.time);
    const gone = await tombstoneUnobserved(this.clickhouse, { connectionId, taskId, at });
    const entities = Object.entries(gone).flatMap(([kind, ids]) =>
      ids.map((id) => ({ kind: kind as keyof typeof gone, id })),
    );
    const parts = Math.ceil(entities.length / TOMBSTONES_PER_EVENT);
    await this.bus.publishMany(
      Array.from(
        { length: parts },
        (_, i) =>
          newEvent(
            'InventoryTombstoned',
            {
              connectionId,
              taskId,
              removedAt: at,
              entities: entities.slice(i * TOMBSTONES_PER_EVENT, (i + 1) * TOMBSTONES_PER_EVENT),
              part: i + 1,
              parts,
            },
            {
              subject: connectionId,
              source: ETL_SOURCE,
              traceId: event.traceid,
              id: `tombstoned-${event.id}-${i + 1}`,
            },
          ) as JustFitEvent,
      ),
    );
  }

  /** Only a collect task requested without scope saw the whole estate; imports and scoped tasks never tombstone. */
  private async isFullCollection(taskId: string): Promise<boolean> {
    const { events } = await this.store.read(taskId, 'TASKS');
    const requested = events
      .map((s) => s.event)
      .findLast((e): e is JustFitEvent<'CollectTaskRequested'> => isEvent(e, 'CollectTaskRequested'));
    if (!requested) return false;
    const { clusterIds, hostIds, vmIds } = requested.data.config.scope;
    return clusterIds.length === 0 && hostIds.length === 0 && vmIds.length === 0;
  }
}
