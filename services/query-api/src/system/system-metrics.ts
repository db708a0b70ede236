import type { EventBus } from '@justfit/events';
import type { ClickHouseClient } from '@justfit/storage';
import { readPipelineStates } from '../pipeline/pipeline-states';
import type { ServiceDirectory } from './service-directory';
import { type TaskStateCount, taskStateCounts } from './task-counts';

export interface StreamRate {
  stream: string;
  messages: number;
  lastSeq: number;
  /** Events appended per second since the pipeline's previous sample; null before the first sample. */
  eventsPerSecond: number | null;
}

export interface ConsumerLag {
  stream: string;
  consumer: string;
  pending: number;
  ackPending: number;
  redelivered: number;
}

export interface SystemMetrics {
  sampledAt: number;
  tasks: TaskStateCount[];
  consumers: ConsumerLag[];
  totalLag: number;
  streams: StreamRate[];
  eventsPerSecond: number | null;
  instancesOnline: number;
  instancesOffline: number;
}

/** Each stream's last sequence at the pipeline sampler's latest sample (consumer_states), if one is older than now. */
async function previousSample(clickhouse: ClickHouseClient, now: number) {
  const rs = await clickhouse.query({
    query: `SELECT stream, argMax(stream_last_seq, sampled_at) AS seq, toUnixTimestamp(max(sampled_at)) AS at
      FROM consumer_states WHERE sampled_at <= toDateTime({before:UInt32}) GROUP BY stream`,
    query_params: { before: Math.floor(now / 1000) - 1 },
    format: 'JSONEachRow',
  });
  const rows = await rs.json<{ stream: string; seq: string | number; at: string | number }>();
  return new Map(rows.map((r) => [r.stream, { seq: Number(r.seq), at: Number(r.at) * 1000 }]));
}

const rate = (delta: number, ms: number) => Math.round((delta / (ms / 1000)) * 100) / 100;

/**
 * Tasks by state, consumer lag and events per second, read now: the streams and consumers from JetStream, the rate
 * against the pipeline sampler's latest sample (every PIPELINE_SAMPLE_INTERVAL_SEC), the tasks from the read models.
 */
export async function systemMetrics(
  directory: ServiceDirectory,
  bus: EventBus,
  clickhouse: ClickHouseClient,
): Promise<SystemMetrics> {
  const now = Date.now();
  const [streams, previous, tasks] = await Promise.all([
    readPipelineStates(bus.jsm),
    previousSample(clickhouse, now),
    taskStateCounts(clickhouse),
  ]);
  const rates: StreamRate[] = streams.map((s) => {
    const before = previous.get(s.stream);
    return {
      stream: s.stream,
      messages: s.messages,
      lastSeq: s.lastSeq,
      eventsPerSecond: before && now > before.at ? rate(Math.max(0, s.lastSeq - before.seq), now - before.at) : null,
    };
  });
  const known = rates.filter((r) => r.eventsPerSecond !== null);
  const consumers = streams.flatMap((s) =>
    s.consumers.map((c) => ({
      stream: c.stream,
      consumer: c.consumer,
      pending: c.pending,
      ackPending: c.ackPending,
      redelivered: c.redelivered,
    })),
  );
  const instances = directory.instances(now);
  return {
    sampledAt: now,
    tasks,
    consumers,
    totalLag: consumers.reduce((sum, c) => sum + c.pending, 0),
    streams: rates,
    eventsPerSecond: known.length
      ? Math.round(known.reduce((sum, r) => sum + r.eventsPerSecond!, 0) * 100) / 100
      : null,
    instancesOnline: instances.filter((i) => i.online).length,
    instancesOffline: instances.filter((i) => !i.online).length,
  };
}
