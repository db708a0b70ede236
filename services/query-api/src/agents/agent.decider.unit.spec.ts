import { type EventDataOf, newEvent } from '@justfit/events';
import { describe, expect, it } from 'vitest';
import {
  type AgentEvent,
  type AgentEventName,
  agentAggregate,
  decideDisconnect,
  decideHeartbeat,
  decideMode,
  decideOffline,
  decideRegistration,
} from './agent.decider';

const AGENT = 'east-1';
const ev = <N extends AgentEventName>(name: N, data: EventDataOf<N>) =>
  newEvent(name, data, { subject: AGENT, source: 't', traceId: 't' }) as AgentEvent;
const registration = (session: string) => ({
  agentId: AGENT,
  name: 'East 1',
  site: 'east',
  labels: ['dmz'],
  version: '1.0.0',
  capacity: 2,
  session,
  mode: 'online' as const,
  registeredAt: 10,
});
const registered = (session = 'sess-1') => ev('AgentRegistered', registration(session));
const given = (...events: AgentEvent[]) => events.reduce(agentAggregate.evolve, agentAggregate.initialState());
const heartbeat = (session: string, mode: 'online' | 'draining' | 'maintenance' = 'online') => ({
  agentId: AGENT,
  session,
  mode,
});

describe('agent - decide', () => {
  it('agent - a registration starts a session, online; the same session registered again decides nothing', () => {
    const [decided] = decideRegistration(given(), registration('sess-1'));
    expect(decided).toMatchObject({ name: 'AgentRegistered', data: { session: 'sess-1', capacity: 2 } });
    const state = given(registered());
    expect(state).toMatchObject({ status: 'online', session: 'sess-1', description: { site: 'east', capacity: 2 } });
    expect(decideRegistration(state, registration('sess-1'))).toEqual([]);
    expect(decideRegistration(state, registration('sess-2'))).toHaveLength(1);
  });

  it('agent - silence past the bound makes it offline once, with the time of its last heartbeat', () => {
    const [decided] = decideOffline(given(registered()), AGENT, 1_000, 20_000);
    expect(decided).toMatchObject({
      name: 'AgentStatusChanged',
      data: { from: 'online', status: 'offline', reason: `no heartbeat since ${new Date(1_000).toISOString()}` },
    });
    const offline = given(registered(), ev('AgentStatusChanged', decided!.data as EventDataOf<'AgentStatusChanged'>));
    expect(decideOffline(offline, AGENT, 1_000, 30_000)).toEqual([]);
  });

  it('agent - a heartbeat of its session brings an offline agent back in the mode it reports; another session does not', () => {
    const offline = given(
      registered(),
      ev('AgentStatusChanged', {
        agentId: AGENT,
        session: 'sess-1',
        from: 'online',
        status: 'offline',
        reason: 'x',
        at: 5,
      }),
    );
    expect(decideHeartbeat(offline, heartbeat('sess-1', 'draining'), 9)).toMatchObject([
      { name: 'AgentStatusChanged', data: { from: 'offline', status: 'draining', reason: 'heartbeats again' } },
    ]);
    expect(decideHeartbeat(offline, heartbeat('sess-old'), 9)).toEqual([]);
    expect(decideHeartbeat(given(registered()), heartbeat('sess-1'), 9)).toEqual([]);
  });

  it('agent - drain and resume are recorded as status changes, once each', () => {
    const online = given(registered());
    const [drain] = decideMode(online, AGENT, 'draining', 'drain by ops', 7);
    expect(drain).toMatchObject({ data: { from: 'online', status: 'draining', reason: 'drain by ops' } });
    const draining = given(registered(), ev('AgentStatusChanged', drain!.data as EventDataOf<'AgentStatusChanged'>));
    expect(decideMode(draining, AGENT, 'draining', 'again', 8)).toEqual([]);
    expect(decideMode(draining, AGENT, 'online', 'resume by ops', 9)).toHaveLength(1);
  });

  it('agent - a disconnect ends the session: offline, no session, until a new registration', () => {
    const [decided] = decideDisconnect(given(registered()), AGENT, 'rotating credentials', 12);
    expect(decided).toMatchObject({ name: 'AgentDisconnected', data: { session: 'sess-1' } });
    const disconnected = given(
      registered(),
      ev('AgentDisconnected', decided!.data as EventDataOf<'AgentDisconnected'>),
    );
    expect(disconnected).toMatchObject({
      status: 'offline',
      session: undefined,
      statusReason: 'disconnected: rotating credentials',
    });
    expect(decideDisconnect(disconnected, AGENT, 'again', 13)).toEqual([]);
    expect(decideOffline(disconnected, AGENT, 0, 99_999)).toEqual([]);
    expect(decideHeartbeat(disconnected, heartbeat('sess-1'), 14)).toEqual([]);
    expect(
      given(
        registered(),
        ev('AgentDisconnected', decided!.data as EventDataOf<'AgentDisconnected'>),
        registered('sess-2'),
      ),
    ).toMatchObject({
      status: 'online',
      session: 'sess-2',
    });
  });
});
