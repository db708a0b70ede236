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
    'CollectTaskQueued',
    'TaskInstanceStarted',
    'TaskInstanceEnded',
  ],
  consumes: [
    // Any collector queues a requested attempt for its connection's site.
    { name: 'collector-tasks', durable: true, events: ['CollectTaskRequested'] },
    // One durable consumer per site (`collector-work-<site>`), shared by that site's agents.
    { name: 'collector-work-<site>', durable: true, events: ['CollectTaskQueued'] },
  ],
  readsAggregates: ['CONNECTIONS', 'TASKS'],
  sends: ['CancelCollectTask', 'RegisterAgent', 'AgentHeartbeat', 'AgentControlReply'],
  receives: ['CancelCollectTask', 'AgentControl', 'AgentBroadcast'],
});
