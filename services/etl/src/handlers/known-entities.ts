import type { ClickHouseClient } from '@justfit/storage';
import { knownEntityIds } from '@justfit/storage';

/**
 * Entity ids per connection that samples may refer to. Filled from inventory events as they pass and, on a
 * miss, refreshed once from ClickHouse (another ETL replica may have loaded that inventory).
 */
export class KnownEntities {
  private readonly byConnection = new Map<string, Set<string>>();

  constructor(private readonly clickhouse: ClickHouseClient) {}

  add(connectionId: string, ids: Iterable<string>): void {
    const set = this.byConnection.get(connectionId) ?? new Set<string>();
    for (const id of ids) set.add(id);
    this.byConnection.set(connectionId, set);
  }

  async checker(connectionId: string, entityIds: Iterable<string>): Promise<(id: string) => boolean> {
    const set = this.byConnection.get(connectionId);
    const missing = [...new Set(entityIds)].some((id) => !set?.has(id));
    if (missing) this.add(connectionId, await knownEntityIds(this.clickhouse, connectionId));
    const fresh = this.byConnection.get(connectionId) ?? new Set<string>();
    return (id) => fresh.has(id);
  }
}
