import type { Subscription } from '@nats-io/nats-core';
import {
  agentBroadcastSubject,
  agentSubject,
  agentSubjects,
  type AgentStatus,
  decodeMessage,
  encodeMessage,
  type EventBus,
  type EventStore,
  filterSubjectsFor,
  isEvent,
  type MessageDataOf,
  newEvent,
  QUERY_API_EVENTS,
  type RunningSubscription,
  runEphemeralConsumer,
} from '@justfit/events';
import { traceIdOrNew } from '@justfit/service-kit';
import { createPubSub } from 'graphql-yoga';
import type { Logger } from 'pino';
import {
  type AgentEvent,
  type AgentState,
  agents,
  type Decided,
  decideDisconnect,
  decideHeartbeat,
  decideMode,
  decideOffline,
  decideRegistration,
  evolveAgent,
  initialAgentState,
} from './agent.decider';

export interface AgentRegistryOptions {
  /** An agent without a heartbeat of its session for this long is offline. */
  offlineAfterMs: number;
  /** How long a control request waits for the agent's answer. */
  controlTimeoutMs?: number;
}

/** What this API instance has seen of an agent on the wire since it started (the gateway's live view). */
export interface AgentLiveView {
  lastSeenAt?: number;
  /** Registrations, heartbeats and control answers received from it. */
  messages: number;
  lastActivityAt?: number;
  running: Array<{ instanceId: string; taskId: string }>;
}

export interface AgentStatusChange {
  agentId: string;
  status: AgentStatus;
  previousStatus?: AgentStatus;
  reason: string;
  at: number;
}

export class AgentCommandRefused extends Error {
  constructor(
    readonly code: 404 | 409 | 408,
    message: string,
  ) {
    super(message);
  }
}

type ControlReply = MessageDataOf<'AgentControlReply'>;
const SOURCE = 'justfit://query-api/agents';
const FLEET_VIEW = 'agent registry (agents, agentStatusChanged)';

/** The events one of query-api's declared consumers handles (topology/query-api.ts). */
export function declaredEvents(consumer: string) {
  const declared = QUERY_API_EVENTS.consumes.find((c) => c.name === consumer);
  if (!declared) throw new Error(`query-api declares no consumer ${consumer}`);
  return declared.events;
}
const WATCH_EVERY_MS = 1_000;
const REREGISTER_ASK_EVERY_MS = 5_000;

/**
 * The agent registry (the gateway of the collectors): it records registrations, follows heartbeats, marks agents
 * offline whose heartbeats stop for `offlineAfterMs`, and relays operators' commands to one agent or all. Every API
 * instance follows the FLEET stream and hears every heartbeat; their decisions go through the agent aggregate, so
 * two instances deciding the same change store it once.
 */
export class AgentRegistry {
  readonly pubSub = createPubSub<{ agentStatusChanged: [AgentStatusChange] }>();
  private readonly states = new Map<string, AgentState>();
  private readonly live = new Map<string, AgentLiveView>();
  private readonly askedToRegister = new Map<string, number>();
  /** Checks run after each event applied, for callers waiting to read their own change. */
  private readonly onApplied = new Set<() => void>();
  private subscriptions: Subscription[] = [];
  private fleet?: RunningSubscription;
  private watch?: NodeJS.Timeout;
  private startedAt = Date.now();

  constructor(
    private readonly bus: EventBus,
    private readonly store: EventStore,
    private readonly logger: Logger,
    private readonly options: AgentRegistryOptions,
  ) {}

  get offlineAfterMs(): number {
    return this.options.offlineAfterMs;
  }

  async start(): Promise<void> {
    this.startedAt = Date.now();
    this.fleet = await runEphemeralConsumer(
      this.bus,
      { ...filterSubjectsFor(declaredEvents(FLEET_VIEW)), deliverNew: false },
      (event) => {
        if (
          isEvent(event, 'AgentRegistered') ||
          isEvent(event, 'AgentStatusChanged') ||
          isEvent(event, 'AgentDisconnected')
        )
          this.apply(event);
      },
    );
    // One instance records a registration (a queue group); every instance hears every heartbeat.
    this.subscriptions = [
      this.bus.nc.subscribe(agentSubjects('register'), {
        queue: 'query-api-agents',
        callback: (err, msg) => {
          if (!err) void this.onRegister(msg.string());
        },
      }),
      this.bus.nc.subscribe(agentSubjects('heartbeat'), {
        callback: (err, msg) => {
          if (!err) void this.onHeartbeat(msg.string());
        },
      }),
    ];
    this.watch = setInterval(() => void this.markSilentOffline(), WATCH_EVERY_MS);
  }

