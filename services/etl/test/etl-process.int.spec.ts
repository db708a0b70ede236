import { setTimeout as sleep } from 'node:timers/promises';
import { eventually } from '@justfit/testing/eventually';
import {
  isEvent,
  JetStreamEventStore,
  type JustFitEvent,
  newEvent,
  rawSubject,
  readDeadLetters,
} from '@justfit/events';
import { type ClickHouseClient, listVms, taskLoadSummary } from '@justfit/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EtlHarness, prometheusValue, scalar, startEtlHarness, waitForTaskLoaded } from './etl-harness';
import {
  completionEvent,
  type EstateShape,
  estateEvents,
  inventoryEvent,
  metricsEvent,
  samplesIn,
  vmEntity,
} from './fixtures/raw-estate';

const DAY0 = Date.UTC(2026, 9, 1);

/** Rows, distinct keys and rollup counts of one connection: all three equal the samples published when exactly once. */
async function stored(clickhouse: ClickHouseClient, connectionId: string) {
  const p = { c: connectionId };
  return {
    rows: await scalar(clickhouse, 'SELECT count() FROM metric_samples WHERE connection_id = {c:String}', p),
    keys: await scalar(
      clickhouse,
      'SELECT uniqExact(entity_id, metric, ts) FROM metric_samples WHERE connection_id = {c:String}',
      p,
    ),
    hourly: await scalar(
      clickhouse,
      'SELECT countMerge(count_state) FROM metric_hourly WHERE connection_id = {c:String}',
      p,
    ),
    daily: await scalar(
      clickhouse,
      'SELECT countMerge(count_state) FROM metric_daily WHERE connection_id = {c:String}',
      p,
    ),
  };
}
const exactly = (n: number) => ({ rows: n, keys: n, hourly: n, daily: n });

