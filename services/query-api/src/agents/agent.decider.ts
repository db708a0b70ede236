import {
  type AgentDescription,
  type AgentMode,
  type AgentStatus,
  assertNever,
  commandHandler,
  defineAggregate,
  type EventDataOf,
  Events,
  type JustFitEvent,
} from '@justfit/events';

/** One agent as the registry knows it (aggregate `<agentId>` in FLEET). */
export interface AgentState {
  description?: AgentDescription;
  /** The session its heartbeats must name; none after a disconnect, until it registers again. */
  session?: string;
  status: AgentStatus;
  statusReason: string;
  statusSince: number;
  registeredAt?: number;
}

export const initialAgentState = (): AgentState => ({
  status: 'offline',
  statusReason: 'never registered',
  statusSince: 0,
});

export type AgentEventName = 'AgentRegistered' | 'AgentStatusChanged' | 'AgentDisconnected';
export type AgentEvent = JustFitEvent<AgentEventName>;

export function evolveAgent(state: AgentState, event: AgentEvent): AgentState {
  switch (event.type) {
    case Events.AgentRegistered.type: {
      const { session, mode, registeredAt, ...description } = event.data;
      return {
        description,
        session,
        status: mode,
        statusReason: 'registered',
        statusSince: registeredAt,
        registeredAt,
      };
    }
    case Events.AgentStatusChanged.type:
      return { ...state, status: event.data.status, statusReason: event.data.reason, statusSince: event.data.at };
    case Events.AgentDisconnected.type:
      return {
        ...state,
        session: undefined,
        status: 'offline',
        statusReason: `disconnected: ${event.data.reason}`,
        statusSince: event.data.at,
      };
    default:
      return assertNever(event);
  }
}

export const agentAggregate = defineAggregate({
  context: 'FLEET',
  events: ['AgentRegistered', 'AgentStatusChanged', 'AgentDisconnected'] satisfies AgentEventName[],
  initialState: initialAgentState,
  evolve: evolveAgent,
});

export const agents = commandHandler(agentAggregate);

export type Decided =
  | { name: 'AgentRegistered'; data: EventDataOf<'AgentRegistered'> }
  | { name: 'AgentStatusChanged'; data: EventDataOf<'AgentStatusChanged'> }
  | { name: 'AgentDisconnected'; data: EventDataOf<'AgentDisconnected'> };

/** A registration starts a session; the one already current is not registered twice. */
export function decideRegistration(state: AgentState, registration: EventDataOf<'AgentRegistered'>): Decided[] {
  if (state.session === registration.session) return [];
  return [{ name: 'AgentRegistered', data: registration }];
}

/** A heartbeat of the current session says the agent is alive and in which mode; an offline agent is back. */
export function decideHeartbeat(
  state: AgentState,
  heartbeat: { agentId: string; session: string; mode: AgentMode },
  now: number,
): Decided[] {
  if (!state.session || state.session !== heartbeat.session || state.status === heartbeat.mode) return [];
  const reason = state.status === 'offline' ? 'heartbeats again' : `the agent is ${heartbeat.mode}`;
  return [statusChange(state, heartbeat.agentId, heartbeat.mode, reason, now)];
}

/** No heartbeat of the current session within the bound: offline (once). */
export function decideOffline(state: AgentState, agentId: string, lastSeenAt: number, now: number): Decided[] {
  if (!state.session || state.status === 'offline') return [];
  const reason = `no heartbeat since ${new Date(lastSeenAt).toISOString()}`;
  return [statusChange(state, agentId, 'offline', reason, now)];
}

/** The mode an operator set and the agent confirmed. */
export function decideMode(
  state: AgentState,
  agentId: string,
  mode: AgentMode,
  reason: string,
  now: number,
): Decided[] {
  if (!state.session || state.status === mode) return [];
  return [statusChange(state, agentId, mode, reason, now)];
}

/** An operator ends the agent's session; it must register again. */
export function decideDisconnect(state: AgentState, agentId: string, reason: string, now: number): Decided[] {
  if (!state.session) return [];
  return [{ name: 'AgentDisconnected', data: { agentId, session: state.session, reason, at: now } }];
}

function statusChange(state: AgentState, agentId: string, status: AgentStatus, reason: string, at: number): Decided {
  return {
    name: 'AgentStatusChanged',
    data: { agentId, session: state.session!, from: state.status, status, reason, at },
  };
}
