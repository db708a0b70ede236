import {
  assertNever,
  defineAggregate,
  type EventDataOf,
  Events,
  type FindingBody,
  isRecordedEvidence,
  type JustFitEvent,
} from '@justfit/events';

/**
 * One finding's life: raised, updated while its conclusion changes, resolved when the condition no longer holds,
 * withdrawn when its entity's data is deleted.
 */
export type FindingState =
  { status: 'none' } | { status: 'open'; body: FindingBody } | { status: 'resolved'; body: FindingBody };

export const initialFindingState: FindingState = { status: 'none' };

/** A finding is one per analysis type and entity: its id (and aggregate) says which. */
export const findingIdOf = (type: FindingBody['analysisType'], connectionId: string, entityId: string) =>
  `${type}-${connectionId}-${entityId}`;

/** The events of one finding aggregate: the finding's life and the alerts it raised (stored with it, atomically). */
export type FindingEventName =
  'FindingRaised' | 'FindingUpdated' | 'FindingResolved' | 'FindingWithdrawn' | 'AlertRaised' | 'AlertMarked';
export type FindingEvent = JustFitEvent<FindingEventName>;

export function evolveFinding(state: FindingState, event: FindingEvent): FindingState {
  switch (event.type) {
    case Events.FindingRaised.type:
    case Events.FindingUpdated.type:
      return { status: 'open', body: event.data };
    case Events.FindingResolved.type:
      return state.status === 'open' ? { status: 'resolved', body: state.body } : state;
    case Events.FindingWithdrawn.type:
      // Its entity went with its data: should it come back, its finding starts afresh.
      return initialFindingState;
    case Events.AlertRaised.type:
    case Events.AlertMarked.type:
      return state;
    default:
      return assertNever(event);
  }
}

/** The read and resolved marks of each alert a finding raised. */
export type AlertMarks = ReadonlyMap<string, { read: boolean; resolved: boolean }>;

export function evolveAlerts(alerts: AlertMarks, event: FindingEvent): AlertMarks {
  switch (event.type) {
    case Events.AlertRaised.type:
      return new Map(alerts).set(event.data.alertId, { read: false, resolved: false });
    case Events.AlertMarked.type: {
      const current = alerts.get(event.data.alertId);
      if (!current) return alerts;
      const read = event.data.read ?? current.read;
      return new Map(alerts).set(event.data.alertId, { read, resolved: event.data.resolved ?? current.resolved });
    }
    case Events.FindingRaised.type:
    case Events.FindingUpdated.type:
    case Events.FindingResolved.type:
    case Events.FindingWithdrawn.type:
      return alerts;
    default:
      return assertNever(event);
  }
}

export interface FindingAggregateState {
  finding: FindingState;
  alerts: AlertMarks;
}

export const findingAggregate = defineAggregate({
  context: 'FINDINGS',
  events: [
    'FindingRaised',
    'FindingUpdated',
    'FindingResolved',
    'FindingWithdrawn',
    'AlertRaised',
    'AlertMarked',
  ] satisfies FindingEventName[],
  initialState: (): FindingAggregateState => ({ finding: initialFindingState, alerts: new Map() }),
  evolve: (state: FindingAggregateState, event: FindingEvent): FindingAggregateState => ({
    finding: evolveFinding(state.finding, event),
    alerts: evolveAlerts(state.alerts, event),
  }),
});

export type FindingDecision =
  | { kind: 'raise'; body: FindingBody }
  | { kind: 'update'; body: FindingBody }
  | { kind: 'resolve'; data: EventDataOf<'FindingResolved'> }
  | { kind: 'none' };

/**
 * What a person would call a change: not every wobble of an average, but a new conclusion, risk, or saving (in
 * resources, or in money once an admin changed the prices); and evidence recorded before it was typed, which the next
 * run replaces with today's.
 */
export function fingerprint(body: FindingBody): string {
  return JSON.stringify([
    isRecordedEvidence(body.evidence),
    body.conclusion,
    body.recommendation,
    body.riskLevel,
    Math.round(body.confidence * 10),
    Math.round(body.savings.cpuCores),
    Math.round(body.savings.memoryMb),
    Math.round(body.savings.diskGb),
    Math.round(body.savings.amount),
    body.policy.version,
  ]);
}

export function decideFinding(
  state: FindingState,
  candidate: FindingBody | undefined,
  ctx: {
    findingId: string;
    analysisType: FindingBody['analysisType'];
    entityId: string;
    runId: string;
    now: number;
    reason: string;
  },
): FindingDecision {
  if (candidate) {
    if (state.status !== 'open') return { kind: 'raise', body: candidate };
    return fingerprint(state.body) === fingerprint(candidate) ? { kind: 'none' } : { kind: 'update', body: candidate };
  }
  if (state.status !== 'open') return { kind: 'none' };
  return {
    kind: 'resolve',
    data: {
      findingId: ctx.findingId,
      analysisType: ctx.analysisType,
      entityId: ctx.entityId,
      runId: ctx.runId,
      resolvedAt: ctx.now,
      reason: ctx.reason,
    },
  };
}

/** Withdraws a finding of `connectionId` that was ever raised (open or resolved); anything else stays as it is. */
export function decideWithdrawal(
  state: FindingState,
  ctx: { findingId: string; connectionId: string; now: number; reason: string },
): EventDataOf<'FindingWithdrawn'> | undefined {
  if (state.status === 'none' || state.body.connectionId !== ctx.connectionId) return undefined;
  return {
    findingId: ctx.findingId,
    analysisType: state.body.analysisType,
    connectionId: ctx.connectionId,
    entityId: state.body.entityId,
    withdrawnAt: ctx.now,
    reason: ctx.reason,
  };
}

/**
 * An alert's severity follows its finding's risk: low → info (e.g. a zombie safe to reclaim), medium → warning,
 * high → critical (e.g. a cluster at risk of contention).
 */
export function alertSeverity(riskLevel: FindingBody['riskLevel']): 'info' | 'warning' | 'critical' {
  return riskLevel === 'high' ? 'critical' : riskLevel === 'medium' ? 'warning' : 'info';
}
