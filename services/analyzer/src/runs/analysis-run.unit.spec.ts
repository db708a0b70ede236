import { Events, newEvent } from '@justfit/events';
import { describe, expect, it } from 'vitest';
import {
  type AnalysisRunEvent,
  type AnalysisRunState,
  decideCancel,
  decideCompletion,
  decideFailure,
  decideProgress,
  decideStart,
  evolveAnalysisRun,
} from './analysis-run';

const runId = 'run-1';
const at = 1_700_000_000_000;
const requested = newEvent(
  'AnalysisRunRequested',
  { runId, analysisType: 'zombie', entityType: 'vm', entityIds: [], trigger: 'on-demand', options: {} },
  { subject: runId, source: 'test', traceId: 'trace-1' },
) as AnalysisRunEvent;
const started = { runId, analysisType: 'zombie' as const, worker: 'analyzer@test', startedAt: at };
const progress = { runId, progress: 50, currentStep: 1, totalSteps: 2, message: 'reading', at };
const completed = {
  runId,
  analysisType: 'zombie' as const,
  analysed: 3,
  raised: 1,
  updated: 0,
  resolved: 0,
  skipped: 0,
  completedAt: at,
  notes: [],
};
const failed = {
  runId,
  analysisType: 'zombie' as const,
  code: 1003 as const,
  message: 'ClickHouse went away',
  failedAt: at,
};

const after = (...events: AnalysisRunEvent[]): AnalysisRunState =>
  events.reduce(evolveAnalysisRun, { status: 'none' } as AnalysisRunState);
const of = <N extends AnalysisRunEvent['type']>(type: N, data: unknown) =>
  ({ ...requested, type, data }) as AnalysisRunEvent;

describe('analysis run - one lifecycle like a collection', () => {
  it('analysis run - a requested run starts once, runs, and ends completed', () => {
    const state = after(requested);
    expect(decideStart(state, started)).toEqual(started);
    const running = after(requested, of(Events.AnalysisRunStarted.type, started));
    expect(running.status).toBe('running');
    expect(decideStart(running, started)).toBeUndefined();
    expect(decideProgress(running, progress)).toEqual(progress);
    expect(decideCompletion(running, completed)).toEqual(completed);
  });

  it('analysis run - a run ends once: after completing it neither fails, progresses nor completes again', () => {
    const done = after(requested, of(Events.AnalysisRunCompleted.type, completed));
    expect(done.status).toBe('completed');
    expect(decideFailure(done, failed)).toBeUndefined();
    expect(decideProgress(done, progress)).toBeUndefined();
    expect(decideCompletion(done, completed)).toBeUndefined();
  });

  it('analysis run - a failed run stays failed, and a run never requested cannot start or end', () => {
    const broken = after(requested, of(Events.AnalysisRunFailed.type, failed));
    expect(broken.status).toBe('failed');
    expect(decideCompletion(broken, completed)).toBeUndefined();
    const none = after();
    expect(() => decideStart(none, started)).toThrow(/never requested/);
    expect(() => decideFailure(none, failed)).toThrow(/never requested/);
  });

  it('analysis run - a run not ended is cancelled; a cancelled run neither completes nor is cancelled again', () => {
    const cancel = { runId, analysisType: 'zombie' as const, reason: 'not needed', cancelledAt: at };
    expect(decideCancel(after(requested), cancel)).toEqual(cancel);
    const stopped = after(requested, of(Events.AnalysisRunCancelled.type, cancel));
    expect(stopped.status).toBe('cancelled');
    expect(decideCompletion(stopped, completed)).toBeUndefined();
    expect(() => decideCancel(stopped, cancel)).toThrow(/already cancelled/);
    expect(() => decideCancel(after(), cancel)).toThrow(/does not exist/);
  });
});
