import type { ClickHouseClient } from '@clickhouse/client';
import { SINGLE_NODE, type SchemaTopology } from './statements';

const topologies = new WeakMap<ClickHouseClient, SchemaTopology>();

/** Records which layout a client's database has (createClickHouse does it), for migrations and DDL made later. */
export function setTopology(client: ClickHouseClient, topology: SchemaTopology): ClickHouseClient {
  topologies.set(client, topology);
  return client;
}

/** The layout of the client's database: single node unless the client was created for a cluster. */
export function topologyOf(client: ClickHouseClient): SchemaTopology {
  return topologies.get(client) ?? SINGLE_NODE;
}
