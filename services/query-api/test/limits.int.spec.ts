import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type GraphQLHarness, startGraphQLHarness } from './graphql-harness';

const ALLOWED_ORIGIN = 'https://dashboards.example';
const FOREIGN_ORIGIN = 'https://evil.example';

describe('limits that hold under abuse', () => {
  let h: GraphQLHarness;
  let server: { url: string; wsUrl: string };

  beforeAll(async () => {
    h = await startGraphQLHarness({
      env: {
        CORS_ORIGINS: ALLOWED_ORIGIN,
        GRAPHIQL: 'true',
        REQUEST_TIMEOUT_MS: '400',
        RATE_LIMIT_PER_MINUTE: '60',
        MAX_QUERY_DEPTH: '3',
        PUBLIC_URL: 'https://justfit.example.com/',
      },
    });
    server = await h.listen();
  });
  afterAll(async () => h?.stop());

  const post = (body: BodyInit, headers: Record<string, string>) =>
    h.fetch({ method: 'POST', body, headers: { authorization: `Bearer ${h.adminToken}`, ...headers } });
  const connectionCount = async () =>
    (await h.request<{ connections: unknown[] }>('{ connections { id } }')).data!.connections.length;

  it('CSRF - a cross-site form POST (urlencoded, multipart, text/plain) is refused with 403 and changes nothing', async () => {
    const before = await connectionCount();
    const mutation =
      'mutation { createConnection(input: { name: "csrf", type: simulated, endpoint: "csrf.local" }) { id } }';
    const form = new FormData();
    form.append('operations', JSON.stringify({ query: mutation }));
    form.append('map', '{}');
    const attempts: Array<[string, Promise<Response>]> = [
      [
        'urlencoded',
        post(new URLSearchParams({ query: mutation }), {
          origin: FOREIGN_ORIGIN,
          'content-type': 'application/x-www-form-urlencoded',
        }),
      ],
      ['multipart', post(form, { origin: FOREIGN_ORIGIN })],
      [
        'text/plain',
        post(JSON.stringify({ query: mutation }), { origin: FOREIGN_ORIGIN, 'content-type': 'text/plain' }),
      ],
    ];
    for (const [what, attempt] of attempts) {
      const res = await attempt;
      expect(res.status, what).toBe(403);
      expect(((await res.json()) as { errors: Array<{ message: string }> }).errors[0]!.message, what).toMatch(/CSRF/);
    }
    expect(await connectionCount()).toBe(before);
  });

  it('CORS - no origin is reflected and no credentials are allowed, except for an origin on the allow-list', async () => {
    const preflight = (origin: string) =>
      h.fetch({
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
    const foreign = await preflight(FOREIGN_ORIGIN);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    expect(foreign.headers.get('access-control-allow-credentials')).toBeNull();
    const foreignPost = await post('{"query":"{ me { id } }"}', {
      origin: FOREIGN_ORIGIN,
      'content-type': 'application/json',
    });
    expect(foreignPost.headers.get('access-control-allow-origin')).toBeNull();
    const allowed = await preflight(ALLOWED_ORIGIN);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/authorization/);
  });

  it('query limits - 3,000 aliases, deep nesting and a huge document are refused with 400 in well under a second', async () => {
    const aliases = `{ ${Array.from({ length: 3000 }, (_, i) => `a${i}: connections { id }`).join(' ')} }`;
    const started = performance.now();
    const { errors } = await h.request(aliases);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(errors?.[0]).toMatchObject({ extensions: { code: 400, traceId: 'trace-test' } });
    expect(errors?.map((e) => e.message).join(' ')).toMatch(/limit/i);
    const deep = '{ analysisResult(runId: "run-1") { summary { byRisk { low } } } }';
    expect((await h.request(deep)).errors?.[0]).toMatchObject({
      message: expect.stringMatching(/depth/i),
      extensions: { code: 400 },
    });
    // No I/O, so the harness's short time limit cannot be what refuses it.
    const allowed = `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
    expect((await h.request(allowed)).errors).toBeUndefined();
  });

  it('oversized input - a 1 MB name and a 100 KB search are a clear 400, not a 500', async () => {
    const name = await h.request(
      'mutation($n: String!) { createConnection(input: { name: $n, type: simulated, endpoint: "x.local" }) { id } }',
      {
        n: 'n'.repeat(1024 * 1024),
      },
    );
    expect(name.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/\$n is longer than 10000 characters/),
      extensions: { code: 400 },
    });
    const search = await h.request(`{ vms(filter: { search: "${'s'.repeat(100 * 1024)}" }) { total } }`);
    expect(search.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/search is longer than/),
      extensions: { code: 400 },
    });
  });

  it('deadline - a request past its time limit ends with 408 when the limit passes, not when the work would', async () => {
    // An analyzer that takes requests and never answers: the API would wait its command timeout (30 s).
    const silent = h.bus.nc.subscribe('justfit.cmd.analyzer.>');
    try {
      const started = performance.now();
      const { errors } = await h.request('{ policies { name } }');
      const took = performance.now() - started;
      expect(errors?.[0]).toMatchObject({
        message: expect.stringMatching(/time limit of 0.4 s/),
        extensions: { code: 408 },
      });
      expect(took).toBeGreaterThanOrEqual(380);
      expect(took).toBeLessThan(3000);
    } finally {
      silent.unsubscribe();
    }
  });

  it('deadline - when the client leaves, the rest of the operation is not run', async () => {
    const received: string[] = [];
    // An analyzer that answers each MarkAlert after 200 ms; mutations run one after another.
    const slow = h.bus.nc.subscribe('justfit.cmd.analyzer.MarkAlert', {
      callback: (_, msg) => {
        received.push(msg.subject);
        setTimeout(() => msg.respond(JSON.stringify({ ok: true, data: { alertId: 'alert-1' } })), 200);
      },
    });
    try {
      const abort = new AbortController();
      const mutation = `mutation { ${Array.from({ length: 10 }, (_, i) => `m${i}: markAlert(id: "alert-${i}", read: true)`).join(' ')} }`;
      const request = fetch(server.url, {
        method: 'POST',
        signal: abort.signal,
        headers: { authorization: `Bearer ${h.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ query: mutation }),
      }).catch((e: Error) => e);
      await new Promise((r) => setTimeout(r, 300));
      abort.abort();
      expect(await request).toBeInstanceOf(Error);
      await new Promise((r) => setTimeout(r, 1500));
      // Without cancellation all ten would have run in these 1.8 s.
      expect(received.length).toBeGreaterThan(0);
      expect(received.length).toBeLessThanOrEqual(3);
    } finally {
      slow.unsubscribe();
    }
  });

  it('rate limit - a token over its requests per minute gets 429 with Retry-After; other tokens are not affected', async () => {
    const { data } = await h.request<{ createApiToken: { secret: string } }>(
      'mutation { createApiToken(input: { name: "greedy", roles: [viewer] }) { secret } }',
    );
    const greedy = data!.createApiToken.secret;
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 61; i++) {
      last = await h.fetch({
        method: 'POST',
        headers: { authorization: `Bearer ${greedy}`, 'content-type': 'application/json' },
        body: '{"query":"{ me { id } }"}',
      });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
    expect(statuses[60]).toBe(429);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await last!.json()) as { errors: Array<{ extensions: object }> }).errors[0]!.extensions).toMatchObject({
      code: 429,
    });
    expect((await h.request('{ me { id } }')).errors).toBeUndefined();
  });

  it('downloadUrl - report links are built from PUBLIC_URL, whatever Host the client sends', async () => {
    const id = 'report-00000000-0000-4000-8000-000000000001';
    await h.ch.client.insert({
      table: 'reports',
      values: [
        {
          report_id: id,
          format: 'json',
          title: 't',
          path: '/x.json',
          bytes: 1,
          sha256: 'a',
          status: 'generated',
          generated_at: Date.now(),
          version: 1,
        },
      ],
      format: 'JSONEachRow',
    });
    const res = await post(JSON.stringify({ query: `{ report(id: "${id}") { downloadUrl } }` }), {
      'content-type': 'application/json',
      host: 'evil.example',
      'x-forwarded-host': 'evil.example',
    });
    const body = (await res.json()) as { data: { report: { downloadUrl: string } } };
    expect(body.data.report.downloadUrl).toBe(`https://justfit.example.com/reports/${id}`);
  });

  it('GraphiQL - served from the package, with no script or style from another site', async () => {
    const res = await h.fetch({ method: 'GET', headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('GraphiQL');
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)=["']?https?:/i);
    expect(html).not.toMatch(/unpkg|jsdelivr|cdnjs/);
  });

  it('WebSocket - no token in connection_init closes with 4401; a foreign origin cannot upgrade; a token can query', async () => {
    const closeCode = await new Promise<number>((resolve) => {
      const client = createClient({
        url: server.wsUrl,
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        lazy: true,
        on: { closed: (e) => resolve((e as CloseEvent).code) },
      });
      client.subscribe(
        { query: '{ me { id } }' },
        { next: () => undefined, error: () => undefined, complete: () => undefined },
      );
    });
    expect(closeCode).toBe(4401);

    const upgrade = await new Promise<number>((resolve) => {
      const ws = new WebSocket(server.wsUrl, 'graphql-transport-ws', { origin: FOREIGN_ORIGIN });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
      ws.on('error', () => undefined);
    });
    expect(upgrade).toBe(403);

    const client = createClient({
      url: server.wsUrl,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${h.adminToken}` },
    });
    try {
      const result = await new Promise<unknown>((resolve, reject) =>
        client.subscribe({ query: '{ me { roles } }' }, { next: resolve, error: reject, complete: () => undefined }),
      );
      expect(result).toEqual({ data: { me: { roles: ['admin'] } } });
      const tooMany = await new Promise<unknown>((resolve) =>
        client.subscribe(
          { query: `{ ${Array.from({ length: 100 }, (_, i) => `a${i}: me { id }`).join(' ')} }` },
          { next: resolve, error: resolve, complete: () => undefined },
        ),
      );
      expect(JSON.stringify(tooMany)).toMatch(/"code":400/);
    } finally {
      await client.dispose();
    }
  });
});
