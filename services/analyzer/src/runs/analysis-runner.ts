import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import {
  type AnalysisType,
  cancelAnalysisRunSubject,
  cancelAnalysisRunSubjects,
  CommandError,
  type CommandReply,
  decodeMessage,
  encodeMessage,
  type EventBus,
  type EventStore,
  type SettingsView,
} from '@justfit/events';
import { BUS, CLICKHOUSE, LOGGER, METRICS, type ServiceMetrics, traceIdOrNew } from '@justfit/service-kit';
import { Histogram } from 'prom-client';
import { type ClickHouseClient, newestSampleHours } from '@justfit/storage';
import type { Logger } from 'pino';
import { decideFinding, findingIdOf } from '../findings/finding';
import { FindingRepository } from '../findings/finding-repository';
import type { PlacedVm } from '../estate/vm';
import type { ZombiePolicy } from '../policies/policy';
import type { PolicyRepository } from '../policy-store/policy-repository';
import { EVENT_STORE, POLICIES, SETTINGS } from '../tokens';
import { ANALYSES, type RunArgs } from './analyses';
import { analysisRuns, decideCancel, ended } from './analysis-run';
import { BulkRecorder } from './bulk-recorder';
import { RunRecorder } from './run-recorder';
import { loadPlacedVms } from './inventory';
import type { Candidate } from '../candidates/finding-candidate';

/** A stop request gathers the analyzers' answers until none came for CANCEL_STALL_MS, CANCEL_ANSWERS_MS at most. */
const CANCEL_STALL_MS = 300;
const CANCEL_ANSWERS_MS = 2_000;
/** An analyzer looks for abandoned runs this long after it started (the others answer by then). */
const RECOVERY_DELAY_MS = 15_000;
/** Only runs requested this long ago count: one just requested may not be held by its analyzer for a moment. */
const ABANDONED_AFTER_MS = 60_000;
/** How long a stop waits for the analyzer holding the run to reach a stopping point and end it. */
const CANCEL_END_MS = 20_000;

interface LocalRun {
  done: Promise<void>;
  cancelled?: string;
}

/** Thrown at a stopping point of a run that was asked to stop. */
class RunCancelled extends Error {
  constructor(readonly reason: string) {
    super(`cancelled: ${reason}`);
  }
}

/** What a caller waiting for a run hears when it was stopped: 409, as for any task that can no longer do its work. */
class RunWasCancelled extends CommandError {
  constructor(runId: string, reason: string) {
    super(409, `analysis run ${runId} was cancelled: ${reason}`);
  }
}

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
  /** The bulk analysis this run is a child of. */
  parentId?: string;
}

/** Runs one analysis: heavy aggregation in ClickHouse, then each finding's raise/update/resolve through its aggregate. */
@Injectable()
export class AnalysisRunner implements OnModuleInit, OnModuleDestroy, OnApplicationBootstrap {
  private readonly findings: FindingRepository;
  private queue: Promise<unknown> = Promise.resolve();
  /** Runs this instance queued or runs, and the reason each was asked to stop for, if it was. */
  private readonly local = new Map<string, LocalRun>();
  private cancelRequests?: ReturnType<EventBus['nc']['subscribe']>;
  private recovery?: NodeJS.Timeout;
  private readonly durations: Histogram<'analysis_type' | 'outcome'>;

