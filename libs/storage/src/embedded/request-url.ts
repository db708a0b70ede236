/** What one HTTP request asks for, read from its URL the way the ClickHouse HTTP interface reads it. */
export interface RequestedQuery {
  /** `query=` from the URL; the body, if any, is appended to it (or is the INSERT data). */
  urlQuery: string | undefined;
  database: string;
  format: string;
  queryId: string | undefined;
  settings: Record<string, string>;
  /** `param_<name>` values, still in ClickHouse's escaped text form. */
  params: Record<string, string>;
  compressResponse: boolean;
}

/** URL keys that configure the request itself rather than being engine settings. */
const REQUEST_KEYS = new Set([
  'query',
  'query_id',
  'database',
  'default_format',
  'session_id',
  'session_timeout',
  'session_check',
  'user',
  'password',
  'quota_key',
  'role',
  'compress',
  'decompress',
  'buffer_size',
  'wait_end_of_query',
  'enable_http_compression',
  'send_progress_in_http_headers',
  'add_http_cors_header',
  'cancel_http_readonly_queries_on_client_close',
]);

export function readRequestedQuery(url: URL): RequestedQuery {
  const settings: Record<string, string> = {};
  const params: Record<string, string> = {};
  for (const [key, value] of url.searchParams) {
    if (key.startsWith('param_')) params[key.slice('param_'.length)] = value;
    else if (!REQUEST_KEYS.has(key) && !key.startsWith('http_')) settings[key] = value;
  }
  return {
    urlQuery: url.searchParams.get('query') ?? undefined,
    database: url.searchParams.get('database') || 'default',
    format: url.searchParams.get('default_format') || 'TabSeparated',
    queryId: url.searchParams.get('query_id') ?? undefined,
    settings,
    params,
    compressResponse: url.searchParams.get('enable_http_compression') === '1',
  };
}
