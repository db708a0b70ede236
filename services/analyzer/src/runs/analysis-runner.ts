import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  type AnalysisType,
  CommandError,
  type CommandReply,
  type EventBus,
  type EventStore,
  type JustFitEvent,
  newEvent,
} from '@justfit/events';
import { BUS, CLICKHOUSE, LOGGER, traceIdOrNew } from '@justfit/service-kit';
import type { ClickHouseClient } from '@justfit/storage';
import type { Logger } from 'pino';
import { decideFinding, findingIdOf } from '../findings/finding';
import { ANALYZER_SOURCE, FindingRepository } from '../findings/finding-repository';
import type { PlacedVm } from '../health/health.rule';
import type { ZombiePolicy } from '../policies/policy';
import type { PolicyRepository } from '../policy-store/policy-repository';
import { EVENT_STORE, POLICIES } from '../tokens';
import { ANALYSES } from './analyses';
import { loadPlacedVms } from './inventory';
import type { Candidate } from './zombie-analysis';

export interface RunRequest {
  analysisType: AnalysisType;
  connectionId?: string;
  entityIds: string[];
  trigger: 'on-demand' | 'data-landed';
  options: Record<string, unknown>;
}

/** Runs one analysis: heavy aggregation in ClickHouse, then each finding's raise/update/resolve through its aggregate. */
@Injectable()
export class AnalysisRunner {
  private readonly findings: FindingRepository;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(BUS) private readonly bus: EventBus,
    @Inject(CLICKHOUSE) private readonly clickhouse: ClickHouseClient,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(POLICIES) private readonly policies: PolicyRepository,
  ) {
    this.findings = new FindingRepository(store);
  }

  /** Runs are serialised within an instance so two runs never race on the same findings. */
  run(request: RunRequest): Promise<CommandReply<'analyzer', 'RunAnalysis'>> {
    const next = this.queue.then(() => this.runNow(request));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async runNow(request: RunRequest): Promise<CommandReply<'analyzer', 'RunAnalysis'>> {
    const runId = `run-${randomUUID()}`;
    const now = Date.now();
    const traceId = traceIdOrNew();
    const publish = (event: JustFitEvent) => this.bus.publish(event);
    await publish(
      newEvent(
        'AnalysisRunRequested',
        {
          runId,
          analysisType: request.analysisType,
          connectionId: request.connectionId,
          entityType: 'vm',
          entityIds: request.entityIds,
          trigger: request.trigger,
          options: request.options,
        },
        { subject: runId, source: ANALYZER_SOURCE, traceId },
      ) as JustFitEvent,
    );

    const type = request.analysisType;
    const policyName = typeof request.options.policy === 'string' ? request.options.policy : undefined;
    const [policy, vms, existing] = await Promise.all([
      this.policies.active(type, policyName),
      this.loadVms(request),
      this.findings.existingIds(),
    ]);
    const analysis = ANALYSES[type] as (typeof ANALYSES)['zombie'];
    const yieldTo = analysis.yieldsTo ? await this.openFindingVms(analysis.yieldsTo, vms, existing) : undefined;
    let candidates: Candidate[];
    try {
      candidates = await analysis.candidates(this.clickhouse, vms, {
        policy: policy as ZombiePolicy,
        now,
        runId,
        connectionId: request.connectionId,
        yieldTo,
      });
    } catch (e) {
      throw new CommandError(1003, `${type} analysis failed: ${(e as Error).message}`);
    }
    if (type === 'health' && request.entityIds.length) {
      const clusters = new Set(request.entityIds);
      candidates = candidates.filter((c) => clusters.has(c.entityId));
    }
    const counts = { raised: 0, updated: 0, resolved: 0, skipped: 0 };
    for (const candidate of candidates) {
      const outcome = await this.applyCandidate(candidate, type, runId, now, existing);
      if (outcome === 'raise') counts.raised++;
      else if (outcome === 'update') counts.updated++;
      else if (outcome === 'resolve') counts.resolved++;
      else if (outcome === 'skipped') counts.skipped++;
    }
    const summary = { runId, analysed: candidates.length - counts.skipped, ...counts };
    await publish(
      newEvent(
        'AnalysisRunCompleted',
        { ...summary, analysisType: request.analysisType, completedAt: Date.now() },
        { subject: runId, source: ANALYZER_SOURCE, traceId },
      ) as JustFitEvent,
    );
    this.logger.info({ ...summary, trigger: request.trigger }, 'analysis run completed');
    return summary;
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
