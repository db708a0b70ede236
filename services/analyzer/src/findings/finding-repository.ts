import {
  AnalysisType,
  decideAndAppend,
  type EventDataOf,
  type EventName,
  type EventStore,
  type FindingBody,
  type JustFitEvent,
  newEvent,
} from '@justfit/events';
import { traceIdOrNew } from '@justfit/service-kit';
import {
  alertSeverity,
  decideWithdrawal,
  evolveFinding,
  type FindingDecision,
  findingIdOf,
  type FindingState,
  initialFindingState,
} from './finding';

export const ANALYZER_SOURCE = '/justfit/analyzer';

export type AppliedDecision = FindingDecision['kind'];

/** Reads a finding aggregate, lets the caller decide, and appends the outcome under optimistic concurrency. */
export class FindingRepository {
  constructor(private readonly store: EventStore) {}

  /** The ids of every finding that has events (raised at some point), read in one request. */
  existingIds(): Promise<Set<string>> {
    return this.store.aggregateIds('FINDINGS');
  }

  /** The bodies of those of `findingIds` that are open now (one read each). */
  async openBodies(findingIds: Iterable<string>): Promise<FindingBody[]> {
    const open: FindingBody[] = [];
    for (const findingId of findingIds) {
      const { events } = await this.store.read(findingId, 'FINDINGS');
      const state = events.map((e) => e.event).reduce(evolveFinding, initialFindingState);
      if (state.status === 'open') open.push(state.body);
    }
    return open;
  }

  apply(findingId: string, decide: (state: FindingState) => FindingDecision): Promise<AppliedDecision> {
    return decideAndAppend(this.store, findingId, 'FINDINGS', (history) => {
      const decision = decide(history.reduce(evolveFinding, initialFindingState));
      return { events: decision.kind === 'none' ? [] : this.toEvents(findingId, decision), result: decision.kind };
    });
  }

  /**
   * Withdraws every finding of a connection, read from the findings' own events (not from a read model, which may lag):
   * the candidates are the aggregates whose id starts as the connection's would, each confirmed by its body.
   */
  async withdrawConnection(connectionId: string, reason: string): Promise<number> {
    const prefixes = AnalysisType.options.map((type) => findingIdOf(type, connectionId, ''));
    const candidates = [...(await this.existingIds())].filter((id) => prefixes.some((p) => id.startsWith(p)));
    let withdrawn = 0;
    for (const findingId of candidates) {
      const outcome = await decideAndAppend(this.store, findingId, 'FINDINGS', (history) => {
        const state = history.reduce(evolveFinding, initialFindingState);
        const data = decideWithdrawal(state, { findingId, connectionId, now: Date.now(), reason });
        const event = data && newEvent('FindingWithdrawn', data, this.eventOptions(findingId));
        return { events: event ? [event as JustFitEvent] : [], result: Boolean(event) };
      });
      if (outcome) withdrawn++;
    }
    return withdrawn;
  }

  private eventOptions(findingId: string) {
    return { subject: findingId, source: ANALYZER_SOURCE, traceId: traceIdOrNew() };
  }

  private toEvents(findingId: string, decision: Exclude<FindingDecision, { kind: 'none' }>): JustFitEvent[] {
    const make = <N extends EventName>(name: N, data: EventDataOf<N>) =>
      newEvent(name, data, this.eventOptions(findingId)) as JustFitEvent;
    switch (decision.kind) {
      case 'raise': {
        const b = decision.body;
        return [
          make('FindingRaised', b),
          make('AlertRaised', {
            alertId: `alert-${findingId}-${b.runId}`,
            findingId,
            severity: alertSeverity(b.riskLevel),
            title: `${b.analysisType}: ${b.entityName}`,
            message: `${b.conclusion} ${b.recommendation}`,
            entityType: b.entityType,
            entityId: b.entityId,
            entityName: b.entityName,
            raisedAt: b.analysedAt,
          }),
        ];
      }
      case 'update':
        return [make('FindingUpdated', decision.body)];
      case 'resolve':
        return [make('FindingResolved', decision.data)];
    }
  }
}
