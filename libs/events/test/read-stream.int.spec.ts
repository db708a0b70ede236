import { type NatsClusterHandle, startNatsCluster } from '@justfit/testing/nats-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus, JetStreamEventStore } from '../src';
import { readStream } from '../src/jetstream/read-stream';
import { startTestBus, type TestBus, taskLogged, uniqueId } from './helpers';

describe('read stream - one server', () => {
  let t: TestBus;
  beforeAll(async () => {
    t = await startTestBus();
  });
  afterAll(() => t?.stop());

  it('read stream - read from the stream leader message by message, a range gives what a consumer gives', async () => {
    const [a, b] = [uniqueId('task'), uniqueId('task')];
    const store = new JetStreamEventStore(t.bus);
    for (const [i, taskId] of [a, b, a, b, a].entries()) {
      await store.append(taskId, [taskLogged(taskId, `line ${i}`)], { expectedRevision: 'any' });
    }
    const read = async (consumerAttempts: number, fromSeq?: number, limit?: number) => {
      const seqs: number[] = [];
      const filterSubjects = [`justfit.tasks.*.${a}`, `justfit.tasks.*.${b}`];
      await readStream(t.bus, 'TASKS', { filterSubjects, fromSeq, limit, consumerAttempts }, (m) => {
        seqs.push(m.seq);
      });
      return seqs;
    };

    const all = await read(3);
    expect(all).toHaveLength(5);
    expect(await read(0)).toEqual(all);
    expect(await read(0, all[2], 2)).toEqual(all.slice(2, 4));
    expect(await read(3, all[2], 2)).toEqual(all.slice(2, 4));
  });
});

describe('read stream - a three-node cluster, streams with three replicas', () => {
  let cluster: NatsClusterHandle;
  let bus: EventBus;
  beforeAll(async () => {
    cluster = await startNatsCluster({ nodes: 3 });
    bus = await EventBus.connect({ servers: cluster.nodeUrls, name: 'events-test', auth: cluster.admin, replicas: 3 });
  }, 60_000);
  afterAll(async () => {
    await bus?.close();
    await cluster?.stop();
  });

  it('read stream - an aggregate read right after its append sees it, also while a restarted node catches up', async () => {
    const leader = Number((await bus.jsm.streams.info('TASKS')).cluster?.leader?.split('-').at(-1));
    const behind = (leader + 1) % 3;
    await cluster.kill(behind);
    // Enough written while the node is down that it takes a while to catch up once back.
    const filler = new Uint8Array(4096);
    for (let i = 0; i < 10_000; i += 200) {
      await Promise.all(
        Array.from({ length: 200 }, (_, j) =>
          // A loaded machine may take longer than a publish's 5 s while the stream notices its missing replica.
          bus.whileUnanswered(() => bus.js.publish(`justfit.tasks.CollectTaskLogged.filler-${i + j}`, filler)),
        ),
      );
    }
    await cluster.restart(behind);

    // Each read gets an ordered consumer of its own, which the cluster places on any of the three nodes.
    const store = new JetStreamEventStore(bus);
    for (let i = 0; i < 30; i++) {
      const taskId = uniqueId('task');
      const { revision } = await store.append(taskId, [taskLogged(taskId, 'just written')], {
        expectedRevision: 'no_stream',
      });
      const read = await store.read(taskId, 'TASKS');
      expect(read.events.map((e) => e.event.data)).toMatchObject([{ message: 'just written' }]);
      expect(read.revision).toBe(revision);
    }
  }, 120_000);
});
