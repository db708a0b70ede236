import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  type AnalysisType,
  CommandError,
  type CommandReply,
  type EventDataOf,
  type EventStore,
  newEvent,
  type SettingsView,
} from '@justfit/events';
import { CLICKHOUSE, LOGGER, METRICS, type ServiceMetrics, traceIdOrNew } from '@justfit/service-kit';
import { Histogram } from 'prom-client';
import { type ClickHouseClient, newestSampleHours } from '@justfit/storage';
import type { Logger } from 'pino';
import { decideFinding, findingIdOf } from '../findings/finding';
import { ANALYZER_SOURCE, FindingRepository } from '../findings/finding-repository';
import type { PlacedVm } from '../estate/vm';
import type { ZombiePolicy } from '../policies/policy';
import type { PolicyRepository } from '../policy-store/policy-repository';
import { EVENT_STORE, POLICIES, SETTINGS } from '../tokens';
import { ANALYSES, type RunArgs } from './analyses';
import { type AnalysisRunEvent, analysisRuns, decideCompletion, decideRequest } from './analysis-run';
import { loadPlacedVms } from './inventory';
import type { Candidate } from '../candidates/finding-candidate';

const isoMinute = (ms: number) => `${new Date(ms).toISOString().slice(0, 16)}Z`;

/** What one connection's part of a run read, and what it could not analyse and why (counted by reason). */
export function windowNote(connectionId: string, lookbackDays: number, asOf: number, found: Candidate[]): string {
  const window = `the ${lookbackDays} days up to ${isoMinute(asOf)}`;
  const skipped = new Map<string, number>();
  for (const c of found) if (c.skipped) skipped.set(c.skipped, (skipped.get(c.skipped) ?? 0) + 1);
  const analysed = found.length - [...skipped.values()].reduce((a, b) => a + b, 0);
  if (found.length === 0) return `${connectionId}: nothing to analyse in ${window}`;
  const reasons = [...skipped].map(([reason, n]) => `${reason} (${n})`).join(', ');
  if (analysed === 0) return `${connectionId}: nothing could be analysed in ${window}: ${reasons}`;
  return `${connectionId}: ${analysed} analysed in ${window}` + (reasons ? `; skipped: ${reasons}` : '');
}

export interface RunRequest {
  analysisType: AnalysisType;
  connectionId?: string;
  entityIds: string[];
  trigger: 'on-demand' | 'data-landed';
  /** End of the window; by default each connection's newest sample. */
  asOf?: number;
  options: Record<string, unknown>;
}

/** Runs one analysis: heavy aggregation in ClickHouse, then each finding's raise/update/resolve through its aggregate. */
@Injectable()
export class AnalysisRunner {
  private readonly findings: FindingRepository;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly durations: Histogram<'analysis_type' | 'outcome'>;

