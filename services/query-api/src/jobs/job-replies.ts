import type { CommandReply } from '@justfit/events';

/** A job as the scheduler answers it; `nextRuns` and `lastRuns` are asked for separately. */
export type JobReply = CommandReply<'scheduler', 'CreateJob'>;
export type JobRunReply = CommandReply<'scheduler', 'GetJob'>['lastRuns'][number];
/** What a run started: its kind and the id of its task, analysis run or report. */
export interface JobWorkRef {
  kind: string;
  id: string;
}
