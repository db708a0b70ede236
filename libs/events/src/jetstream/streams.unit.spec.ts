import { describe, expect, it } from 'vitest';
import { Events } from '../catalogue';
import { newEvent } from '../envelope';
import { assertSubjectToken, filterSubjectsFor, streamSpecs, subjectFor } from './streams';

const logged = (subject: string) =>
  newEvent(
    'CollectTaskLogged',
    { taskId: 't', level: 'info', message: 'm', timestamp: 1 },
    { subject, source: 'test', traceId: 'trace' },
  );

describe('streams', () => {
  it('streams - an event lives on justfit.<its context>.<its type>.<its subject>, a raw one on justfit.raw.<connection>.<task>', () => {
    expect(subjectFor(logged('task-42'))).toBe('justfit.tasks.CollectTaskLogged.task-42');
    expect(subjectFor({ type: Events.AnalysisRunRequested.type, subject: 'run-1' })).toBe(
      'justfit.findings.AnalysisRunRequested.run-1',
    );
    expect(subjectFor({ type: Events.MetricsObserved.type, subject: 'task-1', data: { connectionId: 'conn-1' } })).toBe(
      'justfit.raw.conn-1.task-1',
    );
    expect(() => subjectFor({ type: Events.MetricsObserved.type, subject: 'task-1' })).toThrow(/names no connectionId/);
  });

  it('streams - a consumer filters on the event types it handles, and on the subjects from before types', () => {
    expect(filterSubjectsFor(['CollectTaskRequested', 'CollectTaskCancelled'])).toEqual({
      stream: 'TASKS',
      filterSubjects: [
        'justfit.tasks.CollectTaskRequested.*',
        'justfit.tasks.CollectTaskCancelled.*',
        'justfit.tasks.*',
      ],
    });
    expect(() => filterSubjectsFor(['CollectTaskRequested', 'FindingRaised'])).toThrow(/one stream/);
  });

  it.each(['', 'a.b', 'a*', 'a>', 'a b', 'tab\tx', 'nl\nx', '\u0000'])(
    'streams - %j is refused as a subject token with a clear error',
    (token) => {
      expect(() => subjectFor(logged(token))).toThrow(/aggregate id/);
    },
  );

  it('streams - ids made of letters, digits, dashes, colons and unicode are valid tokens', () => {
    for (const token of ['vm-123', 'urn:vc:host-7', 'ÄÖ_ü', 'a$b']) expect(assertSubjectToken(token, 'id')).toBe(token);
  });

  it('streams - every context and the DLQ and advisory streams are declared, RAW ages out after 7 days', () => {
    expect(streamSpecs.map((s) => s.name)).toEqual([
      'CONNECTIONS',
      'TASKS',
      'RAW',
      'LOADS',
      'POLICIES',
      'FINDINGS',
      'REPORTS',
      'JOBS',
      'ACCESS',
      'AUDIT',
      'SETTINGS',
      'FLEET',
      'WORK',
      'DLQ',
      'ADVISORIES',
    ]);
    expect(streamSpecs.find((s) => s.name === 'RAW')?.maxAgeMs).toBe(7 * 24 * 3600 * 1000);
  });
});
