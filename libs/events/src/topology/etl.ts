import { defineServiceEvents } from './service-events';

export const ETL_EVENTS = defineServiceEvents({
  produces: ['InventoryLoaded', 'MetricsBatchLoaded', 'InventoryTombstoned', 'CollectTaskDataLoaded'],
  consumes: [
    // One durable per RAW partition (`etl-raw-<partition>`, on its partition's subjects), loaded by the replica that
    // leases the partition (services/etl/src/partitions).
    { name: 'etl-raw', durable: true, events: ['InventoryObserved', 'MetricsObserved', 'CollectionCompleted'] },
    // The raw samples' TTL follows the settings' retention (the ETL is the service that may change the schema).
    { name: 'raw sample retention', durable: false, events: ['RetentionChanged'] },
  ],
  // A full collection tombstones what it did not see: only the task's request says whether it was full. The settings
  // are read at start for the retention in force.
  readsAggregates: ['TASKS', 'SETTINGS'],
  sends: ['RecordsRejected'],
});
