import type { EventName, JustFitEvent, StreamName } from '@justfit/events';
import type { ClickHouseClient } from '@justfit/storage';

/**
 * A read model kept in ClickHouse from the event streams. Each projection has its own durable consumer (its
 * checkpoint, shared by the replicas, one of which is pinned to it), lists the event types it handles, and writes rows
 * versioned by stream sequence, so a redelivered or replayed event leaves the same rows behind.
 */
export interface Projection {
  name: string;
  stream: StreamName;
  canHandle: readonly EventName[];
  project(event: JustFitEvent, ctx: { streamSeq: number; clickhouse: ClickHouseClient }): Promise<void>;
  /** Drops what the projection keeps in memory: another replica may have written its rows since. */
  forget?(): void;
}
