import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OidcVerifier } from '../src/auth/oidc';
import { hashTokenSecret } from '../src/auth/token-secret';
import { auditLogProjection } from '../src/auth/audit-log';
import { ProjectionRunner } from '../src/projections/projection-runner';
import { type GraphQLHarness, startGraphQLHarness } from './graphql-harness';
import { eventually } from '@justfit/testing/eventually';

const AUDIENCE = 'justfit-api';

/** An identity provider on 127.0.0.1: discovery document and JWKS, keys made with jose. */
async function startIdentityProvider() {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
  let jwksRequests = 0;
  const server: Server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/.well-known/openid-configuration')
      return res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
    if (req.url === '/jwks') {
      jwksRequests++;
      return res.end(JSON.stringify({ keys: [jwk] }));
    }
    res.statusCode = 404;
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sign = (
    claims: Record<string, unknown>,
    opts: { key?: CryptoKey; exp?: number; iss?: string; aud?: string } = {},
  ) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'key-1' })
      .setIssuer(opts.iss ?? issuer)
      .setAudience(opts.aud ?? AUDIENCE)
      .setSubject('person-7')
      .setIssuedAt()
      .setExpirationTime(opts.exp ?? Math.floor(Date.now() / 1000) + 600)
      .sign(opts.key ?? privateKey);
  return {
    issuer,
    sign,
    jwksRequests: () => jwksRequests,
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}

type Idp = Awaited<ReturnType<typeof startIdentityProvider>>;

