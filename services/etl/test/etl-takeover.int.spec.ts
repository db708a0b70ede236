import { setTimeout as sleep } from 'node:timers/promises';
import { decodeEvent, isEvent } from '@justfit/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawConsumerName } from '../src/ingest/raw-ingest';
import { type EtlHarness, scalar, startEtlHarness, waitForTaskLoaded } from './etl-harness';
import {
  completionEvent,
  type EstateShape,
  estateEvents,
  estateSamples,
  metricsEvent,
  samplesIn,
} from './fixtures/raw-estate';

const DAY0 = Date.UTC(2026, 9, 1);

describe('etl takeover - messages a dead replica held come back after newer ones', () => {
  let h: EtlHarness;
  beforeAll(async () => {
    h = await startEtlHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('etl takeover - samples that arrive before their inventory, held by a replica that then died, are loaded, not refused', async () => {
    // The partition consumers exist once the ETL has started; stopped with SIGTERM it gives its partitions up.
    await h.etl.stop();
    const shape: EstateShape = {
      connectionId: 'c-held',
      taskId: 't-held',
      vms: 5,
      steps: 200,
      start: DAY0,
      perEvent: 500,
    };
    await h.bus.publishMany(estateEvents(shape));
    const stored = await h.bus.jsm.streams.info('RAW', { subjects_filter: `justfit.raw.*.${shape.connectionId}.>` });
    const partition = Number(Object.keys(stored.state.subjects ?? {})[0]!.split('.')[2]);

    // A replica takes the connection's inventory (its partition's next message) and keeps it alive, as the one
    // killed in etl-replicas did, while the ETL comes back and is handed the samples published after it.
    const consumer = await h.bus.js.consumers.get('RAW', rawConsumerName(partition));
    const held = await consumer.next({ expires: 5000 });
    expect(held && isEvent(decodeEvent(held.data), 'InventoryObserved')).toBe(true);
    const keepAlive = setInterval(() => held!.working(), 1000);
    try {
      await h.startEtl();
      const deadline = Date.now() + 60_000;
      while ((await h.bus.jsm.consumers.info('RAW', rawConsumerName(partition))).num_ack_pending < 2) {
        if (Date.now() > deadline) throw new Error('the ETL did not pull the samples');
        await sleep(100);
      }
      await sleep(3000); // the ETL prepares what it was handed
    } finally {
      clearInterval(keepAlive); // the holder dies: its inventory is redelivered after the ack wait
    }

    await waitForTaskLoaded(h.clickhouse, shape.taskId, 120_000);
    const p = { c: shape.connectionId };
    expect(await scalar(h.clickhouse, 'SELECT count() FROM rejected_records WHERE connection_id = {c:String}', p)).toBe(
      0,
    );
    expect(await scalar(h.clickhouse, 'SELECT count() FROM metric_samples WHERE connection_id = {c:String}', p)).toBe(
      samplesIn(shape),
    );
  });

  it('etl takeover - samples of entities no inventory holds are still refused, once nothing ahead of them can bring one', async () => {
    const shape: EstateShape = { connectionId: 'c-none', taskId: 't-none', vms: 2, steps: 100, start: DAY0 };
    const samples = [...estateSamples(shape)];
    await h.bus.publishMany([
      metricsEvent(shape, samples.slice(0, 400), 0),
      metricsEvent(shape, samples.slice(400), 1),
      completionEvent(shape, { inventoryBatches: 0, metricBatches: 2, samples: samples.length }),
    ]);

    await waitForTaskLoaded(h.clickhouse, shape.taskId, 120_000);
    const p = { c: shape.connectionId };
    expect(
      await scalar(
        h.clickhouse,
        "SELECT count() FROM rejected_records FINAL WHERE connection_id = {c:String} AND code = 'unknown_entity'",
        p,
      ),
    ).toBe(samples.length);
    expect(await scalar(h.clickhouse, 'SELECT count() FROM metric_samples WHERE connection_id = {c:String}', p)).toBe(
      0,
    );
  });
});
