import { describe, expect, it } from 'vitest';
import type { StoredImport, TaskLoadSummary } from '@justfit/storage';
import { ABANDONED_AFTER_MS, toImportJob } from './import-jobs';

const NOW = Date.UTC(2026, 10, 25, 12);
const stored = (over: Partial<StoredImport> = {}): StoredImport => ({
  importId: 'import-1',
  connectionId: 'import-lab',
  fileName: 'lab.csv',
  format: 'long',
  status: 'publishing',
  rowsRead: 1000,
  rowsRejected: 0,
  samplesPublished: 400,
  entities: 3,
  eventsPublished: 2,
  message: '',
  startedAt: NOW - 60_000,
  finishedAt: null,
  updatedAt: NOW - 1000,
  ...over,
});
const noLoad: TaskLoadSummary = { events: 0, samples: 0, rejected: 0, completed: false, lastLoadedAt: null };

describe('import jobs', () => {
  it('given an import publishing right now, then publishing, its progress the share of rows published (0-50)', () => {
    expect(toImportJob(stored(), noLoad, NOW)).toMatchObject({ id: 'import-1', status: 'publishing', progress: 20 });
  });

  it('given an import whose progress has not been saved for minutes, then failed, saying what happened and what to do', () => {
    const job = toImportJob(stored({ updatedAt: NOW - ABANDONED_AFTER_MS - 1 }), noLoad, NOW);
    expect(job).toMatchObject({ status: 'failed', progress: 0, finishedAt: NOW - ABANDONED_AFTER_MS - 1 });
    expect(job.message).toMatch(/publishing stopped after 400 samples.*upload the file again/);
  });

  it('given a published import the ETL has finished, then loaded; a finished one is never called abandoned', () => {
    const done = { events: 1, samples: 400, rejected: 0, completed: true, lastLoadedAt: NOW - 5000 };
    const job = toImportJob(
      stored({ status: 'published', updatedAt: NOW - 3_600_000, finishedAt: NOW - 3_600_000 }),
      done,
      NOW,
    );
    expect(job).toMatchObject({ status: 'loaded', progress: 100, loadedAt: NOW - 5000 });
  });
});
