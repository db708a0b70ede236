import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLocalMasterKey, GraphQLClient, type RunningEstate, startEstate } from '@justfit/launcher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

type TypeRef = { kind: string; name: string | null; ofType: TypeRef | null };
type Field = { name: string; type: TypeRef; args: Array<{ name: string; type: TypeRef }> };
type InputType = {
  name: string;
  kind: string;
  inputFields: Array<{ name: string; type: TypeRef }> | null;
  enumValues: Array<{ name: string }> | null;
};

const INTROSPECTION = `{
  __schema {
    queryType { fields { name type { ...T } args { name type { ...T } } } }
    mutationType { fields { name type { ...T } args { name type { ...T } } } }
    subscriptionType { fields { name type { ...T } args { name type { ...T } } } }
    types { name kind inputFields { name type { ...T } } enumValues { name } }
  }
}
fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }`;

/** A value of the type for every required argument, so that the call reaches its guard. */
function sample(type: TypeRef, types: Map<string, InputType>): unknown {
  if (type.kind === 'NON_NULL') return sample(type.ofType!, types);
  if (type.kind === 'LIST') return [sample(type.ofType!, types)];
  const named = types.get(type.name!);
  if (named?.kind === 'ENUM') return named.enumValues![0]!.name;
  if (named?.kind === 'INPUT_OBJECT')
    return Object.fromEntries(
      named.inputFields!.filter((f) => f.type.kind === 'NON_NULL').map((f) => [f.name, sample(f.type, types)]),
    );
  return { Int: 1, Float: 1, Boolean: true, JSON: {} }[type.name!] ?? 'x';
}

/**
 * The attacker sends the 3,000-alias query ten times a second: one such query used to hold the API for 36 s. (Any
 * request sent back to back from one client, however cheap, only measures how two busy clients share two cores.)
 */
const ATTACK_INTERVAL_MS = 100;

const typeName = (t: TypeRef): string =>
  t.kind === 'NON_NULL' ? `${typeName(t.ofType!)}!` : t.kind === 'LIST' ? `[${typeName(t.ofType!)}]` : t.name!;
const leafOf = (t: TypeRef): string => (t.ofType ? leafOf(t.ofType) : t.name!);

