import { type EntityRef, entityNames, entityRefKey, type InventoryKind } from '@justfit/storage';
import type { ApiContext } from '../graphql/context';

type Waiter = { ref: EntityRef; resolve: (name: string | null) => void; reject: (e: unknown) => void };

/**
 * Resolves host and cluster names for a page of VMs or hosts with one query per kind, not one per row: lookups made
 * while a GraphQL result is being resolved are collected and answered together.
 */
class NameLoader {
  private readonly pending = new Map<InventoryKind, Waiter[]>();

  constructor(private readonly ctx: ApiContext) {}

  load(kind: InventoryKind, ref: EntityRef): Promise<string | null> {
    return new Promise((resolve, reject) => {
      const waiting = this.pending.get(kind);
      if (waiting) waiting.push({ ref, resolve, reject });
      else {
        this.pending.set(kind, [{ ref, resolve, reject }]);
        setImmediate(() => void this.flush(kind));
      }
    });
  }

  private async flush(kind: InventoryKind): Promise<void> {
    const waiters = this.pending.get(kind) ?? [];
    this.pending.delete(kind);
    try {
      const names = await entityNames(
        this.ctx.clickhouse,
        kind,
        waiters.map((w) => w.ref),
      );
      for (const w of waiters) w.resolve(names.get(entityRefKey(w.ref)) ?? null);
    } catch (e) {
      for (const w of waiters) w.reject(e);
    }
  }
}

const loaders = new WeakMap<ApiContext, NameLoader>();

/** The name of a referenced entity (null when unknown or no reference), batched per request. */
export function nameOf(
  ctx: ApiContext,
  kind: InventoryKind,
  connectionId: string,
  id: string | null,
): Promise<string | null> | null {
  if (!id) return null;
  let loader = loaders.get(ctx);
  if (!loader) {
    loader = new NameLoader(ctx);
    loaders.set(ctx, loader);
  }
  return loader.load(kind, { connectionId, id });
}