  async stop(): Promise<void> {
    clearInterval(this.watch);
    for (const s of this.subscriptions) s.unsubscribe();
    await this.fleet?.stop();
  }

  list(): Array<{ agentId: string; state: AgentState; live: AgentLiveView }> {
    return [...this.states].map(([agentId, state]) => ({ agentId, state, live: this.liveOf(agentId) }));
  }

  get(agentId: string): { agentId: string; state: AgentState; live: AgentLiveView } | undefined {
    const state = this.states.get(agentId);
    return state && { agentId, state, live: this.liveOf(agentId) };
  }

  /** Drain, resume or maintenance: the agent applies it and confirms, then the registry records its new status. */
  async setMode(agentId: string, kind: 'drain' | 'resume' | 'maintenance', by: string): Promise<ControlReply> {
    const reply = await this.control(agentId, { kind });
    if (!reply.ok) throw new AgentCommandRefused(409, reply.message);
    await this.decide(agentId, (state) => decideMode(state, agentId, reply.mode, `${kind} by ${by}`, Date.now()));
    // The states are projected from the stored events: the caller reads its own change once it is applied here.
    await this.untilApplied(agentId, (state) => state.status === reply.mode);
    return reply;
  }

  async cancelInstance(agentId: string, instanceId: string, reason: string): Promise<ControlReply> {
    const reply = await this.control(agentId, { kind: 'cancel', instanceId, reason });
    if (!reply.ok) throw new AgentCommandRefused(409, reply.message);
    return reply;
  }

  async logs(agentId: string, limit: number): Promise<string[]> {
    const reply = await this.control(agentId, { kind: 'logs', limit });
    return reply.lines ?? [];
  }

  /** Ends the agent's session: it takes no work until it has registered again (which it does by itself). */
  async disconnect(agentId: string, reason: string): Promise<void> {
    this.known(agentId);
    const { newEvents } = await this.decide(agentId, (state) => decideDisconnect(state, agentId, reason, Date.now()));
    if (newEvents.length === 0) throw new AgentCommandRefused(409, `agent ${agentId} has no session to end`);
    await this.control(agentId, { kind: 'disconnect', reason }).catch((e: unknown) =>
      this.logger.warn({ err: e, agentId }, 'the disconnected agent did not answer; its heartbeats are ignored'),
    );
  }

  /** A message every agent logs; answers how many agents were online to hear it. */
  broadcast(message: string, from: string): number {
    this.bus.nc.publish(agentBroadcastSubject, encodeMessage('AgentBroadcast', { message, from, sentAt: Date.now() }));
    return [...this.states.values()].filter((s) => s.status !== 'offline').length;
  }

  private known(agentId: string): AgentState {
    const state = this.states.get(agentId);
    if (!state) throw new AgentCommandRefused(404, `agent ${agentId} not found`);
    return state;
  }

  private async control(agentId: string, control: MessageDataOf<'AgentControl'>): Promise<ControlReply> {
    const state = this.known(agentId);
    if (state.status === 'offline' && control.kind !== 'disconnect')
      throw new AgentCommandRefused(409, `agent ${agentId} is offline`);
    let text: string;
    try {
      const msg = await this.bus.nc.request(agentSubject(agentId, 'control'), encodeMessage('AgentControl', control), {
        timeout: this.options.controlTimeoutMs ?? 10_000,
      });
      text = msg.string();
    } catch {
      throw new AgentCommandRefused(408, `agent ${agentId} did not answer`);
    }
    this.seen(agentId, false);
    return decodeMessage('AgentControlReply', text);
  }

