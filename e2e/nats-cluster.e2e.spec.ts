import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBus, isEvent, JetStreamEventStore } from '@justfit/events';
import { ensureLocalMasterKey, GraphQLClient, type RunningEstate, startEstate } from '@justfit/launcher';
import { type ClickHouseClient, createClickHouse } from '@justfit/storage';
import { type NatsClusterHandle, startNatsCluster } from '@justfit/testing/nats-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scalar, startCollecting, storedSamples, until, waitLoaded } from './scale-out';

describe('nats cluster - the five services on a three-node NATS cluster, every stream with three replicas', () => {
  let dataDir: string;
  let cluster: NatsClusterHandle;
  let estate: RunningEstate;
  let api: GraphQLClient;
  let bus: EventBus;
  let clickhouse: ClickHouseClient;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'justfit-nats-cluster-e2e-'));
    ensureLocalMasterKey(join(dataDir, 'master.key'));
    cluster = await startNatsCluster({ nodes: 3 });
    estate = await startEstate({
      dataDir,
      natsUrl: cluster.url,
      natsPasswords: cluster.passwords,
      env: { NATS_STREAM_REPLICAS: '3' },
    });
    api = new GraphQLClient(estate.graphqlUrl, estate.graphqlWsUrl, { token: estate.adminToken });
    bus = await EventBus.connect({
      servers: cluster.nodeUrls,
      name: 'cluster-test',
      auth: cluster.admin,
      manageStreams: false,
    });
    clickhouse = await createClickHouse({ url: estate.clickhouseUrl, dataDir });
  }, 480_000);

  afterAll(async () => {
    await clickhouse?.close();
    await bus?.close();
    await estate?.stop();
    await cluster?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /** The node (index) leading a stream now; killing it forces an election while the stream is written. */
  async function leaderOf(stream: string): Promise<number> {
    const info = await bus.jsm.streams.info(stream);
    expect(info.config.num_replicas).toBe(3);
    return Number(info.cluster?.leader?.split('-').at(-1));
  }

  it('nats cluster - the RAW leader killed mid-ingest: every collected sample is stored once, the rollups count each once', async () => {
    const { connectionId, taskId } = await startCollecting(api, `cluster-ingest-${randomUUID().slice(0, 8)}`);
    const countRows = () =>
      scalar(clickhouse, 'SELECT count() FROM metric_samples WHERE connection_id = {c:String}', { c: connectionId });
    await until('the first samples stored', async () => ((await countRows()) > 0 ? true : undefined), 120_000);
    const leader = await leaderOf('RAW');
    await cluster.kill(leader);
    try {
      await waitLoaded(api, taskId);
    } finally {
      await cluster.restart(leader);
    }

    const { events } = await new JetStreamEventStore(bus).read(taskId, 'TASKS');
    const succeeded = events.map((e) => e.event).find((e) => isEvent(e, 'CollectTaskSucceeded'));
    const collected = succeeded && isEvent(succeeded, 'CollectTaskSucceeded') ? succeeded.data.samples : -1;
    const rejected = await scalar(clickhouse, 'SELECT count() FROM rejected_records FINAL WHERE task_id = {t:String}', {
      t: taskId,
    });
    const stored = await storedSamples(clickhouse, connectionId);
    expect(stored.rows + rejected).toBe(collected);
    expect(stored).toEqual({ rows: stored.rows, keys: stored.rows, hourly: stored.rows, daily: stored.rows });
  }, 480_000);
});
