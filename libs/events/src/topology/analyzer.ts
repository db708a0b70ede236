import { defineServiceEvents } from './service-events';

const policyEvents = [
  'PolicyVersionCreated',
  'PolicyVersionActivated',
  'PolicyVersionHidden',
  'PolicyVersionShown',
  'PolicyVersionArchived',
] as const;

export const ANALYZER_EVENTS = defineServiceEvents({
  produces: [
    'AnalysisRunRequested',
    'AnalysisRunStarted',
    'AnalysisRunProgressed',
    'AnalysisRunCompleted',
    'AnalysisRunFailed',
    'AnalysisRunCancelled',
    'BulkAnalysisRequested',
    'BulkAnalysisProgressed',
    'BulkAnalysisCompleted',
    'FindingRaised',
    'FindingUpdated',
    'FindingResolved',
    'FindingWithdrawn',
    'AlertRaised',
    'AlertMarked',
    ...policyEvents,
  ],
  consumes: [
    // New data is analysed once all of it is loaded.
    { name: 'analyzer-loads', durable: true, events: ['CollectTaskDataLoaded'] },
    { name: 'policies read model', durable: false, events: policyEvents },
    // Savings are priced with the settings' currency and prices in force when a run starts.
    { name: 'settings', durable: false, events: ['CurrencyAndPricesChanged'] },
  ],
  readsAggregates: ['FINDINGS', 'POLICIES', 'SETTINGS'],
  sends: ['CancelAnalysisRun'],
  receives: ['CancelAnalysisRun'],
});