  private async onRegister(text: string): Promise<void> {
    try {
      const { sentAt, ...registration } = decodeMessage('RegisterAgent', text);
      this.seen(registration.agentId, true);
      await this.decide(registration.agentId, (state) =>
        decideRegistration(state, { ...registration, registeredAt: Math.max(sentAt, Date.now()) }),
      );
    } catch (e) {
      this.logger.warn({ err: e }, 'agent registration not recorded');
    }
  }

  private async onHeartbeat(text: string): Promise<void> {
    let heartbeat: MessageDataOf<'AgentHeartbeat'>;
    try {
      heartbeat = decodeMessage('AgentHeartbeat', text);
    } catch (e) {
      this.logger.warn({ err: e }, 'ignored a malformed heartbeat');
      return;
    }
    const { agentId, session } = heartbeat;
    const state = this.states.get(agentId);
    if (!state?.session || state.session !== session) {
      await this.askToRegister(agentId);
      return;
    }
    const live = this.seen(agentId, true);
    live.running = heartbeat.running;
    if (state.status !== heartbeat.mode) {
      await this.decide(agentId, (s) => decideHeartbeat(s, heartbeat, Date.now())).catch((e: unknown) =>
        this.logger.warn({ err: e, agentId }, 'agent status not recorded'),
      );
    }
  }

  /** Heartbeats of a session the registry does not know (it missed the registration, or ended it): register again. */
  private async askToRegister(agentId: string): Promise<void> {
    const last = this.askedToRegister.get(agentId) ?? 0;
    if (Date.now() - last < REREGISTER_ASK_EVERY_MS) return;
    this.askedToRegister.set(agentId, Date.now());
    await this.bus.nc
      .request(agentSubject(agentId, 'control'), encodeMessage('AgentControl', { kind: 'register' }), {
        timeout: 5_000,
      })
      .catch(() => undefined);
  }

  private async markSilentOffline(): Promise<void> {
    const now = Date.now();
    for (const [agentId, state] of this.states) {
      if (state.status === 'offline' || !state.session) continue;
      // An agent heard of before this instance started counts from the start (it may not have missed any yet).
      const lastSeenAt = this.live.get(agentId)?.lastSeenAt ?? Math.max(this.startedAt, state.statusSince);
      if (now - lastSeenAt <= this.options.offlineAfterMs) continue;
      await this.decide(agentId, (s) => decideOffline(s, agentId, lastSeenAt, now)).catch((e: unknown) =>
        this.logger.warn({ err: e, agentId }, 'agent offline not recorded'),
      );
    }
  }

  private decide(agentId: string, decide: (state: AgentState) => Decided[]) {
    return agents.handle(this.store, agentId, (state) =>
      decide(state).map(
        (d) =>
          newEvent(d.name, d.data as never, {
            subject: agentId,
            source: SOURCE,
            traceId: traceIdOrNew(),
          }) as AgentEvent,
      ),
    );
  }

  /** Resolves once the agent's projected state passes `test`, or after `timeoutMs` (the change is stored either way). */
  private untilApplied(agentId: string, test: (state: AgentState) => boolean, timeoutMs = 5_000): Promise<void> {
    const passes = () => {
      const state = this.states.get(agentId);
      return state !== undefined && test(state);
    };
    if (passes()) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.onApplied.delete(check);
        resolve();
      };
      const check = () => {
        if (passes()) done();
      };
      const timer = setTimeout(done, timeoutMs);
      this.onApplied.add(check);
    });
  }

  private apply(event: AgentEvent): void {
    const agentId = event.data.agentId;
    const before = this.states.get(agentId) ?? initialAgentState();
    const after = evolveAgent(before, event);
    this.states.set(agentId, after);
    for (const check of [...this.onApplied]) check();
    this.pubSub.publish('agentStatusChanged', {
      agentId,
      status: after.status,
      previousStatus: before.description ? before.status : undefined,
      reason: after.statusReason,
      at: after.statusSince,
    });
  }

  private liveOf(agentId: string): AgentLiveView {
    return this.live.get(agentId) ?? { messages: 0, running: [] };
  }

  private seen(agentId: string, alive: boolean): AgentLiveView {
    const view = this.live.get(agentId) ?? { messages: 0, running: [] };
    const now = Date.now();
    view.messages++;
    view.lastActivityAt = now;
    if (alive) view.lastSeenAt = now;
    this.live.set(agentId, view);
    return view;
  }
}
