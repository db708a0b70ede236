import { Events, newEvent } from '@justfit/events';
import { describe, expect, it } from 'vitest';
import {
  type BulkAnalysisEvent,
  type BulkAnalysisState,
  decideBulkCompletion,
  decideBulkProgress,
  decideBulkRequest,
  evolveBulkAnalysis,
} from './bulk-analysis';

const bulkId = 'bulk-1';
const opts = { subject: bulkId, source: 'test', traceId: 'trace-1' };
const request = {
  bulkId,
  analysisType: 'zombie' as const,
  connectionIds: ['conn-a', 'conn-b'],
  runIds: ['run-a', 'run-b'],
  options: {},
};
const completion = { bulkId, analysisType: 'zombie' as const, succeeded: 2, failed: 0, cancelled: 0, completedAt: 1 };
const after = (...events: BulkAnalysisEvent[]) =>
  events.reduce(evolveBulkAnalysis, { status: 'none' } as BulkAnalysisState);

describe('bulk analysis - a parent task of one run per connection', () => {
  it('bulk analysis - a bulk names one child per connection, tells progress while open, and ends once', () => {
    expect(decideBulkRequest(after(), request)).toEqual(request);
    expect(() => decideBulkRequest(after(), { ...request, runIds: ['run-a'] })).toThrow(/one child run per connection/);
    const open = after(newEvent('BulkAnalysisRequested', request, opts));
    const progress = { bulkId, ended: 1, total: 2, message: '1 of 2', at: 1 };
    expect(decideBulkProgress(open, progress)).toEqual(progress);
    const done = after(
      newEvent('BulkAnalysisRequested', request, opts),
      newEvent('BulkAnalysisCompleted', completion, opts),
    );
    expect(done.status).toBe('completed');
    expect(decideBulkProgress(done, progress)).toBeUndefined();
    expect(decideBulkCompletion(done, completion)).toBeUndefined();
    expect(Events.BulkAnalysisCompleted.stream).toBe('FINDINGS');
  });
});
