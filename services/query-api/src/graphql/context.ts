import type { EventBus, EventStore } from '@justfit/events';
import type { ClickHouseClient } from '@justfit/storage';
import type { LiveFeed } from '../live/live-feed';

export interface ApiContext {
  clickhouse: ClickHouseClient;
  bus: EventBus;
  store: EventStore;
  live: LiveFeed;
  traceId: string;
  /** Where report download links point, e.g. http://127.0.0.1:4000 */
  publicUrl: string;
}
