import { jetstream } from '@nats-io/jetstream';
import { type NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { type NatsServerHandle, startNatsServer } from '@justfit/testing/nats-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentInboxPrefix,
  authOptions,
  EventBus,
  inboxPrefix,
  JetStreamEventStore,
  type NatsCredentials,
  newEvent,
  rawSubject,
} from '../src';
import { taskLogged, uniqueId } from './helpers';

// A real nats-server with the configuration the quick start and the chart use: each service is its own user with the
// subject permissions of libs/events/src/jetstream/permissions.ts.
describe('bus permissions - each service and agent may do only its own part', () => {
  let server: NatsServerHandle;
  let admin: EventBus;
  const opened: NatsConnection[] = [];

  const as = async (name: string, auth: NatsCredentials | undefined, prefix = inboxPrefix(name)) => {
    const nc = await connect({ servers: server.url, name, inboxPrefix: prefix, ...authOptions(auth) });
    opened.push(nc);
    return nc;
  };
  const messagesIn = async (stream: string) => (await admin.jsm.streams.info(stream)).state.messages;

  beforeAll(async () => {
    server = await startNatsServer({ agents: ['agent-a', 'agent-b'] });
    admin = await EventBus.connect({ servers: server.url, name: 'permissions-test', auth: server.admin });
  });

  afterAll(async () => {
    await Promise.all(opened.map((nc) => nc.close()));
    await admin?.close();
    await server?.stop();
  });

  it('bus permissions - a collector appends raw data but cannot append a finding', async () => {
    const js = jetstream(await as('collector', server.credentials('collector')));
    const findings = await messagesIn('FINDINGS');

    await expect(js.publish(rawSubject(uniqueId('conn'), 'task'), '{}')).resolves.toMatchObject({ stream: 'RAW' });
    await expect(js.publish(`justfit.findings.${uniqueId('finding')}`, '{}')).rejects.toThrow(
      /Permissions Violation for Publish to "justfit\.findings\./,
    );
    expect(await messagesIn('FINDINGS')).toBe(findings);
  });

  it('bus permissions - query-api sends commands but cannot append findings or serve a service', async () => {
    const nc = await as('query-api', server.credentials('query-api'));
    await expect(jetstream(nc).publish(`justfit.findings.${uniqueId('finding')}`, '{}')).rejects.toThrow(
      /Permissions Violation/,
    );
    // A request to the collector leaves (no one answers here); impersonating the collector does not.
    await expect(nc.request('justfit.cmd.collector.TestConnection', '{}', { timeout: 500 })).rejects.toThrow(
      /no responders|timeout/i,
    );
    const impersonation = nc.subscribe('justfit.cmd.collector.>');
    await expect(impersonation.closed).resolves.toMatchObject({
      message: expect.stringMatching(/Permissions Violation for Subscription/),
    });
  });

  it('bus permissions - the scheduler appends jobs and sends the collector commands, but appends no task', async () => {
    const nc = await as('scheduler', server.credentials('scheduler'));
    const js = jetstream(nc);
    const tasks = await messagesIn('TASKS');
    await expect(js.publish(`justfit.jobs.${uniqueId('job')}`, '{}')).resolves.toMatchObject({ stream: 'JOBS' });
    await expect(js.publish(`justfit.tasks.${uniqueId('task')}`, '{}')).rejects.toThrow(/Permissions Violation/);
    expect(await messagesIn('TASKS')).toBe(tasks);
    await expect(nc.request('justfit.cmd.collector.StartCollectTask', '{}', { timeout: 500 })).rejects.toThrow(
      /no responders|timeout/i,
    );
    const collectorJs = jetstream(await as('collector', server.credentials('collector')));
    await expect(collectorJs.publish(`justfit.jobs.${uniqueId('job')}`, '{}')).rejects.toThrow(/Permissions Violation/);
  });

  it('bus permissions - no service reads another one’s inbox, where consumers deliver and JetStream replies', async () => {
    const nc = await as('collector', server.credentials('collector'));
    const snoop = nc.subscribe(`${inboxPrefix('query-api')}.>`);
    await expect(snoop.closed).resolves.toMatchObject({
      message: expect.stringMatching(/Permissions Violation for Subscription to "_INBOX\.query-api\.>"/),
    });
  });

  it('bus permissions - a command answered after the service reconnected (its node died) still reaches the caller', async () => {
    const caller = await as('query-api', server.credentials('query-api'));
    const before = await as('analyzer', server.credentials('analyzer'));
    const after = await as('analyzer', server.credentials('analyzer'));
    const command = before.subscribe('justfit.cmd.analyzer.RunAnalysis', { max: 1 });
    await before.flush();
    const reply = caller.request('justfit.cmd.analyzer.RunAnalysis', '{}', { timeout: 5000 });
    for await (const msg of command) {
      // The server granted the reply to the connection the request came on; the answer leaves on a new connection.
      after.publish(msg.reply!, 'done');
    }
    await expect(reply.then((m) => m.string())).resolves.toBe('done');
  });

  it('bus permissions - only the stream manager (etl) may create or change a stream', async () => {
    const reporter = await EventBus.connect({
      servers: server.url,
      name: 'reporter',
      auth: server.credentials('reporter'),
      manageStreams: false,
    });
    try {
      const before = (await admin.jsm.streams.info('FINDINGS')).config.max_msgs;
      await expect(reporter.jsm.streams.update('FINDINGS', { max_msgs: 1 })).rejects.toThrow(
        /Permissions Violation for Publish to "\$JS\.API\.STREAM\.UPDATE\.FINDINGS"/,
      );
      await expect(reporter.jsm.streams.add({ name: 'ROGUE', subjects: ['rogue.>'] })).rejects.toThrow(
        /Permissions Violation/,
      );
      expect((await admin.jsm.streams.info('FINDINGS')).config.max_msgs).toBe(before);
    } finally {
      await reporter.close();
    }
    const etl = await EventBus.connect({ servers: server.url, name: 'etl', auth: server.credentials('etl') });
    await etl.close();
  });

  it('bus permissions - each service connects with its own user and does its job: publish, consume, ack', async () => {
    const etl = await EventBus.connect({
      servers: server.url,
      name: 'etl',
      auth: server.credentials('etl'),
      manageStreams: false,
    });
    try {
      const taskId = uniqueId('task');
      await admin.publish(taskLogged(taskId, 'hello'));
      // The ETL reads TASKS through the event store: an ordered consumer on its own inbox.
      const { events } = await new JetStreamEventStore(etl).read(taskId, 'TASKS');
      expect(events.map((e) => e.event.type)).toEqual([taskLogged(taskId, 'hello').type]);
      // …and appends "data loaded" to LOADS, where the analyzer reads it; it may not write a task.
      const loaded = newEvent(
        'CollectTaskDataLoaded',
        { taskId, connectionId: 'conn', batches: 1, samples: 1, loadedAt: Date.now() },
        { subject: taskId, source: 'etl', traceId: 'trace-test' },
      );
      await expect(etl.publish(loaded)).resolves.toMatchObject({ duplicate: false });
      await expect(etl.publish(taskLogged(uniqueId('task'), 'not the etl’s'))).rejects.toThrow(/Permissions Violation/);
    } finally {
      await etl.close();
    }
  });

  it('bus permissions - an agent talks only on its own subjects', async () => {
    const nc = await as('agent-a', server.agentCredentials('agent-a'), agentInboxPrefix('agent-a'));
    const js = jetstream(nc);
    const echo = nc.subscribe('justfit.agents.agent-a.>', { max: 1 });
    nc.publish('justfit.agents.agent-a.heartbeat', 'alive');
    for await (const msg of echo) expect(msg.string()).toBe('alive');

    await expect(js.publish('justfit.raw.any', '{}')).rejects.toThrow(/Permissions Violation/);
    await expect(js.publish('justfit.agents.agent-b.heartbeat', '{}')).rejects.toThrow(
      /Permissions Violation for Publish to "justfit\.agents\.agent-b\.heartbeat"/,
    );
    const other = nc.subscribe('justfit.agents.agent-b.>');
    await expect(other.closed).resolves.toMatchObject({ message: expect.stringMatching(/Permissions Violation/) });
  });
});
