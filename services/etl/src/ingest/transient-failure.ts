/** Node's socket errors: the peer is down, restarting or unreachable. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** ClickHouse exceptions that say "later", not "never". */
const CLICKHOUSE_TRANSIENT_TYPES = new Set([
  'NETWORK_ERROR',
  'SOCKET_TIMEOUT',
  'TIMEOUT_EXCEEDED',
  'TOO_MANY_PARTS',
  'MEMORY_LIMIT_EXCEEDED',
  'TOO_MANY_SIMULTANEOUS_QUERIES',
  'ABORTED',
  'QUERY_WAS_CANCELLED',
  'TABLE_IS_READ_ONLY',
  'ALL_CONNECTION_TRIES_FAILED',
  'KEEPER_EXCEPTION',
  'CANNOT_ALLOCATE_MEMORY',
  // Cluster mode: a replica of the shard is away, so the insert quorum cannot be met yet (docs/clickhouse.md).
  'TOO_FEW_LIVE_REPLICAS',
  'UNSATISFIED_QUORUM_FOR_PREVIOUS_WRITE',
  'UNKNOWN_STATUS_OF_INSERT',
  'REPLICA_IS_NOT_IN_QUORUM',
]);

/** NATS client errors of a connection or a JetStream that is away for now. */
const NATS_TRANSIENT_NAMES = new Set([
  'TimeoutError',
  'NoRespondersError',
  'RequestError',
  'ClosedConnectionError',
  'DrainingConnectionError',
  'ConnectionError',
]);

const TRANSIENT_MESSAGE =
  /socket hang up|timeout error|timed out|other side closed|fetch failed|server is shutting down|connection (?:closed|refused|reset)/i;

/**
 * Whether a failed write is the infrastructure's fault (ClickHouse or NATS down, restarting, overloaded), so the
 * batch should be held and retried as it is, rather than its events blamed and eventually dead-lettered.
 */
export function isTransientFailure(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 5) return false;
  const { code, type } = error as Error & { code?: unknown; type?: unknown };
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  if (typeof type === 'string' && CLICKHOUSE_TRANSIENT_TYPES.has(type)) return true;
  if (NATS_TRANSIENT_NAMES.has(error.name)) return true;
  if (TRANSIENT_MESSAGE.test(error.message)) return true;
  if (error instanceof AggregateError && error.errors.some((e) => isTransientFailure(e, depth + 1))) return true;
  return isTransientFailure(error.cause, depth + 1);
}
