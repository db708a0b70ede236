import {
  agentSubject,
  decodeMessage,
  encodeMessage,
  EventBus,
  JetStreamEventStore,
  type MessageDataOf,
} from '@justfit/events';
import { createLogger } from '@justfit/service-kit';
import { eventually } from '@justfit/testing/eventually';
import { type NatsServerHandle, startNatsServer } from '@justfit/testing/nats-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentCommandRefused, AgentRegistry, type AgentStatusChange } from '../src/agents/agent-registry';

const OFFLINE_AFTER_MS = 1_500;

/**
 * An agent on the wire, as a collector speaks to the registry (its own NATS user): it registers, heartbeats while
 * `alive`, and answers control requests by applying them to its mode.
 */
class WireAgent {
  alive = true;
  mode: 'online' | 'draining' | 'maintenance' = 'online';
  readonly controls: Array<MessageDataOf<'AgentControl'>> = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly bus: EventBus,
    readonly agentId: string,
    public session: string,
  ) {}

  start(): void {
    this.bus.nc.subscribe(agentSubject(this.agentId, 'control'), {
      callback: (_, msg) => {
        const control = decodeMessage('AgentControl', msg.string());
        this.controls.push(control);
        if (control.kind === 'drain') this.mode = 'draining';
        if (control.kind === 'resume') this.mode = 'online';
        if (control.kind === 'register') this.register();
        msg.respond(
          encodeMessage('AgentControlReply', { ok: true, message: control.kind, mode: this.mode, lines: ['a line'] }),
        );
      },
    });
    this.register();
    this.timer = setInterval(() => this.alive && this.heartbeat(), 200);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  register(): void {
    this.bus.nc.publish(
      agentSubject(this.agentId, 'register'),
      encodeMessage('RegisterAgent', {
        agentId: this.agentId,
        name: `agent ${this.agentId}`,
        site: 'lab',
        labels: ['rack-1'],
        version: '1.2.3',
        capacity: 2,
        session: this.session,
        mode: this.mode,
        sentAt: Date.now(),
      }),
    );
  }

  heartbeat(): void {
    this.bus.nc.publish(
      agentSubject(this.agentId, 'heartbeat'),
      encodeMessage('AgentHeartbeat', {
        agentId: this.agentId,
        session: this.session,
        mode: this.mode,
        capacity: 2,
        running: [{ instanceId: 'inst-1', taskId: 'task-1' }],
        sentAt: Date.now(),
      }),
    );
  }
}

