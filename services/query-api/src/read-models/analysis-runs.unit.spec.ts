import { newEvent } from '@justfit/events';
import { describe, expect, it } from 'vitest';
import { evolveAnalysisRunRow } from './analysis-runs';

const runId = 'run-1';
const opts = { subject: runId, source: 'test', traceId: 'trace-1' };
const requested = newEvent(
  'AnalysisRunRequested',
  { runId, analysisType: 'tidal', entityType: 'vm', entityIds: [], trigger: 'data-landed', options: {} },
  opts,
);
const started = newEvent('AnalysisRunStarted', { runId, analysisType: 'tidal', worker: 'a@h', startedAt: 10 }, opts);
const progressed = newEvent(
  'AnalysisRunProgressed',
  { runId, progress: 40, currentStep: 2, totalSteps: 5, message: 'deciding findings', at: 11 },
  opts,
);
const failed = newEvent(
  'AnalysisRunFailed',
  { runId, analysisType: 'tidal', code: 1003, message: 'ClickHouse went away', failedAt: 12 },
  opts,
);

describe('analysis runs read model - a run as a task', () => {
  it('analysis runs read model - requested runs are pending for every connection until an analyzer starts them', () => {
    const row = evolveAnalysisRunRow(undefined, requested)!;
    expect(row).toMatchObject({ runId, status: 'pending', connectionId: '', trigger: 'data-landed', progress: 0 });
    const running = [started, progressed].reduce(evolveAnalysisRunRow, row)!;
    expect(running).toMatchObject({ status: 'running', worker: 'a@h', startedAt: 10, progress: 40 });
  });

  it('analysis runs read model - a failed run keeps its code, and a late progress event does not revive it', () => {
    const row = [started, failed, progressed].reduce(evolveAnalysisRunRow, evolveAnalysisRunRow(undefined, requested))!;
    expect(row).toMatchObject({ status: 'failed', errorCode: 1003, finishedAt: 12, message: 'ClickHouse went away' });
  });
});
