import type { Migration } from './migration';

/**
 * When an import's state was last saved: a publishing import saves its progress every few batches, so one whose
 * state has not moved for minutes was abandoned (the query-api running it stopped) and is shown as failed.
 */
export const importUpdatedAt: Migration = {
  version: 5,
  name: 'import_updated_at',
  statements: [
    {
      kind: 'alter',
      table: 'imports',
      action: `ADD COLUMN IF NOT EXISTS updated_at DateTime64(3, 'UTC') DEFAULT now64(3) AFTER finished_at`,
      changes: 'columns',
    },
  ],
};
