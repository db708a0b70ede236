import { z } from 'zod';
import { defineEvent } from '../define-event';
import { EntityType, EpochMs, Id } from './common';

/**
 * A full (unscoped) collection no longer saw these entities: the ETL wrote tombstones for them, so they left the
 * latest inventory (their history stays). Large removals come in several parts.
 */
export const InventoryTombstoned = defineEvent({
  name: 'InventoryTombstoned',
  version: 1,
  stream: 'LOADS',
  schema: z
    .object({
      connectionId: Id,
      taskId: Id,
      removedAt: EpochMs,
      entities: z.array(z.object({ kind: EntityType, id: Id }).strict()).max(5000),
      part: z.number().int().positive(),
      parts: z.number().int().positive(),
    })
    .strict(),
});
