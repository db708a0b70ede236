import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  type AnalysisType, CommandError, type CommandReply, type EventBus, type EventStore, type JustFitEvent, newEvent,
} from '@justfit/events';
import { BUS, CLICKHOUSE, currentTraceId, LOGGER, newTraceId } from '@justfit/service-kit';
import { type ClickHouseClient, listVms } from '@justfit/storage';
import type { Logger } from 'pino';
import { decideFinding } from '../findings/finding';
import { ANALYZER_SOURCE, FindingRepository } from '../findings/finding-repository';
import { DEFAULT_ZOMBIE_POLICY } from '../policies/policy';
import { EVENT_STORE } from '../tokens';
import type { VmFacts } from '../zombie/zombie.rule';
import { type Candidate, zombieCandidates } from './zombie-analysis';

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
    if (request.analysisType !== 'zombie') {
      throw new CommandError(1003, `${request.analysisType} analysis is not available yet; zombie is`);
    }
    const runId = `run-${randomUUID()}`;
    const now = Date.now();
    const traceId = currentTraceId() ?? newTraceId();
    const publish = (event: JustFitEvent) => this.bus.publish(event);
    await publish(newEvent('AnalysisRunRequested', { runId, analysisType: request.analysisType, connectionId: request.connectionId, entityType: 'vm', entityIds: request.entityIds, trigger: request.trigger, options: request.options }, { subject: runId, source: ANALYZER_SOURCE, traceId }) as JustFitEvent);

    const vms = await this.loadVms(request);
    const candidates = await zombieCandidates(this.clickhouse, vms, { policy: DEFAULT_ZOMBIE_POLICY, now, runId, connectionId: request.connectionId });
    const counts = { raised: 0, updated: 0, resolved: 0, skipped: 0 };
    for (const candidate of candidates) {
      const outcome = await this.applyCandidate(candidate, runId, now);
      if (outcome === 'raise') counts.raised++;
      else if (outcome === 'update') counts.updated++;
      else if (outcome === 'resolve') counts.resolved++;
      else if (outcome === 'skipped') counts.skipped++;
    }
    const summary = { runId, analysed: candidates.length - counts.skipped, ...counts };
    await publish(newEvent('AnalysisRunCompleted', { ...summary, analysisType: request.analysisType, completedAt: Date.now() }, { subject: runId, source: ANALYZER_SOURCE, traceId }) as JustFitEvent);
    this.logger.info({ ...summary, trigger: request.trigger }, 'analysis run completed');
    return summary;
  }

  private async applyCandidate(candidate: Candidate, runId: string, now: number) {
    if (candidate.skipped) return 'skipped' as const;
    return this.findings.apply(candidate.findingId, (state) =>
      decideFinding(state, candidate.body, {
        findingId: candidate.findingId, analysisType: 'zombie', entityId: candidate.entityId, runId, now,
        reason: 'the VM is no longer idle',
      }),
    );
  }

  private async loadVms(request: RunRequest): Promise<VmFacts[]> {
    const items = [];
    for (let page = 1; ; page++) {
      const batch = await listVms(this.clickhouse, { connectionId: request.connectionId, page, pageSize: 1000 });
      items.push(...batch.items);
      if (batch.items.length < 1000) break;
    }
    const wanted = new Set(request.entityIds);
    return items
      .filter((vm) => wanted.size === 0 || wanted.has(vm.id))
      .map((vm) => ({
        connectionId: vm.connectionId, id: vm.id, name: vm.name, powerState: vm.powerState, isTemplate: vm.isTemplate,
        cpuCount: vm.cpuCount, memoryMb: vm.memoryMb, diskGb: vm.diskGb, powerStateChangedAt: vm.powerStateChangedAt ?? null,
      }));
  }
}
