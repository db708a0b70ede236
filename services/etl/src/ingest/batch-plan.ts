import { type BatchDelivery, type EntityType, isEvent, type JustFitEvent } from '@justfit/events';
import {
  type EtlLoad,
  type RenderedSeriesText,
  renderSeriesText,
  retentionOf,
  type SampleSeries,
} from '@justfit/storage';
import { emptyInventoryGroups, type InventoryGroups, normaliseInventory } from '../normalise/normalise-inventory';
import { normaliseSamples } from '../normalise/normalise-samples';
import type { RejectedRecord } from '../normalise/rejection';
import { SampleAssembler } from '../normalise/sample-assembler';
import type { KnownEntities } from './known-entities';

/** What changed for one (connection, task) in a batch: the content of its MetricsBatchLoaded event. */
export interface MetricGroup {
  connectionId: string;
  taskId: string;
  traceId: string;
  entityIds: Set<string>;
  from: number;
  to: number;
  accepted: number;
  rejected: number;
  firstSeq: number;
  lastSeq: number;
}

export interface RejectedFromSource {
  event: JustFitEvent;
  records: RejectedRecord[];
}

/** Everything one batch of raw events turns into, in the order it must be written. */
export interface LoadPlan {
  inventory: InventoryGroups;
  inventoryEvents: Array<{ event: JustFitEvent<'InventoryObserved'>; counts: Record<EntityType, number> }>;
  /** The normalised samples, per series, distinct within each. */
  series: SampleSeries[];
  /** Their insert text, rendered while the batch before is written. */
  seriesText?: RenderedSeriesText;
  metricGroups: MetricGroup[];
  rejected: RejectedFromSource[];
  /** End markers of tasks, with their delivery: one may have to wait for batches redelivered after it. */
  completions: Array<{ event: JustFitEvent<'CollectionCompleted'>; delivery: BatchDelivery }>;
  loads: EtlLoad[];
  /** The type of every event of the batch, for the handled-events counter (not the events: their samples can go). */
  handled: Array<{ type: string; delivery: BatchDelivery }>;
  /**
   * Metric events left for a later batch, untouched: they name entities not known yet while their task's inventory
   * may still be on its way (see planBatch).
   */
  deferred: BatchDelivery[];
}

export interface PlanContext {
  known: KnownEntities;
  now: number;
  maxSkewMs: number;
  /** How long raw samples are kept: older ones are refused rather than stored for the TTL to drop (see retentionOf). */
  retentionDays: number;
  /** Whether everything ahead of this event in its partition is settled: nothing before it can still come. */
  earlierSettled: (delivery: BatchDelivery) => Promise<boolean>;
  /** Whether some inventory of the task is loaded (by any replica). */
  inventoryLoaded: (taskId: string) => Promise<boolean>;
}

/**
 * Validates and normalises a batch of raw events in stream order. Inventory earlier in the batch makes its entities
 * known to the samples after it. Nothing is written here.
 *
 * Samples naming entities the connection's inventory does not hold are refused, but not while their task's inventory
 * may still come: after a partition is taken over, the messages the dead replica held (a task's inventory among them)
 * are redelivered only once their ack wait runs out, and the new owner may be handed the newer samples first. Refused
 * then, they were lost while the task still counted as loaded. Such a metric event is deferred (held, and planned
 * again in a later batch) until its task's inventory is loaded or nothing ahead of it in the partition is unsettled.
 */
