import { defineServiceEvents } from './service-events';

const jobEvents = [
  'JobCreated',
  'JobUpdated',
  'JobEnabled',
  'JobDisabled',
  'JobDeleted',
  'JobFired',
  'JobRunsSkipped',
  'JobRunStarted',
  'JobRunFailed',
  'JobRunAbandoned',
] as const;

export const SCHEDULER_EVENTS = defineServiceEvents({
  produces: jobEvents,
  // Every replica follows all of JOBS to plan every job's due times; decisions read the job's own events.
  consumes: [{ name: 'job directory', durable: false, events: jobEvents }],
  readsAggregates: ['JOBS'],
});
