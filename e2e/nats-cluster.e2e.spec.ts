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

// The simulated estate's zombies (see the walking skeleton): the idle VMs and those powered off for 60 days.
const EXPECTED_ZOMBIES = [
  'dev-powered-off-9',
  'dev-zombie-1',
  'dev-zombie-8',
  'prod-powered-off-9',
  'prod-zombie-1',
  'prod-zombie-8',
];

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

  it('nats cluster - the FINDINGS leader killed mid-analysis: the analysis completes and no finding is recorded twice', async () => {
    const { connectionId, taskId } = await startCollecting(api, `cluster-analysis-${randomUUID().slice(0, 8)}`);
    await waitLoaded(api, taskId);
    const zombies = async () =>
      (
        await api.request<{ findings: Array<{ entityName: string }> }>(
          'query($c: ID) { findings(analysisType: zombie, connectionId: $c) { entityName } }',
          { c: connectionId },
        )
      ).findings.map((f) => f.entityName);
    // The analyses run by themselves once the data is loaded.
    await until('the zombie findings', async () =>
      (await zombies()).length >= EXPECTED_ZOMBIES.length ? true : undefined,
    );

    const leader = await leaderOf('FINDINGS');
    const run = () =>
      api.request<{ runAnalysis: { runId: string } }>(
        'mutation($c: ID) { runAnalysis(input: { analysisType: zombie, connectionId: $c }) { runId } }',
        { c: connectionId },
      );
    const running = run();
    await new Promise((r) => setTimeout(r, 200));
    await cluster.kill(leader);
    try {
      // A request cut by the election is refused, not half done: the caller runs it again.
      const { runAnalysis } = await running.catch(() => until('the analysis run again', () => run(), 120_000));
      const { analysisResult } = await until('the run result', () =>
        api
          .request<{ analysisResult: { entries: Array<{ entityName: string }> } | null }>(
            'query($r: ID!) { analysisResult(runId: $r) { entries { entityName } } }',
            { r: runAnalysis.runId },
          )
          .then((r) => (r.analysisResult ? r : undefined)),
      );
      expect(analysisResult?.entries.map((e) => e.entityName).sort()).toEqual(EXPECTED_ZOMBIES);
    } finally {
      await cluster.restart(leader);
    }
    expect((await zombies()).sort()).toEqual(EXPECTED_ZOMBIES);
  }, 480_000);
});
