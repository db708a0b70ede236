import { defineServiceEvents } from './service-events';

export const COLLECTOR_EVENTS = defineServiceEvents({
  produces: [
    'ConnectionRegistered',
    'ConnectionUpdated',
    'ConnectionDeleted',
    'ConnectionTested',
    'ConnectionStatusChanged',
    'CollectTaskRequested',
    'CollectTaskStarted',
    'CollectTaskProgressed',
    'CollectTaskLogged',
    'CollectTaskSucceeded',
    'CollectTaskFailed',
    'CollectTaskCancelled',
    'InventoryObserved',
    'MetricsObserved',
    'CollectionCompleted',
  ],
  consumes: [{ name: 'collector-tasks', durable: true, events: ['CollectTaskRequested'] }],
  readsAggregates: ['CONNECTIONS', 'TASKS'],
  sends: ['CancelCollectTask'],
  receives: ['CancelCollectTask'],
});
