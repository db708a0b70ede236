import { Controller, Inject } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { type EventBus, Events, type JustFitEvent, newEvent } from '@justfit/events';
import { BUS, CLICKHOUSE, CONFIG } from '@justfit/service-kit';
import { type ClickHouseClient, insertInventory, insertSamples } from '@justfit/storage';
import type { EtlConfig } from '../config';
import { groupInventory } from '../normalise/normalise-inventory';
import { normaliseSamples } from '../normalise/normalise-samples';
import { KNOWN_ENTITIES, REJECTIONS } from '../tokens';
import type { KnownEntities } from './known-entities';
import type { RejectedRecords } from './rejected-records';

const ETL_SOURCE = '/justfit/etl';

/** Raw inventory and metrics in; validated, normalised rows in ClickHouse out, then a "loaded" event. */
@Controller()
export class RawEventsController {
  constructor(
    @Inject(BUS) private readonly bus: EventBus,
    @Inject(CLICKHOUSE) private readonly clickhouse: ClickHouseClient,
    @Inject(CONFIG) private readonly config: EtlConfig,
    @Inject(KNOWN_ENTITIES) private readonly known: KnownEntities,
    @Inject(REJECTIONS) private readonly rejections: RejectedRecords,
  ) {}

  @EventPattern(Events.InventoryObserved.type)
  async inventory(event: JustFitEvent<'InventoryObserved'>): Promise<void> {
    const { connectionId, taskId, observedAt, entities } = event.data;
    const groups = groupInventory(entities, { connectionId, taskId, observedAt });
    if (groups.cluster.length) await insertInventory(this.clickhouse, 'cluster', groups.cluster);
    if (groups.host.length) await insertInventory(this.clickhouse, 'host', groups.host);
    if (groups.vm.length) await insertInventory(this.clickhouse, 'vm', groups.vm);
    if (groups.datastore.length) await insertInventory(this.clickhouse, 'datastore', groups.datastore);
    this.known.add(connectionId, entities.map((e) => e.id));
    const counts = { cluster: groups.cluster.length, host: groups.host.length, vm: groups.vm.length, datastore: groups.datastore.length };
    await this.bus.publish(
      newEvent('InventoryLoaded', { connectionId, taskId, counts, loadedAt: Date.now() }, {
        subject: connectionId, source: ETL_SOURCE, traceId: event.traceid, id: `loaded-${event.id}`,
      }) as JustFitEvent,
    );
  }

  /** Every batch of the task is ahead of this marker in the stream, so by now all of it is in ClickHouse. */
  @EventPattern(Events.CollectionCompleted.type)
  async completed(event: JustFitEvent<'CollectionCompleted'>): Promise<void> {
    const { connectionId, taskId, inventoryBatches, metricBatches, samples } = event.data;
    await this.bus.publish(
      newEvent('CollectTaskDataLoaded', { taskId, connectionId, batches: inventoryBatches + metricBatches, samples, loadedAt: Date.now() }, {
        subject: taskId, source: ETL_SOURCE, traceId: event.traceid, id: `loaded-${event.id}`,
      }) as JustFitEvent,
    );
  }

  @EventPattern(Events.MetricsObserved.type)
  async metrics(event: JustFitEvent<'MetricsObserved'>): Promise<void> {
    const { connectionId, taskId, intervalSec, samples } = event.data;
    const isKnownEntity = await this.known.checker(connectionId, samples.map((s) => s.entityId));
    const { rows, rejected } = normaliseSamples(samples, {
      connectionId, intervalSec, now: Date.now(), maxSkewMs: this.config.ETL_MAX_CLOCK_SKEW_MS, isKnownEntity,
    });
    if (rows.length) await insertSamples(this.clickhouse, rows);
    if (rejected.length) await this.rejections.record(event, rejected);
    const from = rows.reduce((m, r) => Math.min(m, r.ts), Number.POSITIVE_INFINITY);
    const to = rows.reduce((m, r) => Math.max(m, r.ts), 0);
    await this.bus.publish(
      newEvent('MetricsBatchLoaded', {
        connectionId, taskId, entityIds: [...new Set(rows.map((r) => r.entityId))],
        from: rows.length ? from : 0, to, rows: rows.length, rejected: rejected.length,
      }, { subject: connectionId, source: ETL_SOURCE, traceId: event.traceid, id: `loaded-${event.id}` }) as JustFitEvent,
    );
  }
}