  constructor(
    @Inject(CLICKHOUSE) private readonly clickhouse: ClickHouseClient,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(POLICIES) private readonly policies: PolicyRepository,
    @Inject(SETTINGS) private readonly settings: SettingsView,
    @Inject(METRICS) metrics: ServiceMetrics,
    @Inject(BUS) private readonly bus: EventBus,
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

  /** Runs an analysis and answers with what it did once it is done. */
  async run(request: RunRequest): Promise<CommandReply<'analyzer', 'RunAnalysis'>> {
    const recorder = await this.request(request);
    return this.enqueue(recorder, request);
  }

  /**
   * Starts an analysis as a task: answers once the run is requested; its start, progress and end are events of the
   * run. A run that fails is recorded failed (the caller follows it on the task subscriptions).
   */
  async start(request: RunRequest): Promise<{ runId: string }> {
    const recorder = await this.request(request);
    this.enqueue(recorder, request).catch((e: unknown) =>
      this.logger.warn({ err: e, runId: recorder.runId }, 'analysis run failed'),
    );
    return { runId: recorder.runId };
  }

  /**
   * One analysis over many connections: a bulk task whose children are one run per connection, queued one after the
   * other. The bulk tells how many children have ended and completes once all have, with how each ended.
   */
  async startBulk(request: {
    analysisType: AnalysisType;
    connectionIds: string[];
    asOf?: number;
    options: Record<string, unknown>;
  }): Promise<{ bulkId: string; runIds: string[] }> {
    const bulkId = `bulk-${randomUUID()}`;
    const traceId = traceIdOrNew();
    const connectionIds = [...new Set(request.connectionIds)];
    const runIds = connectionIds.map(() => `run-${randomUUID()}`);
    const bulk = new BulkRecorder(this.store, bulkId, traceId);
    await bulk.request({ bulkId, ...request, connectionIds, runIds });
    const children = connectionIds.map((connectionId, i) => ({
      recorder: new RunRecorder(this.store, runIds[i]!, traceId),
      request: { ...request, connectionId, entityIds: [], trigger: 'on-demand' as const, parentId: bulkId },
    }));
    for (const child of children) await child.recorder.request(this.requestedData(child.request, child.recorder.runId));
    const outcomes = { succeeded: 0, failed: 0, cancelled: 0 };
    const settled = children.map(async ({ recorder, request: childRequest }) => {
      try {
        await this.enqueue(recorder, childRequest);
        outcomes.succeeded++;
      } catch (e) {
        if (e instanceof RunWasCancelled) outcomes.cancelled++;
        else outcomes.failed++;
      }
      const ended = outcomes.succeeded + outcomes.failed + outcomes.cancelled;
      await bulk.progressed(ended, children.length, `${ended} of ${children.length} connections analysed`);
    });
    void Promise.all(settled)
      .then(() => bulk.completed({ bulkId, analysisType: request.analysisType, ...outcomes, completedAt: Date.now() }))
      .catch((err: unknown) => this.logger.error({ err, bulkId }, 'could not record the end of a bulk analysis'));
    return { bulkId, runIds };
  }

  private requestedData(request: RunRequest, runId: string) {
    return {
      runId,
      analysisType: request.analysisType,
      connectionId: request.connectionId,
      entityType: 'vm' as const,
      entityIds: request.entityIds,
      trigger: request.trigger,
      asOf: request.asOf,
      options: request.options,
      parentId: request.parentId,
    };
  }

  private async request(request: RunRequest): Promise<RunRecorder> {
    const runId = `run-${randomUUID()}`;
    const recorder = new RunRecorder(this.store, runId, traceIdOrNew());
    await recorder.request(this.requestedData(request, runId));
    return recorder;
  }

  /** Runs are serialised within an instance so two runs never race on the same findings. */
  private enqueue(recorder: RunRecorder, request: RunRequest): Promise<CommandReply<'analyzer', 'RunAnalysis'>> {
    const { runId } = recorder;
    const local: LocalRun = { done: Promise.resolve() };
    this.local.set(runId, local);
    const next = this.queue.then(async () => {
      const stop = this.durations.startTimer({ analysis_type: request.analysisType });
      try {
        this.checkCancelled(runId);
        await recorder.started(request.analysisType);
        const summary = await this.runNow(recorder, request);
        stop({ outcome: 'completed' });
        return summary;
      } catch (e) {
        stop({ outcome: e instanceof RunCancelled ? 'cancelled' : 'failed' });
        const ending =
          e instanceof RunCancelled
            ? recorder.cancelled(request.analysisType, e.reason)
            : recorder.failed(request.analysisType, e);
        await ending.catch((err: unknown) => this.logger.error({ err, runId }, 'could not record the end of a run'));
        throw e instanceof RunCancelled ? new RunWasCancelled(runId, e.reason) : e;
      } finally {
        this.local.delete(runId);
      }
    });
    local.done = next.then(
      () => undefined,
      () => undefined,
    );
    this.queue = local.done;
    return next;
  }

  /**
   * Stops a run that has not ended: here if this instance queued it, else on the instance that did; a run no analyzer
   * holds (its instance stopped) is ended here. Answers once the run has ended cancelled.
   */
  async stop(runId: string, reason: string): Promise<void> {
    const { state } = await analysisRuns.load(this.store, runId);
    if (state.status === 'none') throw new CommandError(404, `analysis run ${runId} does not exist`);
    decideCancel(state, { runId, analysisType: state.analysisType, reason, cancelledAt: Date.now() });
    const here = this.cancelHere(runId, reason);
    if (here) return here;
    if (await this.heldElsewhere(runId, reason)) return this.awaitEnd(runId);
    await new RunRecorder(this.store, runId, traceIdOrNew()).cancelled(
      state.analysisType,
      `${reason} (no analyzer held the run any more)`,
    );
  }

  /** Marks a run this instance queued or runs as cancelled; it ends at its next stopping point. */
  private cancelHere(runId: string, reason: string): Promise<void> | undefined {
    const local = this.local.get(runId);
    if (!local) return undefined;
    local.cancelled ??= reason;
    return local.done;
  }

  /** Asks every other analyzer; each answers whether it holds the run (and, unless onlyAsk, the holder stops it). */
  private async heldElsewhere(runId: string, reason: string, onlyAsk = false): Promise<boolean> {
    const request = encodeMessage('CancelAnalysisRun', { runId, reason, onlyAsk });
    try {
      const answers = await this.bus.nc.requestMany(cancelAnalysisRunSubject(runId), request, {
        strategy: 'stall',
        stall: CANCEL_STALL_MS,
        maxWait: CANCEL_ANSWERS_MS,
      });
      let held = false;
      for await (const answer of answers) if (answer.string() === 'held') held = true;
      return held;
    } catch {
      return false; // no analyzer answers
    }
  }

  /** Waits until the instance holding a run has ended it. */
  private async awaitEnd(runId: string): Promise<void> {
    const deadline = Date.now() + CANCEL_END_MS;
    while (Date.now() < deadline) {
      if (ended((await analysisRuns.load(this.store, runId)).state)) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new CommandError(408, `the analyzer holding analysis run ${runId} has not stopped it yet`);
  }

  /** Every instance hears stop requests and says whether it holds the run; the one that does stops it. */
  onModuleInit(): void {
    this.cancelRequests = this.bus.nc.subscribe(cancelAnalysisRunSubjects, {
      callback: (err, msg) => {
        if (err) return;
        let request;
        try {
          request = decodeMessage('CancelAnalysisRun', msg.string());
        } catch (e) {
          this.logger.warn({ err: e, subject: msg.subject }, 'ignored a malformed stop request');
          return;
        }
        const held = request.onlyAsk ? this.local.has(request.runId) : this.cancelHere(request.runId, request.reason);
        msg.respond(held ? 'held' : 'not-held');
      },
    });
  }

  onModuleDestroy(): void {
    this.cancelRequests?.unsubscribe();
    clearTimeout(this.recovery);
  }

  /** Looks for abandoned runs once the other analyzers have had time to start and answer. */
  onApplicationBootstrap(): void {
    this.recovery = setTimeout(() => {
      this.recoverAbandoned().catch((err: unknown) => this.logger.warn({ err }, 'could not look for abandoned runs'));
    }, RECOVERY_DELAY_MS);
    this.recovery.unref();
  }

  /**
   * Runs live in the memory of the analyzer that requested them: one whose analyzer stopped before it ended would stay
   * open for ever. Every run still open in the read model, requested a while ago and held by no analyzer, is recorded
   * failed (retryTask runs it again). Answers with the runs it ended.
   */
  async recoverAbandoned(now = Date.now()): Promise<string[]> {
    const rs = await this.clickhouse.query({
      query: `SELECT run_id AS runId, analysis_type AS analysisType FROM analysis_runs FINAL
        WHERE status IN ('pending', 'running') AND trigger != 'bulk'
          AND toUnixTimestamp64Milli(requested_at) < {before:Int64}`,
      query_params: { before: now - ABANDONED_AFTER_MS },
      format: 'JSONEachRow',
    });
    const open = await rs.json<{ runId: string; analysisType: AnalysisType }>();
    const recorded: string[] = [];
    for (const { runId, analysisType } of open) {
      if (this.local.has(runId) || (await this.heldElsewhere(runId, 'abandoned?', true))) continue;
      // The read model may lag behind the run's end.
      if (ended((await analysisRuns.load(this.store, runId)).state)) continue;
      const abandoned = new CommandError(
        1003,
        'its analyzer stopped before the run ended; run it again with retryTask',
      );
      await new RunRecorder(this.store, runId, traceIdOrNew()).failed(analysisType, abandoned);
      recorded.push(runId);
    }
    if (recorded.length) this.logger.warn({ runs: recorded }, 'recorded abandoned analysis runs as failed');
    return recorded;
  }

  /** Throws at a point where a run may stop when it was asked to. */
  private checkCancelled(runId: string): void {
    const reason = this.local.get(runId)?.cancelled;
    if (reason !== undefined) throw new RunCancelled(reason);
  }

  /** Withdraws a connection's findings once the runs queued before have finished (they could raise some). */
  withdraw(connectionId: string, reason: string): Promise<number> {
    const next = this.queue.then(() => this.findings.withdrawConnection(connectionId, reason));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async runNow(recorder: RunRecorder, request: RunRequest): Promise<CommandReply<'analyzer', 'RunAnalysis'>> {
    const { runId } = recorder;
    const now = Date.now();
    const type = request.analysisType;
    const policyName = typeof request.options.policy === 'string' ? request.options.policy : undefined;
    const [policy, vms, existing] = await Promise.all([
      this.policies.active(type, policyName),
      this.loadVms(request),
      this.findings.existingIds(),
    ]);
    const analysis = ANALYSES[type] as (typeof ANALYSES)['zombie'];
    const yieldTo = analysis.yieldsTo ? await this.openFindingVms(analysis.yieldsTo, vms, existing) : undefined;
    const { candidates, notes } = await this.analyseEachConnection(request, vms, recorder, {
      policy: policy as ZombiePolicy,
      prices: this.settings.current().currencyAndPrices,
      now,
      runId,
      yieldTo,
    });
    for (const { defect, entityId } of candidates) {
      if (defect)
        this.logger.error({ runId, analysisType: type, entityId, defect }, 'skipped an entity: a JustFit defect');
    }
    const counts = { raised: 0, updated: 0, resolved: 0, skipped: 0 };
    const deciding = decisionProgress(recorder, candidates.length);
    for (const [index, candidate] of candidates.entries()) {
      this.checkCancelled(runId);
      await deciding(index);
      const outcome = await this.applyCandidate(candidate, type, runId, now, existing);
      if (outcome === 'raise') counts.raised++;
      else if (outcome === 'update') counts.updated++;
      else if (outcome === 'resolve') counts.resolved++;
      else if (outcome === 'skipped') counts.skipped++;
    }
    const summary = { runId, analysed: candidates.length - counts.skipped, ...counts, notes };
    await recorder.completed({ ...summary, analysisType: request.analysisType, completedAt: Date.now() });
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
    recorder: RunRecorder,
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
    const ordered = [...connections].sort();
    for (const [index, connectionId] of ordered.entries()) {
      this.checkCancelled(args.runId);
      // Reading is the first half of a run, deciding the findings the second.
      await recorder.progressed(index, 2 * ordered.length, `reading ${connectionId}`);
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

/** How many progress events the deciding half of a run tells at most (each is an append to the run). */
const DECISION_STEPS = 10;

/** Tells the run's progress while its findings are decided, about every tenth of them. */
function decisionProgress(recorder: RunRecorder, total: number): (index: number) => Promise<void> {
  const every = Math.max(1, Math.ceil(total / DECISION_STEPS));
  return async (index) => {
    if (index % every !== 0) return;
    const step = Math.floor(index / every);
    const steps = Math.ceil(total / every);
    await recorder.progressed(steps + step, 2 * steps, `deciding findings: ${index} of ${total}`);
  };
}
