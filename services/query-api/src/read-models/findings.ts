import { isEvent } from '@justfit/events';
import { findingColumns, getFinding } from '@justfit/storage';
import type { Projection } from '../projections/projection';

export const findingsProjection: Projection = {
  name: 'findings',
  stream: 'FINDINGS',
  canHandle: ['FindingRaised', 'FindingUpdated', 'FindingResolved', 'FindingWithdrawn'],
  async project(event, { streamSeq, clickhouse }) {
    if (isEvent(event, 'FindingRaised') || isEvent(event, 'FindingUpdated')) {
      await clickhouse.insert({
        table: 'findings',
        values: [findingColumns(event.data, 'raised', streamSeq)],
        format: 'JSONEachRow',
      });
      return;
    }
    if (isEvent(event, 'FindingWithdrawn')) {
      // A newer row that hides the finding from every listing (ReplacingMergeTree keeps the highest version).
      const current = await getFinding(clickhouse, event.data.findingId);
      if (!current) return;
      await clickhouse.insert({
        table: 'findings',
        values: [
          findingColumns(current, 'withdrawn', streamSeq, { at: event.data.withdrawnAt, reason: event.data.reason }),
        ],
        format: 'JSONEachRow',
      });
      return;
    }
    if (!isEvent(event, 'FindingResolved')) return;
    const current = await getFinding(clickhouse, event.data.findingId);
    if (!current) return;
    await clickhouse.insert({
      table: 'findings',
      values: [
        findingColumns(current, 'resolved', streamSeq, { at: event.data.resolvedAt, reason: event.data.reason }),
      ],
      format: 'JSONEachRow',
    });
  },
};
