import { describe, expect, it } from 'vitest';
import { newEvent } from '../envelope';
import { rawPartitionFilter, rawPartitionsOf, rawSubjectTransform } from './raw-partitions';
import { streamConfig, streamSpecs, subjectFor } from './streams';

const metrics = (connectionId: string) =>
  newEvent(
    'MetricsObserved',
    { connectionId, taskId: 'task-1', batch: 0, intervalSec: 300, samples: [] },
    { subject: 'task-1', source: 'test', traceId: 'trace' },
  );

describe('raw partitions', () => {
  it('raw partitions - a raw event is published on justfit.raw.<its connection>.<its task>', () => {
    expect(subjectFor(metrics('conn-7'))).toBe('justfit.raw.conn-7.task-1');
    expect(() => subjectFor(metrics('conn.7'))).toThrow(/connection id/);
  });

  it('raw partitions - the RAW stream stores each event under a partition computed from its connection', () => {
    const raw = streamSpecs.find((s) => s.name === 'RAW')!;
    const config = streamConfig(raw, 3, 6);
    expect(config.subjects).toEqual(['justfit.raw.*.*']);
    expect(config.subject_transform).toEqual({
      src: 'justfit.raw.*.*',
      dest: 'justfit.raw.{{partition(6,1)}}.{{wildcard(1)}}.{{wildcard(2)}}',
    });
    expect(rawPartitionsOf(config.subject_transform)).toBe(6);
    expect(rawPartitionFilter(2)).toBe('justfit.raw.2.>');
    expect(
      streamConfig(
        streamSpecs.find((s) => s.name === 'TASKS')!,
        3,
      ).subject_transform,
    ).toBeUndefined();
  });

  it.each([0, 65, 1.5])('raw partitions - %s partitions are refused', (n) => {
    expect(() => rawSubjectTransform(n)).toThrow(/whole number from 1 to 64/);
  });
});