  constructor(
    @Inject(CLICKHOUSE) private readonly clickhouse: ClickHouseClient,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(POLICIES) private readonly policies: PolicyRepository,
    @Inject(SETTINGS) private readonly settings: SettingsView,
    @Inject(METRICS) metrics: ServiceMetrics,
  ) {
    this.findings = new FindingRepository(store);
    this.durations = new Histogram({
      name: 'justfit_analysis_duration_seconds',
      help: 'Time an analysis run takes (reading, deciding and storing its findings), by analysis and outcome.',
      labelNames: ['analysis_type', 'outcome'] as const,
      buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900],
      registers: [metrics.registry],
    });
  }

  /** Runs are serialised within an instance so two runs never race on the same findings. */
  run(request: RunRequest): Promise<CommandReply<'analyzer', 'RunAnalysis'>> {
    const next = this.queue.then(async () => {
      const stop = this.durations.startTimer({ analysis_type: request.analysisType });
      try {
        const summary = await this.runNow(request);
        stop({ outcome: 'completed' });
        return summary;
      } catch (e) {
        stop({ outcome: 'failed' });
        throw e;
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Withdraws a connection's findings once the runs queued before have finished (they could raise some). */
  withdraw(connectionId: string, reason: string): Promise<number> {
    const next = this.queue.then(() => this.findings.withdrawConnection(connectionId, reason));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async runNow(request: RunRequest): Promise<CommandReply<'analyzer', 'RunAnalysis'>> {
    const runId = `run-${randomUUID()}`;
    const now = Date.now();
    const traceId = traceIdOrNew();
    const runEvent = <N extends 'AnalysisRunRequested' | 'AnalysisRunCompleted'>(name: N, data: EventDataOf<N>) =>
      newEvent(name, data, { subject: runId, source: ANALYZER_SOURCE, traceId }) as AnalysisRunEvent;
    const requested = {
      runId,
      analysisType: request.analysisType,
      connectionId: request.connectionId,
      entityType: 'vm' as const,
      entityIds: request.entityIds,
      trigger: request.trigger,
      asOf: request.asOf,
      options: request.options,
    };
    const run = await analysisRuns.handle(this.store, runId, (state) => [
      runEvent('AnalysisRunRequested', decideRequest(state, requested)),
    ]);

    const type = request.analysisType;
    const policyName = typeof request.options.policy === 'string' ? request.options.policy : undefined;
    const [policy, vms, existing] = await Promise.all([
      this.policies.active(type, policyName),
      this.loadVms(request),
      this.findings.existingIds(),
    ]);
    const analysis = ANALYSES[type] as (typeof ANALYSES)['zombie'];
    const yieldTo = analysis.yieldsTo ? await this.openFindingVms(analysis.yieldsTo, vms, existing) : undefined;
    const { candidates, notes } = await this.analyseEachConnection(request, vms, {
      policy: policy as ZombiePolicy,
      prices: this.settings.current().currencyAndPrices,
      now,
      runId,
      yieldTo,
    });
    const counts = { raised: 0, updated: 0, resolved: 0, skipped: 0 };
    for (const candidate of candidates) {
      const outcome = await this.applyCandidate(candidate, type, runId, now, existing);
      if (outcome === 'raise') counts.raised++;
      else if (outcome === 'update') counts.updated++;
      else if (outcome === 'resolve') counts.resolved++;
      else if (outcome === 'skipped') counts.skipped++;
    }
    const summary = { runId, analysed: candidates.length - counts.skipped, ...counts, notes };
    const completed = { ...summary, analysisType: request.analysisType, completedAt: Date.now() };
    await analysisRuns.handle(
      this.store,
      runId,
      (state) => {
        const data = decideCompletion(state, completed);
        return data ? [runEvent('AnalysisRunCompleted', data)] : [];
      },
      { known: { state: run.newState, revision: run.revision } },
    );
    this.logger.info({ ...summary, trigger: request.trigger }, 'analysis run completed');
    return summary;
  }

  /**
   * Runs the analysis connection by connection, each on the window that ends at its newest sample (or at the
   * caller's `asOf`), so an export from last quarter is analysed like fresh data; says in the notes what was read and
   * what could not be analysed.
   */
  private async analyseEachConnection(
    request: RunRequest,
    vms: PlacedVm[],
    args: Omit<RunArgs<'zombie'>, 'asOf' | 'connectionId'>,
  ): Promise<{ candidates: Candidate[]; notes: string[] }> {
    const type = request.analysisType;
    const analysis = ANALYSES[type] as (typeof ANALYSES)['zombie'];
    const newest = await newestSampleHours(this.clickhouse, request.connectionId);
    // Health judges clusters, whose hosts may report without a VM in the run; the VM analyses judge the run's VMs.
    const connections = request.connectionId
      ? new Set([request.connectionId])
      : new Set([...vms.map((vm) => vm.connectionId), ...(type === 'health' ? newest.keys() : [])]);
    const candidates: Candidate[] = [];
    const notes: string[] = [];
    for (const connectionId of [...connections].sort()) {
      const own = vms.filter((vm) => vm.connectionId === connectionId);
      const asOf = request.asOf ?? newest.get(connectionId);
      if (asOf === undefined) {
        notes.push(`${connectionId}: no samples have been loaded; nothing to analyse`);
        continue;
      }
      let found: Candidate[];
      try {
        found = await analysis.candidates(this.clickhouse, own, { ...args, asOf, connectionId });
      } catch (e) {
        throw new CommandError(1003, `${type} analysis of ${connectionId} failed: ${(e as Error).message}`);
      }
      if (type === 'health' && request.entityIds.length) {
        const clusters = new Set(request.entityIds);
        found = found.filter((c) => clusters.has(c.entityId));
      }
      candidates.push(...found);
      notes.push(windowNote(connectionId, args.policy.lookbackDays, asOf, found));
    }
    return { candidates, notes };
  }

  private async applyCandidate(
    candidate: Candidate,
    analysisType: AnalysisType,
    runId: string,
    now: number,
    existing: Set<string>,
  ) {
    if (candidate.skipped) return 'skipped' as const;
    // Nothing to raise and nothing raised before: no need to read the (empty) aggregate. On a large estate that is
    // most VMs, each a round trip to JetStream otherwise. A finding raised by another instance after the listing is
    // resolved by the next run, as it would be had it been raised just after this one.
    if (!candidate.body && !existing.has(candidate.findingId)) return 'none' as const;
    return this.findings.apply(candidate.findingId, (state) =>
      decideFinding(state, candidate.body, {
        findingId: candidate.findingId,
        analysisType,
        entityId: candidate.entityId,
        runId,
        now,
        reason: candidate.resolvedBecause ?? ANALYSES[analysisType].resolvedBecause,
      }),
    );
  }

  /** `connectionId/vmId` of those of the run's VMs that have an open finding of `type`. */
  private async openFindingVms(type: AnalysisType, vms: PlacedVm[], existing: Set<string>): Promise<Set<string>> {
    const ids = vms.map((vm) => findingIdOf(type, vm.connectionId, vm.id)).filter((id) => existing.has(id));
    const open = await this.findings.openBodies(ids);
    return new Set(open.map((b) => `${b.connectionId}/${b.entityId}`));
  }

  private async loadVms(request: RunRequest): Promise<PlacedVm[]> {
    const vms = await loadPlacedVms(this.clickhouse, request.connectionId);
    const wanted = new Set(request.entityIds);
    return vms.filter((vm) => request.analysisType === 'health' || wanted.size === 0 || wanted.has(vm.id));
  }
}
