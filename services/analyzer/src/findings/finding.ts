import type { EventDataOf, FindingBody, JustFitEvent } from '@justfit/events';
import { isEvent, isRecordedEvidence } from '@justfit/events';

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

export function evolveFinding(state: FindingState, event: JustFitEvent): FindingState {
  if (isEvent(event, 'FindingRaised') || isEvent(event, 'FindingUpdated')) return { status: 'open', body: event.data };
  if (isEvent(event, 'FindingResolved') && state.status === 'open') return { status: 'resolved', body: state.body };
  // Its entity went with its data: should it come back, its finding starts afresh.
  if (isEvent(event, 'FindingWithdrawn')) return initialFindingState;
  return state;
}

export type FindingDecision =
  | { kind: 'raise'; body: FindingBody }
  | { kind: 'update'; body: FindingBody }
  | { kind: 'resolve'; data: EventDataOf<'FindingResolved'> }
  | { kind: 'none' };

/**
 * What a person would call a change: not every wobble of an average, but a new conclusion, risk, or saving; and
 * evidence recorded before it was typed, which the next run replaces with today's.
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
