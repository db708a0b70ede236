import { type EventDataOf, type EventStore, newEvent } from '@justfit/events';
import { ANALYZER_SOURCE } from '../findings/finding-repository';
import {
  bulkAnalyses,
  type BulkAnalysisEvent,
  type BulkAnalysisState,
  decideBulkCompletion,
  decideBulkProgress,
  decideBulkRequest,
} from './bulk-analysis';

type BulkEventName = 'BulkAnalysisRequested' | 'BulkAnalysisProgressed' | 'BulkAnalysisCompleted';

/** Writes one bulk analysis's lifecycle through its aggregate. */
export class BulkRecorder {
  /** Writes one after the other, so progress is told in the order children end. */
  private writes: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: EventStore,
    readonly bulkId: string,
    private readonly traceId: string,
  ) {}

  request(data: EventDataOf<'BulkAnalysisRequested'>): Promise<void> {
    return this.record('BulkAnalysisRequested', (state) => decideBulkRequest(state, data));
  }

  progressed(ended: number, total: number, message: string): Promise<void> {
    const data = { bulkId: this.bulkId, ended, total, message, at: Date.now() };
    return this.record('BulkAnalysisProgressed', (state) => decideBulkProgress(state, data));
  }

  completed(data: EventDataOf<'BulkAnalysisCompleted'>): Promise<void> {
    return this.record('BulkAnalysisCompleted', (state) => decideBulkCompletion(state, data));
  }

  private record<N extends BulkEventName>(
    name: N,
    decide: (state: BulkAnalysisState) => EventDataOf<N> | undefined,
  ): Promise<void> {
    const write = this.writes.then(() => this.append(name, decide));
    this.writes = write.catch(() => undefined);
    return write;
  }

  private async append<N extends BulkEventName>(
    name: N,
    decide: (state: BulkAnalysisState) => EventDataOf<N> | undefined,
  ): Promise<void> {
    await bulkAnalyses.handle(this.store, this.bulkId, (state) => {
      const data = decide(state);
      if (!data) return [];
      return [
        newEvent(name, data, { subject: this.bulkId, source: ANALYZER_SOURCE, traceId: this.traceId }),
      ] as BulkAnalysisEvent[];
    });
  }
}
