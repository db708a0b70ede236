import type { Migration } from './migration';

/** When the ETL finished loading a collect task's data, so the API can say "ready for analysis". */
export const taskLoadedAt: Migration = {
  version: 2,
  name: 'task_loaded_at',
  statements: [
    {
      kind: 'alter',
      table: 'tasks',
      action: `ADD COLUMN IF NOT EXISTS loaded_at Nullable(DateTime64(3, 'UTC')) AFTER finished_at`,
      changes: 'columns',
    },
  ],
};
