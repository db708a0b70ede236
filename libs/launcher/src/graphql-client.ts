import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

export class GraphQLRequestError extends Error {
  constructor(readonly errors: Array<{ message: string; extensions?: { code?: number; traceId?: string } }>) {
    super(errors.map((e) => `${e.message} (code ${e.extensions?.code ?? '?'})`).join('; '));
    this.name = 'GraphQLRequestError';
  }
}

/** A minimal GraphQL client for scripts and tests: queries and mutations over HTTP, subscriptions over graphql-ws. */
export class GraphQLClient {
  constructor(
    readonly httpUrl: string,
    readonly wsUrl: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  async request<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<T> {
    const res = await fetch(this.httpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...this.headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: GraphQLRequestError['errors'] };
    if (body.errors?.length) throw new GraphQLRequestError(body.errors);
    return body.data as T;
  }

  /** Yields each subscription payload until the server completes it or `signal` aborts. */
  async *subscribe<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    signal?: AbortSignal,
  ): AsyncGenerator<T> {
    const client = createClient({ url: this.wsUrl, webSocketImpl: WebSocket, lazy: true, retryAttempts: 0 });
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
