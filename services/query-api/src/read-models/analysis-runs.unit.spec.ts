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

  it('analysis runs read model - a bulk analysis is a row that ends failed when a child did not succeed', () => {
    const bulk = { subject: 'bulk-1', source: 'test', traceId: 'trace-1' };
    const requestedBulk = newEvent(
      'BulkAnalysisRequested',
      { bulkId: 'bulk-1', analysisType: 'zombie', connectionIds: ['a', 'b'], runIds: ['run-a', 'run-b'], options: {} },
      bulk,
    );
    const progressedBulk = newEvent(
      'BulkAnalysisProgressed',
      { bulkId: 'bulk-1', ended: 1, total: 2, message: '1 of 2 connections analysed', at: 2 },
      bulk,
    );
    const completedBulk = newEvent(
      'BulkAnalysisCompleted',
      { bulkId: 'bulk-1', analysisType: 'zombie', succeeded: 1, failed: 1, cancelled: 0, completedAt: 3 },
      bulk,
    );
    const row = [progressedBulk, completedBulk].reduce(
      evolveAnalysisRunRow,
      evolveAnalysisRunRow(undefined, requestedBulk),
    )!;
    expect(row).toMatchObject({
      runId: 'bulk-1',
      trigger: 'bulk',
      status: 'failed',
      progress: 100,
      message: '1 succeeded, 1 failed, 0 cancelled',
      finishedAt: 3,
    });
  });

  it('analysis runs read model - a child run names its bulk analysis', () => {
    const child = newEvent(
      'AnalysisRunRequested',
      {
        runId: 'run-a',
        analysisType: 'zombie',
        entityType: 'vm',
        entityIds: [],
        trigger: 'on-demand',
        options: {},
        parentId: 'bulk-1',
      },
      { subject: 'run-a', source: 'test', traceId: 'trace-1' },
    );
    expect(evolveAnalysisRunRow(undefined, child)).toMatchObject({ runId: 'run-a', parentId: 'bulk-1' });
  });
});
