import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

export class GraphQLRequestError extends Error {
  constructor(
    readonly errors: Array<{ message: string; extensions?: { code?: number; traceId?: string } }>,
    /** The HTTP status of the answer (200 for most GraphQL errors; 401, 403, 429 for refusals before execution). */
    readonly status = 200,
  ) {
    super(errors.map((e) => `${e.message} (code ${e.extensions?.code ?? '?'})`).join('; '));
    this.name = 'GraphQLRequestError';
  }
}

export interface GraphQLClientOptions {
  /** An API token (or OIDC access token), sent as `Authorization: Bearer …` and in graphql-ws `connection_init`. */
  token?: string;
  headers?: Record<string, string>;
}

/** A minimal GraphQL client for scripts and tests: queries and mutations over HTTP, subscriptions over graphql-ws. */
export class GraphQLClient {
  constructor(
    readonly httpUrl: string,
    readonly wsUrl: string,
    private readonly options: GraphQLClientOptions = {},
  ) {}

  /** The same API as another caller: another token, other headers. */
  as(options: GraphQLClientOptions): GraphQLClient {
    return new GraphQLClient(this.httpUrl, this.wsUrl, options);
  }

  private get authorization(): Record<string, string> {
    return this.options.token ? { authorization: `Bearer ${this.options.token}` } : {};
  }

  async request<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<T> {
    const res = await fetch(this.httpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...this.authorization, ...this.options.headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: GraphQLRequestError['errors'] };
    if (body.errors?.length) throw new GraphQLRequestError(body.errors, res.status);
    return body.data as T;
  }

  /** Yields each subscription payload until the server completes it or `signal` aborts. */
  async *subscribe<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    signal?: AbortSignal,
  ): AsyncGenerator<T> {
    const client = createClient({
      url: this.wsUrl,
      webSocketImpl: WebSocket,
      lazy: true,
      retryAttempts: 0,
      connectionParams: this.authorization,
    });
    const iterator = client.iterate<T>({ query, variables });
    const onAbort = () => void iterator.return?.();
    signal?.addEventListener('abort', onAbort);
    try {
      for await (const result of iterator) {
        if (result.errors?.length) throw new GraphQLRequestError(result.errors as GraphQLRequestError['errors']);
        yield result.data as T;
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      await client.dispose();
    }
  }
}
