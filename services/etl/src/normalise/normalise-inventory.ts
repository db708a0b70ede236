import type { RawEntity } from '@justfit/events';
import type { InventoryRows } from '@justfit/storage';

export type InventoryKind = RawEntity['kind'];

/** Inventory rows keyed by kind, each stamped with its connection, task and observation time (a new version). */
export function groupInventory(entities: RawEntity[], stamp: { connectionId: string; taskId: string; observedAt: number }) {
  const byKind: { [K in InventoryKind]: Array<InventoryRows[K]> } = { cluster: [], host: [], vm: [], datastore: [] };
  for (const entity of entities) {
    const { kind, ...fields } = entity;
    (byKind[kind] as Array<InventoryRows[typeof kind]>).push({ ...fields, ...stamp } as InventoryRows[typeof kind]);
  }
  return byKind;
}