describe('agent registry - registrations, heartbeats, offline, commands', () => {
  let nats: NatsServerHandle;
  let admin: EventBus;
  let api: EventBus;
  let collector: EventBus;
  let registry: AgentRegistry;
  const changes: AgentStatusChange[] = [];
  const agents: WireAgent[] = [];

  beforeAll(async () => {
    nats = await startNatsServer();
    admin = await EventBus.connect({ servers: nats.url, name: 'test-admin', auth: nats.admin });
    // The registry and the agent each with their service's production permissions.
    api = await EventBus.connect({
      servers: nats.url,
      name: 'query-api',
      auth: nats.credentials('query-api'),
      manageStreams: false,
    });
    collector = await EventBus.connect({
      servers: nats.url,
      name: 'collector',
      auth: nats.credentials('collector'),
      manageStreams: false,
    });
    registry = new AgentRegistry(api, new JetStreamEventStore(api), createLogger('query-api', 'warn'), {
      offlineAfterMs: OFFLINE_AFTER_MS,
      controlTimeoutMs: 2_000,
    });
    await registry.start();
    void (async () => {
      for await (const change of registry.pubSub.subscribe('agentStatusChanged')) changes.push(change);
    })();
  });

  afterAll(async () => {
    for (const a of agents) a.stop();
    await registry?.stop();
    await collector?.close();
    await api?.close();
    await admin?.close();
    await nats?.stop();
  });

  const wireAgent = (id: string) => {
    const agent = new WireAgent(collector, id, `sess-${id}-1`);
    agents.push(agent);
    agent.start();
    return agent;
  };

  it('registry - a registered agent is listed online with its description and what its heartbeats report', async () => {
    wireAgent('lab-1');
    const listed = await eventually(() => {
      const found = registry.get('lab-1');
      expect(found?.live.running).toHaveLength(1);
      return found!;
    }, 10_000);
    expect(listed.state).toMatchObject({
      status: 'online',
      session: 'sess-lab-1-1',
      description: { name: 'agent lab-1', site: 'lab', labels: ['rack-1'], version: '1.2.3', capacity: 2 },
    });
    expect(listed.live.messages).toBeGreaterThan(1);
    expect(listed.live.lastSeenAt).toBeGreaterThan(Date.now() - 5_000);
  });

  it('registry - an agent whose heartbeats stop is offline within the bound, and online again when they resume', async () => {
    const agent = wireAgent('lab-2');
    await eventually(() => expect(registry.get('lab-2')?.state.status).toBe('online'), 10_000);
    agent.alive = false;
    const silentSince = Date.now();
    await eventually(() => expect(registry.get('lab-2')?.state.status).toBe('offline'), 10_000);
    // The bound, plus the registry's one-second check and a heartbeat interval.
    expect(Date.now() - silentSince).toBeLessThanOrEqual(OFFLINE_AFTER_MS + 1_000 + 200 + 500);
    expect(registry.get('lab-2')?.state.statusReason).toMatch(/^no heartbeat since /);
    await expect(registry.setMode('lab-2', 'drain', 'ops')).rejects.toBeInstanceOf(AgentCommandRefused);

    agent.alive = true;
    await eventually(() => expect(registry.get('lab-2')?.state.status).toBe('online'), 10_000);
    expect(changes.filter((c) => c.agentId === 'lab-2').map((c) => c.status)).toEqual(['online', 'offline', 'online']);
  });

  it('registry - drain is applied by the agent and recorded once; logs come from the agent', async () => {
    const agent = wireAgent('lab-3');
    await eventually(() => expect(registry.get('lab-3')?.state.status).toBe('online'), 10_000);
    const reply = await registry.setMode('lab-3', 'drain', 'ops');
    expect(reply).toMatchObject({ ok: true, mode: 'draining' });
    expect(registry.get('lab-3')?.state.status).toBe('draining');
    await new Promise((resolve) => setTimeout(resolve, 600)); // heartbeats in the new mode change nothing more
    expect(changes.filter((c) => c.agentId === 'lab-3').map((c) => c.status)).toEqual(['online', 'draining']);
    expect(await registry.logs('lab-3', 10)).toEqual(['a line']);
    expect(agent.controls.map((c) => c.kind)).toEqual(['drain', 'logs']);
    await expect(registry.logs('nobody', 10)).rejects.toMatchObject({ code: 404 });
  });

  it('registry - a disconnected agent is offline, its old session ignored, until it registers again', async () => {
    const agent = wireAgent('lab-4');
    await eventually(() => expect(registry.get('lab-4')?.state.status).toBe('online'), 10_000);
    await registry.disconnect('lab-4', 'rotating credentials');
    expect(agent.controls.map((c) => c.kind)).toContain('disconnect');
    expect(registry.get('lab-4')?.state).toMatchObject({ status: 'offline', session: undefined });
    // Its heartbeats still name the ended session: the registry asks it to register, and it does with that session.
    await eventually(() => expect(agent.controls.map((c) => c.kind)).toContain('register'), 10_000);
    await eventually(() => expect(registry.get('lab-4')?.state.status).toBe('online'), 10_000);
    agent.session = 'sess-lab-4-2';
    agent.register();
    await eventually(() => expect(registry.get('lab-4')?.state.session).toBe('sess-lab-4-2'), 10_000);
  });

  it('registry - a second registry instance sees the same agents from the FLEET stream', async () => {
    const other = new AgentRegistry(api, new JetStreamEventStore(api), createLogger('query-api', 'warn'), {
      offlineAfterMs: OFFLINE_AFTER_MS,
    });
    await other.start();
    try {
      await eventually(() => {
        expect(other.get('lab-3')?.state.status).toBe('draining');
        expect(other.get('lab-1')?.state.description?.site).toBe('lab');
      }, 10_000);
    } finally {
      await other.stop();
    }
  });
});