describe('authentication and authorisation of the GraphQL API', () => {
  let h: GraphQLHarness;
  let idp: Idp;

  beforeAll(async () => {
    idp = await startIdentityProvider();
    h = await startGraphQLHarness({
      env: { OIDC_ISSUER: idp.issuer, OIDC_AUDIENCE: AUDIENCE, OIDC_ROLES_CLAIM: 'realm_access.roles' },
      oidc: new OidcVerifier({
        issuer: idp.issuer,
        audience: AUDIENCE,
        rolesClaim: 'realm_access.roles',
        connectionClaim: 'justfit.connection',
        clockSkewSec: 30,
      }),
    });
  });
  afterAll(async () => {
    await h?.stop();
    await idp?.stop();
  });

  const createToken = async (roles: string[], connectionId?: string) => {
    const { data, errors } = await h.request<{ createApiToken: { token: { id: string }; secret: string } }>(
      'mutation($r: [Role!]!, $c: ID) { createApiToken(input: { name: "script", roles: $r, connectionId: $c, expiresInDays: 7 }) { token { id } secret } }',
      { r: roles, c: connectionId },
    );
    expect(errors).toBeUndefined();
    return data!.createApiToken;
  };

  it('anonymous - a request without a token is 401 with the code, the trace id and WWW-Authenticate', async () => {
    const res = await h.fetch({
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-trace-id': 'anon-trace' },
      body: JSON.stringify({ query: '{ connections { id } }' }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    const body = (await res.json()) as { data?: unknown; errors: Array<{ message: string; extensions: object }> };
    expect(body.data).toBeUndefined();
    expect(body.errors[0]).toMatchObject({
      message: expect.stringMatching(/authentication required/),
      extensions: { code: 401, traceId: 'anon-trace' },
    });
    for (const bad of ['Basic YWRtaW46YWRtaW4=', 'Bearer jft_' + 'x'.repeat(43), 'Bearer not-a-jwt'])
      expect(
        (
          await h.fetch({
            method: 'POST',
            headers: { authorization: bad, 'content-type': 'application/json' },
            body: '{"query":"{ me { id } }"}',
          })
        ).status,
        bad,
      ).toBe(401);
  });

  it('API tokens - the secret is shown once and only its hash is stored; a viewer reads but cannot change (403)', async () => {
    const { token, secret } = await createToken(['viewer']);
    expect(secret).toMatch(/^jft_[A-Za-z0-9_-]{43}$/);
    const { data: listed } = await h.request<{ apiTokens: Array<Record<string, unknown>> }>(
      '{ apiTokens { id name roles status expiresAt } }',
    );
    expect(listed!.apiTokens).toContainEqual(
      expect.objectContaining({ id: token.id, roles: ['viewer'], status: 'active' }),
    );
    expect(JSON.stringify(listed)).not.toContain(secret);
    const stored = await h.bus.jsm.streams.getMessage('ACCESS', {
      last_by_subj: `justfit.access.ApiTokenCreated.${token.id}`,
    });
    const text = new TextDecoder().decode(stored!.data);
    expect(text).not.toContain(secret);
    expect(text).toContain(hashTokenSecret(secret));

    const me = await h.requestAs<{ me: { kind: string; id: string; roles: string[] } }>(
      secret,
      '{ me { kind id roles } }',
    );
    expect(me.data!.me).toEqual({ kind: 'token', id: token.id, roles: ['viewer'] });
    expect((await h.requestAs(secret, '{ connections { id } }')).errors).toBeUndefined();
    const refused = await h.requestAs(
      secret,
      'mutation { createConnection(input: { name: "x", type: simulated, endpoint: "x.local" }) { id } }',
    );
    expect(refused.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/createConnection needs the admin role/),
      extensions: { code: 403, traceId: 'trace-test' },
    });
    expect((await h.requestAs(secret, '{ auditLog { total } }')).errors?.[0]?.extensions.code).toBe(403);
  });

  it('API tokens - a revoked token is refused at once (401), and revoking it twice is 409', async () => {
    const { token, secret } = await createToken(['operator']);
    expect((await h.requestAs(secret, '{ me { id } }')).errors).toBeUndefined();
    const { data } = await h.request<{ revokeApiToken: { status: string } }>(
      'mutation($t: ID!) { revokeApiToken(id: $t) { status } }',
      { t: token.id },
    );
    expect(data!.revokeApiToken.status).toBe('revoked');
    const after = await h.requestAs(secret, '{ me { id } }');
    expect(after.errors?.[0]).toMatchObject({ message: 'the API token is revoked', extensions: { code: 401 } });
    const again = await h.request('mutation($t: ID!) { revokeApiToken(id: $t) { status } }', { t: token.id });
    expect(again.errors?.[0]?.extensions.code).toBe(409);
    const unknown = await h.request('mutation { revokeApiToken(id: "tok-nope") { status } }');
    expect(unknown.errors?.[0]?.extensions.code).toBe(404);
  });

  it('API tokens - a token scoped to one connection sees that connection only', async () => {
    const { secret } = await createToken(['viewer'], 'conn-a');
    expect((await h.requestAs(secret, '{ me { connectionId } }')).data).toEqual({ me: { connectionId: 'conn-a' } });
    // Left out, the connection is filled in: the list is filtered, not widened.
    expect((await h.requestAs(secret, '{ vms { total } findings { id } }')).errors).toBeUndefined();
    const other = await h.requestAs(secret, '{ vms(filter: { connectionId: "conn-b" }) { total } }');
    expect(other.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/conn-a only/),
      extensions: { code: 403 },
    });
    expect((await h.requestAs(secret, '{ connections { id } }')).errors?.[0]?.extensions.code).toBe(403);
    expect((await h.requestAs(secret, '{ policies { name } }')).errors?.[0]?.extensions.code).not.toBe(403);
    expect((await h.requestAs(secret, '{ task(id: "task-other") { id } }')).errors?.[0]?.extensions.code).toBe(403);
  });

  it('OIDC - a token from the configured issuer is accepted with its roles; JWKS fetched from the discovery document', async () => {
    const jwt = await idp.sign({ realm_access: { roles: ['operator', 'offline_access'] }, preferred_username: 'ana' });
    const { data, errors } = await h.requestAs<{ me: Record<string, unknown> }>(jwt, '{ me { kind id name roles } }');
    expect(errors).toBeUndefined();
    expect(data!.me).toEqual({ kind: 'oidc', id: 'person-7', name: 'ana', roles: ['operator'] });
    expect(idp.jwksRequests()).toBeGreaterThan(0);
    const mutation = await h.requestAs(
      jwt,
      'mutation { createPolicyVersion(input: { name: "p", analysisType: zombie, settings: {} }) { version } }',
    );
    expect(mutation.errors?.[0]?.extensions.code).toBe(403);
  });

  it('OIDC - a person whose token names a connection sees that connection only; one naming two is refused', async () => {
    const jwt = await idp.sign({ realm_access: { roles: ['viewer'] }, justfit: { connection: 'conn-a' } });
    expect((await h.requestAs(jwt, '{ me { kind connectionId } }')).data).toEqual({
      me: { kind: 'oidc', connectionId: 'conn-a' },
    });
    const other = await h.requestAs(jwt, '{ vms(filter: { connectionId: "conn-b" }) { total } }');
    expect(other.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/conn-a only/),
      extensions: { code: 403 },
    });
    expect((await h.requestAs(jwt, '{ connections { id } }')).errors?.[0]?.extensions.code).toBe(403);
    const two = await idp.sign({ realm_access: { roles: ['viewer'] }, justfit: { connection: ['conn-a', 'conn-b'] } });
    expect((await h.requestAs(two, '{ me { id } }')).errors?.[0]).toMatchObject({
      message: expect.stringMatching(/must name one connection/),
      extensions: { code: 401 },
    });
    const unscoped = await idp.sign({ realm_access: { roles: ['viewer'] } });
    expect((await h.requestAs(unscoped, '{ me { connectionId } }')).data).toEqual({ me: { connectionId: null } });
  });

  it('OIDC - wrong audience, wrong issuer, another key, a shared-secret signature and an expired token are 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    const { privateKey: stranger } = await generateKeyPair('RS256');
    const hs256 = await new SignJWT({ realm_access: { roles: ['admin'] } })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(idp.issuer)
      .setAudience(AUDIENCE)
      .setSubject('mallory')
      .setExpirationTime(now + 600)
      .sign(new TextEncoder().encode('a shared secret of thirty-two bytes!'));
    const cases: Array<[string, string, RegExp]> = [
      ['audience', await idp.sign({}, { aud: 'another-app' }), /aud claim/],
      ['issuer', await idp.sign({}, { iss: 'http://127.0.0.1:1' }), /iss claim/],
      ['key', await idp.sign({}, { key: stranger }), /signature/],
      ['HS256', hs256, /algorithm/],
      ['expired beyond the skew', await idp.sign({}, { exp: now - 60 }), /expired/],
    ];
    for (const [what, jwt, reason] of cases) {
      const { errors } = await h.requestAs(jwt, '{ me { id } }');
      expect(errors?.[0], what).toMatchObject({ message: expect.stringMatching(reason), extensions: { code: 401 } });
    }
    const withinSkew = await idp.sign({ realm_access: { roles: ['viewer'] } }, { exp: now - 10 });
    expect((await h.requestAs(withinSkew, '{ me { id } }')).errors).toBeUndefined();
  });

  it('audit - every change is recorded with who, what, when, from where, secrets redacted, refused ones too', async () => {
    const projections = new ProjectionRunner(h.bus, h.ch.client, [auditLogProjection]);
    await projections.start();
    try {
      const { secret: viewer, token } = await createToken(['viewer']);
      await h.requestAs(
        viewer,
        'mutation { createConnection(input: { name: "x", type: simulated, endpoint: "x.local", password: "hunter2-audit" }) { id } }',
      );
      const entries = await eventually(async () => {
        const { data } = await h.request<{ auditLog: { total: number; items: Array<Record<string, any>> } }>( // eslint-disable-line @typescript-eslint/no-explicit-any
          '{ auditLog(pageSize: 100) { total items { at actorKind actorId actorName operation arguments outcome code clientAddress traceId } } }',
        );
        const refused = data!.auditLog.items.find((e) => e.actorId === token.id);
        expect(refused).toBeDefined();
        return data!.auditLog;
      });
      expect(entries.items.find((e) => e.actorId === token.id)).toMatchObject({
        actorKind: 'token',
        operation: 'createConnection',
        outcome: 'refused',
        code: 403,
        traceId: 'trace-test',
        arguments: { input: { name: 'x', password: '[redacted]' } },
      });
      expect(entries.items.find((e) => e.operation === 'createApiToken')).toMatchObject({
        outcome: 'ok',
        actorKind: 'token',
      });
      expect(JSON.stringify(entries)).not.toContain('hunter2-audit');
      const page2 = await h.request<{ auditLog: { items: unknown[]; page: number } }>(
        '{ auditLog(page: 2, pageSize: 1) { page items { id } } }',
      );
      expect(page2.data!.auditLog).toMatchObject({ page: 2, items: [expect.anything()] });
      const byOperation = await h.request<{ auditLog: { items: Array<{ operation: string }> } }>(
        '{ auditLog(operation: "createApiToken") { items { operation } } }',
      );
      expect(byOperation.data!.auditLog.items.every((e) => e.operation === 'createApiToken')).toBe(true);
    } finally {
      await projections.stop();
    }
  });
});