export async function planBatch(batch: readonly BatchDelivery[], ctx: PlanContext): Promise<LoadPlan> {
  const plan: LoadPlan = {
    inventory: emptyInventoryGroups(),
    inventoryEvents: [],
    series: [],
    metricGroups: [],
    rejected: [],
    completions: [],
    loads: [],
    handled: [],
    deferred: [],
  };
  const assembler = new SampleAssembler();
  /**
   * Per task, the stream sequence of its first event deferred in this batch: the task's events after it wait too (no
   * lookups, and their order holds). One before it (a redelivery, behind carried events in the batch) is checked.
   */
  const waitingFrom = new Map<string, number>();
  const groups = new Map<string, MetricGroup>();
  const load = (
    d: BatchDelivery,
    data: { connectionId: string; taskId: string; batch: number },
    kind: EtlLoad['kind'],
    accepted: number,
    rejected: number,
  ) =>
    plan.loads.push({
      taskId: data.taskId,
      eventId: d.event.id,
      connectionId: data.connectionId,
      kind,
      streamSeq: d.streamSeq,
      batch: data.batch,
      accepted,
      rejected,
      loadedAt: ctx.now,
    });

  for (const d of batch) {
    // Between events, let the batch being written go on (its next query, its stream to ClickHouse).
    await new Promise((resolve) => setImmediate(resolve));
    const { event } = d;
    if (isEvent(event, 'InventoryObserved')) {
      plan.handled.push({ type: event.type, delivery: d });
      const { connectionId, taskId, observedAt, entities } = event.data;
      const { groups: rows, rejected } = normaliseInventory(entities, {
        connectionId,
        taskId,
        observedAt,
        now: ctx.now,
        maxSkewMs: ctx.maxSkewMs,
      });
      const counts = {
        cluster: rows.cluster.length,
        host: rows.host.length,
        vm: rows.vm.length,
        datastore: rows.datastore.length,
      };
      ctx.known.sawInventoryOf(taskId);
      for (const kind of Object.keys(rows) as Array<keyof InventoryGroups>) {
        (plan.inventory[kind] as unknown[]).push(...rows[kind]);
        ctx.known.add(
          connectionId,
          rows[kind].map((r) => r.id),
        );
      }
      plan.inventoryEvents.push({ event, counts });
      if (rejected.length) plan.rejected.push({ event, records: rejected });
      load(d, event.data, 'inventory', entities.length - rejected.length, rejected.length);
    } else if (isEvent(event, 'MetricsObserved')) {
      const { taskId } = event.data;
      const waitsBehind = d.streamSeq > (waitingFrom.get(taskId) ?? Number.POSITIVE_INFINITY);
      const isKnownEntity = waitsBehind ? undefined : await knownEntitiesOf(event, d, ctx);
      if (!isKnownEntity) {
        waitingFrom.set(taskId, Math.min(d.streamSeq, waitingFrom.get(taskId) ?? Number.POSITIVE_INFINITY));
        plan.deferred.push(d);
        continue;
      }
      plan.handled.push({ type: event.type, delivery: d });
      const { connectionId, intervalSec, samples } = event.data;
      const outcome = normaliseSamples(
        samples,
        {
          ...ctx,
          retentionDays: retentionOf(connectionId, ctx.retentionDays),
          connectionId,
          intervalSec,
          isKnownEntity,
        },
        assembler,
      );
      const group = groupFor(groups, event, d.streamSeq);
      for (const id of outcome.entityIds) group.entityIds.add(id);
      group.from = Math.min(group.from, outcome.from);
      group.to = Math.max(group.to, outcome.to);
      group.accepted += outcome.accepted;
      group.rejected += outcome.rejected.length;
      if (outcome.rejected.length) plan.rejected.push({ event, records: outcome.rejected });
      load(d, event.data, 'metrics', outcome.accepted, outcome.rejected.length);
    } else {
      plan.handled.push({ type: event.type, delivery: d });
      if (isEvent(event, 'CollectionCompleted')) plan.completions.push({ event, delivery: d });
    }
  }
  plan.series = assembler.series();
  plan.seriesText = await renderSeriesText(plan.series);
  plan.metricGroups = [...groups.values()];
  return plan;
}

/**
 * Which entities a metric event's samples may name; undefined when some are unknown while the task's inventory has
 * not been seen here, is not loaded, and may still be ahead in the partition (the event must wait).
 */
async function knownEntitiesOf(
  event: JustFitEvent<'MetricsObserved'>,
  d: BatchDelivery,
  ctx: PlanContext,
): Promise<((id: string) => boolean) | undefined> {
  const { connectionId, taskId, samples } = event.data;
  const ids = samples.map((s) => s.entityId);
  const isKnown = await ctx.known.checker(connectionId, ids);
  if (ids.every(isKnown) || ctx.known.hasSeenInventoryOf(taskId)) return isKnown;
  // Settled first: inventory ahead of the event that is settled by then is loaded, and the lookup after sees it.
  const settled = await ctx.earlierSettled(d);
  if (await ctx.inventoryLoaded(taskId)) {
    ctx.known.sawInventoryOf(taskId);
    return ctx.known.checker(connectionId, ids, { refresh: true });
  }
  return settled ? isKnown : undefined;
}

function groupFor(
  groups: Map<string, MetricGroup>,
  event: JustFitEvent<'MetricsObserved'>,
  streamSeq: number,
): MetricGroup {
  const { connectionId, taskId } = event.data;
  const key = `${connectionId}\u0000${taskId}`;
  let group = groups.get(key);
  if (!group) {
    group = {
      connectionId,
      taskId,
      traceId: event.traceid,
      entityIds: new Set(),
      from: Number.POSITIVE_INFINITY,
      to: 0,
      accepted: 0,
      rejected: 0,
      firstSeq: streamSeq,
      lastSeq: streamSeq,
    };
    groups.set(key, group);
  }
  group.lastSeq = Math.max(group.lastSeq, streamSeq);
  group.firstSeq = Math.min(group.firstSeq, streamSeq);
  return group;
}
