import { defineServiceEvents } from './service-events';

export const ETL_EVENTS = defineServiceEvents({
  produces: ['InventoryLoaded', 'MetricsBatchLoaded', 'InventoryTombstoned', 'CollectTaskDataLoaded'],
  consumes: [
    { name: 'etl-raw', durable: true, events: ['InventoryObserved', 'MetricsObserved', 'CollectionCompleted'] },
  ],
  // A full collection tombstones what it did not see: only the task's request says whether it was full.
  readsAggregates: ['TASKS'],
  sends: ['RecordsRejected'],
});
