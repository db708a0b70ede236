import { type ClickHouseClient, setTopology, topologyOf } from '@justfit/storage';

/**
 * The ClickHouse client one GraphQL request reads through: every SELECT carries the request's abort signal and, as
 * `max_execution_time`, the time the request has left, so a request past its deadline (or whose client went away)
 * stops its queries on the server too instead of leaving them to run. Over HTTP, aborting closes the connection, and
 * ClickHouse cancels a read-only query whose client closed only with `cancel_http_readonly_queries_on_client_close`;
 * the time limit holds even where the close goes unnoticed (the embedded server, a proxy in between). Writes
 * (projections, imports, the audit) are not bound to a request and are left alone.
 */
export function requestClickHouse(client: ClickHouseClient, signal: AbortSignal, deadlineAt: number): ClickHouseClient {
  // The client only listens for an abort that comes later; a request already ended reads nothing more.
  const query: ClickHouseClient['query'] = (params) =>
    signal.aborted
      ? (Promise.reject(signal.reason as Error) as ReturnType<ClickHouseClient['query']>)
      : (client.query({
          ...params,
          abort_signal: params.abort_signal ?? signal,
          clickhouse_settings: {
            cancel_http_readonly_queries_on_client_close: 1,
            max_execution_time: Math.max(1, Math.ceil((deadlineAt - Date.now()) / 1000)),
            ...params.clickhouse_settings,
          },
        } as Parameters<ClickHouseClient['query']>[0]) as ReturnType<ClickHouseClient['query']>);
  const bound = new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'query') return query;
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return setTopology(bound, topologyOf(client));
}
