import {
  AnalysisType,
  commandHandler,
  type EventDataOf,
  type EventStore,
  type FindingBody,
  newEvent,
} from '@justfit/events';
import { traceIdOrNew } from '@justfit/service-kit';
import {
  alertSeverity,
  decideWithdrawal,
  type FindingDecision,
  type FindingEvent,
  type FindingEventName,
  findingAggregate,
  findingIdOf,
  type FindingState,
} from './finding';

export const ANALYZER_SOURCE = '/justfit/analyzer';

export type AppliedDecision = FindingDecision['kind'];

const findings = commandHandler(findingAggregate);

/** Reads a finding aggregate, lets the caller decide, and appends the outcome through the one command handler. */
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
      const { state } = await findings.load(this.store, findingId);
      if (state.finding.status === 'open') open.push(state.finding.body);
    }
    return open;
  }

  /** A raised finding and its alert are one decision, stored atomically: neither exists without the other. */
  async apply(findingId: string, decide: (state: FindingState) => FindingDecision): Promise<AppliedDecision> {
    let kind: AppliedDecision = 'none';
    await findings.handle(this.store, findingId, (state) => {
      const decision = decide(state.finding);
      kind = decision.kind;
      return decision.kind === 'none' ? [] : this.toEvents(findingId, decision);
    });
    return kind;
  }

  /** Marks one of the finding's alerts; `decide` gives undefined when the mark changes nothing. */
  async markAlert(
    findingId: string,
    decide: (state: {
      alerts: ReadonlyMap<string, { read: boolean; resolved: boolean }>;
    }) => EventDataOf<'AlertMarked'> | undefined,
  ): Promise<void> {
    await findings.handle(this.store, findingId, (state) => {
      const marked = decide(state);
      return marked ? [this.make(findingId, 'AlertMarked', marked)] : [];
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
      const { newEvents } = await findings.handle(this.store, findingId, (state) => {
        const data = decideWithdrawal(state.finding, { findingId, connectionId, now: Date.now(), reason });
        return data ? [this.make(findingId, 'FindingWithdrawn', data)] : [];
      });
      if (newEvents.length) withdrawn++;
    }
    return withdrawn;
  }

  private make<N extends FindingEventName>(findingId: string, name: N, data: EventDataOf<N>): FindingEvent {
    return newEvent(name, data, {
      subject: findingId,
      source: ANALYZER_SOURCE,
      traceId: traceIdOrNew(),
    }) as FindingEvent;
  }

  private toEvents(findingId: string, decision: Exclude<FindingDecision, { kind: 'none' }>): FindingEvent[] {
    switch (decision.kind) {
      case 'raise': {
        const b = decision.body;
        return [
          this.make(findingId, 'FindingRaised', b),
          this.make(findingId, 'AlertRaised', {
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
        return [this.make(findingId, 'FindingUpdated', decision.body)];
      case 'resolve':
        return [this.make(findingId, 'FindingResolved', decision.data)];
    }
  }
}