describe('security - who may call the API, from where, and how much', () => {
  let dataDir: string;
  let estate: RunningEstate;
  let admin: GraphQLClient;
  let viewerToken: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'justfit-e2e-sec-'));
    ensureLocalMasterKey(join(dataDir, 'master.key'));
    // The latency case sends about a thousand requests a minute from one client: above the default per-token limit.
    estate = await startEstate({ dataDir, env: { RATE_LIMIT_PER_MINUTE: '6000' } });
    admin = new GraphQLClient(estate.graphqlUrl, estate.graphqlWsUrl, { token: estate.adminToken });
    ({
      createApiToken: { secret: viewerToken },
    } = await admin.request<{ createApiToken: { secret: string } }>(
      'mutation { createApiToken(input: { name: "e2e viewer", roles: [viewer], expiresInDays: 1 }) { secret } }',
    ));
  });

  afterAll(async () => {
    await estate?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const post = (body: RequestInit['body'], headers: Record<string, string>) =>
    fetch(estate.graphqlUrl, { method: 'POST', body, headers });

  /** Sends one root field with sample arguments as `token` (none: anonymous); multipart when it takes a file. */
  async function call(kind: 'query' | 'mutation', field: Field, types: Map<string, InputType>, token?: string) {
    const required = field.args.filter((a) => a.type.kind === 'NON_NULL');
    const vars = required.map((a) => `$${a.name}: ${typeName(a.type)}`).join(', ');
    const args = required.map((a) => `${a.name}: $${a.name}`).join(', ');
    const selection = ['ID', 'Int', 'Float', 'String', 'Boolean', 'JSON'].includes(leafOf(field.type))
      ? ''
      : ' { __typename }';
    const query = `${kind}${vars ? `(${vars})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`;
    const variables = Object.fromEntries(required.map((a) => [a.name, sample(a.type, types)]));
    const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    const files = required.filter((a) => leafOf(a.type) === 'File');
    if (files.length === 0)
      return post(JSON.stringify({ query, variables }), { 'content-type': 'application/json', ...auth });
    const form = new FormData();
    form.append(
      'operations',
      JSON.stringify({ query, variables: { ...variables, ...Object.fromEntries(files.map((f) => [f.name, null])) } }),
    );
    form.append('map', JSON.stringify(Object.fromEntries(files.map((f, i) => [String(i), [`variables.${f.name}`]]))));
    files.forEach((_, i) => form.append(String(i), new File(['vm,time,cpu.usage_pct\n'], 'probe.csv')));
    return post(form, { 'x-graphql-yoga-csrf': '1', ...auth });
  }

  it('schema walk - every query and mutation is refused anonymously (401), every mutation to a viewer (403)', async () => {
    const { __schema: schema } = await admin.request<{
      __schema: Record<'queryType' | 'mutationType' | 'subscriptionType', { fields: Field[] }> & { types: InputType[] };
    }>(INTROSPECTION);
    const types = new Map(schema.types.map((t) => [t.name, t]));
    const queries = schema.queryType.fields;
    const mutations = schema.mutationType.fields;
    expect(queries.length + mutations.length + schema.subscriptionType.fields.length).toBeGreaterThan(40);
    const unguarded: string[] = [];
    for (const [kind, fields] of [
      ['query', queries],
      ['mutation', mutations],
    ] as const) {
      for (const field of fields) {
        const res = await call(kind, field, types);
        const body = (await res.json()) as { errors?: Array<{ extensions?: { code?: number } }> };
        if (res.status !== 401 || body.errors?.[0]?.extensions?.code !== 401)
          unguarded.push(`${kind} ${field.name}: ${res.status}`);
      }
    }
    expect(unguarded).toEqual([]);
    const viewerMayChange: string[] = [];
    for (const field of mutations) {
      const res = await call('mutation', field, types, viewerToken);
      const body = (await res.json()) as { errors?: Array<{ extensions?: { code?: number } }> };
      if (body.errors?.[0]?.extensions?.code !== 403)
        viewerMayChange.push(`${field.name}: ${JSON.stringify(body).slice(0, 200)}`);
    }
    expect(viewerMayChange).toEqual([]);
  });

  it('anonymous - HTTP gets 401 with the code; a WebSocket without a token is closed with 4401', async () => {
    const res = await post('{"query":"{ connections { id } }"}', { 'content-type': 'application/json' });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ errors: [{ extensions: { code: 401, traceId: expect.any(String) } }] });
    const anonymous = new GraphQLClient(estate.graphqlUrl, estate.graphqlWsUrl);
    const closed = await (async () => {
      for await (const _ of anonymous.subscribe('subscription { alertCreated { id } }')) return 'delivered';
      return 'completed';
    })().catch((e: { code?: number; reason?: string }) => e);
    expect(closed).toMatchObject({ code: 4401 });
  });

  it('a viewer - reads, and gets 403 with the code and trace id for a change', async () => {
    const viewer = admin.as({ token: viewerToken, headers: { 'x-trace-id': 'viewer-trace-0001' } });
    expect(await viewer.request('{ me { roles } }')).toEqual({ me: { roles: ['viewer'] } });
    const refused = await viewer
      .request('mutation { createConnection(input: { name: "v", type: simulated, endpoint: "v.local" }) { id } }')
      .catch((e) => e);
    expect(refused.errors[0]).toMatchObject({ extensions: { code: 403, traceId: 'viewer-trace-0001' } });
  });

  it('cross-site - a form POST (urlencoded and multipart) from a foreign origin is refused and changes nothing', async () => {
    const count = async () =>
      (await admin.request<{ connections: unknown[] }>('{ connections { id } }')).connections.length;
    const before = await count();
    const mutation =
      'mutation { createConnection(input: { name: "csrf", type: simulated, endpoint: "csrf.local" }) { id } }';
    const form = new FormData();
    form.append('operations', JSON.stringify({ query: mutation }));
    form.append('map', '{}');
    for (const [what, body, headers] of [
      ['urlencoded', new URLSearchParams({ query: mutation }), { 'content-type': 'application/x-www-form-urlencoded' }],
      ['multipart', form, {}],
    ] as const) {
      // Even with a token (which a browser would not add to a form): the CSRF check comes first.
      const withToken: Record<string, string> = { authorization: `Bearer ${estate.adminToken}` };
      for (const auth of [{}, withToken]) {
        const res = await post(body, {
          origin: 'https://evil.example',
          ...(headers as Record<string, string>),
          ...auth,
        });
        expect(res.status, what).toBe(403);
        expect(res.headers.get('access-control-allow-origin'), what).toBeNull();
      }
    }
    expect(await count()).toBe(before);
  });

  it('cross-site - a WebSocket from a foreign origin is refused at the upgrade', async () => {
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(estate.graphqlWsUrl, 'graphql-transport-ws', { origin: 'https://evil.example' });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => {
        ws.close();
        resolve(101);
      });
      ws.on('error', () => undefined);
    });
    expect(status).toBe(403);
  });

  it('limits - 3,000 aliases are refused in under a second while another client p99 stays within 2x its idle value', async () => {
    const aliases = JSON.stringify({
      query: `{ ${Array.from({ length: 3000 }, (_, i) => `a${i}: connections { id }`).join(' ')} }`,
    });
    expect(aliases.length).toBeGreaterThan(60_000);
    const other = admin.as({ token: viewerToken });
    const timed = async (n: number, into: number[]) => {
      for (let i = 0; i < n; i++) {
        const started = performance.now();
        await other.request('{ connections { id } }');
        into.push(performance.now() - started);
      }
    };
    const refusals: number[] = [];
    const codes = new Set<number>();
    const attackWhile = async (work: Promise<void>) => {
      let attacking = true;
      const attack = (async () => {
        while (attacking) {
          const started = performance.now();
          const res = await post(aliases, {
            'content-type': 'application/json',
            authorization: `Bearer ${estate.adminToken}`,
          });
          const body = (await res.json()) as { errors?: Array<{ extensions?: { code?: number } }> };
          // Refused for its size (400), or, once the attacker has spent its requests per minute, for its rate (429).
          codes.add(body.errors?.[0]?.extensions?.code ?? res.status);
          refusals.push(performance.now() - started);
          await new Promise((r) => setTimeout(r, ATTACK_INTERVAL_MS));
        }
      })();
      try {
        await work;
      } finally {
        attacking = false;
        await attack;
      }
    };
    await timed(50, []); // warm-up
    // Rounds of idle and attacked measurements in turn, so that the shared machine's load weighs on both alike.
    const idle: number[] = [];
    const attacked: number[] = [];
    for (let round = 0; round < 4; round++) {
      await timed(100, idle);
      await attackWhile(timed(100, attacked));
    }
    const p99 = (times: number[]) => [...times].sort((a, b) => a - b)[Math.ceil(times.length * 0.99) - 1]!;
    expect(refusals.length).toBeGreaterThan(10);
    expect(codes.has(400)).toBe(true);
    expect([...codes].every((c) => c === 400 || c === 429)).toBe(true);
    expect(Math.max(...refusals)).toBeLessThan(1000);
    expect(
      p99(attacked),
      `p99 idle ${p99(idle).toFixed(1)} ms, under attack ${p99(attacked).toFixed(1)} ms`,
    ).toBeLessThanOrEqual(2 * p99(idle));
  });
});
