import {
  type EntityMetricCoverage,
  entityMetricCoverage,
  findEntities,
  type InventoryKind,
  type InventoryRows,
} from '@justfit/storage';
import type { ApiContext } from '../graphql/context';
import { apiError } from '../graphql/errors';

export interface EntityScope<K extends InventoryKind = InventoryKind> {
  kind: K;
  entity: InventoryRows[K];
  connectionId: string;
  coverage: EntityMetricCoverage | undefined;
}

/**
 * The entity a metrics or detail query is about: 404 when no connection has it, 400 when several do and the caller did
 * not say which. Ids are unique within a connection only.
 */
export async function resolveEntity<K extends InventoryKind>(
  ctx: ApiContext,
  kind: K,
  entityId: string,
  connectionId: string | null | undefined,
): Promise<EntityScope<K>> {
  const found = await findEntities(ctx.clickhouse, kind, entityId, connectionId ?? undefined);
  if (found.length === 0) {
    throw apiError(404, `no ${kind} ${entityId}${connectionId ? ` in connection ${connectionId}` : ''}`, ctx.traceId);
  }
  if (found.length > 1) {
    const connections = found.map((e) => e.connectionId).join(', ');
    throw apiError(
      400,
      `${kind} ${entityId} exists in several connections (${connections}): give connectionId`,
      ctx.traceId,
    );
  }
  const entity = found[0]!;
  const coverage = await entityMetricCoverage(ctx.clickhouse, {
    connectionId: entity.connectionId,
    entityType: kind,
    entityId,
  });
  return { kind, entity, connectionId: entity.connectionId, coverage };
}
