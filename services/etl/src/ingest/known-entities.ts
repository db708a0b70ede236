import { type ClickHouseClient, knownEntityIds } from '@justfit/storage';

/** A flood of samples for unknown entities must not reload a large inventory for every event. */
const MIN_REFRESH_INTERVAL_MS = 2000;
/** Tasks remembered as having had inventory here; beyond this the memory starts again (they are then looked up). */
const MAX_TASKS_REMEMBERED = 10_000;

/**
 * Entity ids per connection that samples may refer to. Filled from inventory events as they pass and, on a miss,
 * refreshed from ClickHouse (another ETL replica, or an earlier run, may have loaded that inventory), at most every
 * couple of seconds per connection.
 */
export class KnownEntities {
  private readonly byConnection = new Map<string, Set<string>>();
  private readonly refreshedAt = new Map<string, number>();
  private readonly tasksWithInventory = new Set<string>();

  constructor(private readonly clickhouse: ClickHouseClient) {}

  /** A task's inventory passed this replica: samples of that task that name unknown entities are refused at once. */
  sawInventoryOf(taskId: string): void {
    if (this.tasksWithInventory.size >= MAX_TASKS_REMEMBERED) this.tasksWithInventory.clear();
    this.tasksWithInventory.add(taskId);
  }

  hasSeenInventoryOf(taskId: string): boolean {
    return this.tasksWithInventory.has(taskId);
  }

  add(connectionId: string, ids: Iterable<string>): void {
    const set = this.byConnection.get(connectionId) ?? new Set<string>();
    for (const id of ids) set.add(id);
    this.byConnection.set(connectionId, set);
  }

  /** `refresh`: read ClickHouse again on a miss even if it was read moments ago (another replica just wrote). */
  async checker(
    connectionId: string,
    entityIds: Iterable<string>,
    opts: { refresh?: boolean } = {},
  ): Promise<(id: string) => boolean> {
    const set = this.byConnection.get(connectionId);
    let missing = false;
    for (const id of entityIds) {
      if (!set?.has(id)) {
        missing = true;
        break;
      }
    }
    if (
      missing &&
      (opts.refresh || Date.now() - (this.refreshedAt.get(connectionId) ?? 0) >= MIN_REFRESH_INTERVAL_MS)
    ) {
      this.add(connectionId, await knownEntityIds(this.clickhouse, connectionId));
      this.refreshedAt.set(connectionId, Date.now());
    }
    const fresh = this.byConnection.get(connectionId) ?? new Set<string>();
    return (id) => fresh.has(id);
  }
}
