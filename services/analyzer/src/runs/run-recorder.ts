import { hostname } from 'node:os';
import { CommandError, type EventDataOf, type EventStore, newEvent } from '@justfit/events';
import { ANALYZER_SOURCE } from '../findings/finding-repository';
import {
  type AnalysisRunEvent,
  analysisRuns,
  type AnalysisRunState,
  decideCancel,
  decideCompletion,
  decideFailure,
  decideProgress,
  decideRequest,
  decideStart,
} from './analysis-run';

type RunEventName =
  | 'AnalysisRunRequested'
  | 'AnalysisRunStarted'
  | 'AnalysisRunProgressed'
  | 'AnalysisRunCompleted'
  | 'AnalysisRunFailed'
  | 'AnalysisRunCancelled';

/** Who runs an analysis, as a task's worker (like a collector's). */
const WORKER = `analyzer@${hostname()}:${process.pid}`;

/**
 * Writes one run's lifecycle through its aggregate, holding the state and revision it wrote last so each step is one
 * append (another writer in between makes the handler read and decide again).
 */
export class RunRecorder {
  private known?: { state: AnalysisRunState; revision: number };

  constructor(
    private readonly store: EventStore,
    readonly runId: string,
    private readonly traceId: string,
  ) {}

  request(data: EventDataOf<'AnalysisRunRequested'>): Promise<void> {
    return this.record('AnalysisRunRequested', (state) => decideRequest(state, data));
  }

  started(analysisType: EventDataOf<'AnalysisRunStarted'>['analysisType']): Promise<void> {
    const data = { runId: this.runId, analysisType, worker: WORKER, startedAt: Date.now() };
    return this.record('AnalysisRunStarted', (state) => decideStart(state, data));
  }

  progressed(currentStep: number, totalSteps: number, message: string): Promise<void> {
    const progress = Math.round((1000 * Math.min(currentStep, totalSteps)) / totalSteps) / 10;
    const data = { runId: this.runId, progress, currentStep, totalSteps, message, at: Date.now() };
    return this.record('AnalysisRunProgressed', (state) => decideProgress(state, data));
  }

  completed(data: EventDataOf<'AnalysisRunCompleted'>): Promise<void> {
    return this.record('AnalysisRunCompleted', (state) => decideCompletion(state, data));
  }

  failed(analysisType: EventDataOf<'AnalysisRunFailed'>['analysisType'], error: unknown): Promise<void> {
    const data = {
      runId: this.runId,
      analysisType,
      code: error instanceof CommandError ? error.code : (1003 as const),
      message: error instanceof Error ? error.message : String(error),
      failedAt: Date.now(),
    };
    return this.record('AnalysisRunFailed', (state) => decideFailure(state, data));
  }

  cancelled(analysisType: EventDataOf<'AnalysisRunCancelled'>['analysisType'], reason: string): Promise<void> {
    const data = { runId: this.runId, analysisType, reason, cancelledAt: Date.now() };
    return this.record('AnalysisRunCancelled', (state) => decideCancel(state, data));
  }

  private async record<N extends RunEventName>(
    name: N,
    decide: (state: AnalysisRunState) => EventDataOf<N> | undefined,
  ): Promise<void> {
    const result = await analysisRuns.handle(
      this.store,
      this.runId,
      (state) => {
        const data = decide(state);
        if (!data) return [];
        return [
          newEvent(name, data, { subject: this.runId, source: ANALYZER_SOURCE, traceId: this.traceId }),
        ] as AnalysisRunEvent[];
      },
      this.known ? { known: this.known } : {},
    );
    this.known = { state: result.newState, revision: result.revision };
  }
}