describe('etl as a process - exactly once, faults and bad input', () => {
  let h: EtlHarness;
  beforeAll(async () => {
    h = await startEtlHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('etl - kill -9 in the middle of a large ingest, then a restart: every published sample stored, none twice', async () => {
    const shape: EstateShape = { connectionId: 'c-kill', taskId: 'task-kill', vms: 100, steps: 1200, start: DAY0 };
    const events = estateEvents(shape);
    await h.bus.publishMany(events);

    // Kill right after a batch's rows are in ClickHouse and before the ETL records (and acknowledges) it, if a poll
    // catches that moment (it usually does), so the restarted ETL is handed rows already stored; else half-way.
    const unacknowledgedRows = `SELECT (SELECT count() FROM metric_samples WHERE connection_id = 'c-kill')
      - (SELECT sum(accepted) FROM etl_loads FINAL WHERE task_id = 'task-kill' AND kind = 'metrics')`;
    const metricEvents = events.length - 2;
    for (let polls = 1; ; polls++) {
      if ((await scalar(h.clickhouse, unacknowledgedRows)) > 0) break;
      if (polls % 20 === 0 && (await taskLoadSummary(h.clickhouse, shape.taskId)).events >= metricEvents / 2) break;
    }
    await h.etl.kill();
    expect((await taskLoadSummary(h.clickhouse, shape.taskId)).completed).toBe(false);

    await h.startEtl();
    await waitForTaskLoaded(h.clickhouse, shape.taskId);
    expect(await stored(h.clickhouse, shape.connectionId)).toEqual(exactly(samplesIn(shape)));
    const expectedCpuSum = Array.from({ length: shape.vms }, (_, v) =>
      Array.from({ length: shape.steps }, (_, s) => ((v * 37 + s * 11) % 9000) / 100),
    )
      .flat()
      .reduce((a, b) => a + b, 0);
    const cpuSum = await scalar(
      h.clickhouse,
      "SELECT sum(value) FROM metric_samples WHERE connection_id = 'c-kill' AND metric = 'cpu.usage_pct'",
    );
    expect(cpuSum).toBeCloseTo(expectedCpuSum, 3);
    // The restarted ETL takes the partitions over once the killed one's leases lapse (ack wait + 2 s).
  }, 120_000);

  it('etl - a re-published event, a replay under new event ids and an overlapping re-collection change nothing twice', async () => {
    const shape: EstateShape = { connectionId: 'c-dup', taskId: 'task-dup-1', vms: 10, steps: 200, start: DAY0 };
    const events = estateEvents(shape);
    await h.bus.publishMany(events);
    await waitForTaskLoaded(h.clickhouse, shape.taskId);
    const before = await stored(h.clickhouse, shape.connectionId);
    expect(before).toEqual(exactly(samplesIn(shape)));

    // The same events again (the bus drops them), then the same samples as a new task with new event ids, plus
    // 100 newer steps: only those are new.
    await h.bus.publishMany(events);
    const again: EstateShape = { ...shape, taskId: 'task-dup-2', steps: 300 };
    await h.bus.publishMany(estateEvents(again));
    await waitForTaskLoaded(h.clickhouse, again.taskId);
    expect(await stored(h.clickhouse, shape.connectionId)).toEqual(exactly(samplesIn(again)));
    expect(
      await prometheusValue(h.metricsUrl, 'justfit_etl_samples_total', { outcome: 'duplicate' }),
    ).toBeGreaterThanOrEqual(samplesIn(shape));
  });

  it('etl - while ClickHouse is away the ETL holds its batch, says it is not ready, and then catches up without loss', async () => {
    const shape: EstateShape = { connectionId: 'c-outage', taskId: 'task-outage', vms: 20, steps: 500, start: DAY0 };
    await h.stopClickHouse();
    await h.bus.publishMany(estateEvents(shape));
    const notReady = await waitForReadyz(h.etlUrl, 503);
    expect(JSON.stringify(notReady.checks)).toMatch(/ClickHouse unreachable|writes failing/);
    await sleep(3000);
    await h.startClickHouse();

    await waitForTaskLoaded(h.clickhouse, shape.taskId);
    await waitForReadyz(h.etlUrl, 200);
    expect(await stored(h.clickhouse, shape.connectionId)).toEqual(exactly(samplesIn(shape)));
    expect(await readDeadLetters(h.bus, { stream: 'RAW', limit: 100 })).toEqual([]);
  });

  it('etl - bad input goes to the dead-letter stream with a reason per record, is counted on /metrics, and the rest is loaded', async () => {
    const task = { connectionId: 'c-bad', taskId: 'task-bad' };
    const now = Date.now();
    const good = {
      entityType: 'vm' as const,
      entityId: 'vm-0',
      counter: 'cpu.usage.average',
      instance: '',
      unit: 'percent',
      timestamp: DAY0,
      value: 5000,
    };
    const mixed = metricsEvent(
      task,
      [
        good,
        { ...good, counter: 'cpu.made_up.average' },
        { ...good, unit: 'kiloBytes', timestamp: DAY0 + 1 },
        { ...good, value: -3, timestamp: DAY0 + 2 },
        { ...good, timestamp: now + 86_400_000 },
        { ...good, entityId: 'vm-nobody', timestamp: DAY0 + 3 },
      ],
      0,
    );
    const badData = {
      ...metricsEvent(task, [good], 1),
      data: { connectionId: 'c-bad', taskId: 'task-bad', samples: [{ value: 'x' }] },
    };
    await h.bus.publish(inventoryEvent(task, [vmEntity('vm-0')]));
    await h.bus.js.publish(rawSubject('c-bad', 'garbage'), new Uint8Array([0xff, 0x00, 0x7b]));
    await h.bus.js.publish(rawSubject('c-bad', 'task-bad'), JSON.stringify(badData));
    await h.bus.publish(mixed);
    // The malformed event is not one the collector counted.
    await h.bus.publish(completionEvent(task, { inventoryBatches: 1, metricBatches: 1, samples: 6 }));
    await waitForTaskLoaded(h.clickhouse, task.taskId);

    expect(await scalar(h.clickhouse, "SELECT count() FROM metric_samples WHERE connection_id = 'c-bad'")).toBe(1);
    const letters = await eventually(async () => {
      const found = await readDeadLetters(h.bus, { stream: 'RAW', limit: 10 });
      expect(found).toHaveLength(2);
      return found;
    }, 20_000);
    expect(letters.map((l) => l.reason)).toEqual([
      expect.stringMatching(/^invalid event: payload is not JSON/),
      expect.stringMatching(/^invalid event: bad MetricsObserved data/),
    ]);
    const records = await scalar(h.clickhouse, "SELECT count() FROM rejected_records FINAL WHERE task_id = 'task-bad'");
    expect(records).toBe(5);
    const codes = await h.clickhouse.query({
      query: "SELECT code FROM rejected_records FINAL WHERE task_id = 'task-bad' ORDER BY seq",
      format: 'JSONEachRow',
    });
    expect((await codes.json<{ code: string }>()).map((r) => r.code)).toEqual([
      'unknown_counter',
      'bad_unit',
      'negative',
      'future_timestamp',
      'unknown_entity',
    ]);
    for (const reason of ['unknown_counter', 'bad_unit', 'negative', 'future_timestamp', 'unknown_entity']) {
      expect(await prometheusValue(h.metricsUrl, 'justfit_etl_rejected_records_total', { reason }), reason).toBe(1);
    }
    expect(await prometheusValue(h.metricsUrl, 'justfit_etl_rejected_records_total', { reason: 'invalid_event' })).toBe(
      2,
    );
    const dlq = await h.bus.jsm.streams.getMessage('DLQ', { last_by_subj: 'justfit.dlq.etl.records' });
    expect(dlq?.json<{ sourceEventId: string; records: Array<{ code: string; reason: string }> }>()).toMatchObject({
      sourceEventId: mixed.id,
      records: expect.arrayContaining([expect.objectContaining({ code: 'negative', reason: 'negative value -3' })]),
    });
  });

  it('etl - an import namespace keeps samples older than the retention; a collected connection refuses them', async () => {
    const july2013 = Date.UTC(2013, 6, 1);
    const sample = (i: number) => ({
      entityType: 'vm' as const,
      entityId: 'vm-0',
      counter: 'cpu.usage.average',
      instance: '',
      unit: 'percent',
      timestamp: july2013 + i * 300_000,
      value: 1200,
    });
    for (const connectionId of ['import-bitbrains', 'c-old']) {
      const task = { connectionId, taskId: `task-${connectionId}` };
      await h.bus.publish(inventoryEvent(task, [vmEntity('vm-0')]));
      await h.bus.publish(metricsEvent(task, [sample(0), sample(1), sample(2)], 0));
      await h.bus.publish(completionEvent(task, { inventoryBatches: 1, metricBatches: 1, samples: 3 }));
      await waitForTaskLoaded(h.clickhouse, task.taskId);
    }
    await h.clickhouse.command({ query: 'OPTIMIZE TABLE metric_samples FINAL' });
    expect(await stored(h.clickhouse, 'import-bitbrains')).toEqual(exactly(3));
    expect(await scalar(h.clickhouse, "SELECT count() FROM metric_samples WHERE connection_id = 'c-old'")).toBe(0);
    const codes = await h.clickhouse.query({
      query: "SELECT DISTINCT code FROM rejected_records FINAL WHERE task_id = 'task-c-old'",
      format: 'JSONEachRow',
    });
    expect(await codes.json()).toEqual([{ code: 'beyond_retention' }]);
  });

  it('etl - a full collection tombstones the inventory it no longer sees, a scoped one does not', async () => {
    const connectionId = 'c-tomb';
    const collect = async (taskId: string, vmIds: string[], scope: string[]) => {
      const requested = newEvent(
        'CollectTaskRequested',
        {
          taskId,
          attempt: 1,
          config: {
            connectionId,
            name: taskId,
            scope: { clusterIds: [], hostIds: [], vmIds: scope },
            startTime: DAY0,
            endTime: DAY0 + 1,
            sampleIntervalSec: 300,
            metrics: [],
          },
        },
        { subject: taskId, source: '/test', traceId: 'trace-tomb' },
      ) as JustFitEvent;
      await h.bus.publish(requested);
      await h.bus.publishMany([
        inventoryEvent(
          { connectionId, taskId },
          vmIds.map((id) => vmEntity(id)),
        ),
        completionEvent({ connectionId, taskId }, { inventoryBatches: 1, metricBatches: 0, samples: 0 }),
      ]);
      await waitForTaskLoaded(h.clickhouse, taskId);
    };
    const latest = async () =>
      (await listVms(h.clickhouse, { connectionId, page: 1, pageSize: 10 })).items.map((v) => v.id);
    await collect('tomb-1', ['vm-1', 'vm-2', 'vm-3'], []);
    await collect('tomb-2', ['vm-1', 'vm-2'], []);
    expect(await latest()).toEqual(['vm-1', 'vm-2']);
    await collect('tomb-3', ['vm-1'], ['vm-1']);
    expect(await latest()).toEqual(['vm-1', 'vm-2']);
    const { events } = await new JetStreamEventStore(h.bus).read(connectionId, 'LOADS');
    const removals = events.map((s) => s.event).filter((e) => isEvent(e, 'InventoryTombstoned'));
    expect(removals).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({ taskId: 'tomb-2', entities: [{ kind: 'vm', id: 'vm-3' }], part: 1, parts: 1 }),
      }),
    ]);
  });
});

async function waitForReadyz(url: string, status: number): Promise<{ checks: Record<string, string> }> {
  return eventually(async () => {
    const res = await fetch(`${url}/readyz`);
    expect(res.status).toBe(status);
    return (await res.json()) as { checks: Record<string, string> };
  }, 30_000);
}
