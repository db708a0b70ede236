import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseParams } from '../src/fake-cas-digest';
import { type FakeCas, startFakeCas } from '../src/fake-cas-server';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

/** A bare Digest client (RFC 7616, MD5, qop=auth), enough to drive the fake as any CAS client would. */
async function call(cas: FakeCas, method: string, path: string, accept?: string) {
  const uri = `/cas/casrs${path}`;
  const first = await fetch(`${cas.url}${uri}`, { method });
  expect(first.status).toBe(401);
  const p = parseParams(first.headers.get('www-authenticate')!.slice(7));
  const cnonce = randomBytes(8).toString('hex');
  const ha1 = md5(`${cas.username}:${p.realm}:${cas.password}`);
  const response = md5(`${ha1}:${p.nonce}:00000001:${cnonce}:auth:${md5(`${method}:${uri}`)}`);
  const authorization = `Digest username="${cas.username}", realm="${p.realm}", nonce="${p.nonce}", uri="${uri}", qop=auth, nc=00000001, cnonce="${cnonce}", response="${response}"`;
  const res = await fetch(`${cas.url}${uri}`, { method, headers: { authorization, ...(accept ? { accept } : {}) } });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}

describe('fake cas', () => {
  let cas: FakeCas;
  beforeAll(async () => {
    cas = await startFakeCas({ vms: 4, operationMs: 300 });
  });
  afterAll(() => cas?.stop());

  it('fake cas - XML unless JSON is asked for, and in JSON a list of one is the element itself', async () => {
    const xml = await call(cas, 'GET', '/hostpool/all');
    expect(xml.type).toMatch(/application\/xml/);
    expect(xml.body).toContain('<list><hostPool><id>1</id><name>pool-1</name></hostPool></list>');
    const json = await call(cas, 'GET', '/hostpool/all', 'application/json');
    expect(JSON.parse(json.body)).toEqual({ hostPool: { id: 1, name: 'pool-1' } });
  });

  it('fake cas - an operation answers with a message id; the VM changes once its message reaches 100 %', async () => {
    const vm = cas.estate.vms.find((v) => v.status === 'running')!;
    const started = JSON.parse((await call(cas, 'PUT', `/vm/stop/${vm.id}`, 'application/json')).body);
    const msgId = String(started.msgId);
    const early = JSON.parse((await call(cas, 'GET', `/message/${msgId}`, 'application/json')).body);
    expect(early).toMatchObject({ msgId, completed: false });
    expect(early.progress).toBeLessThan(100);
    expect(vm.status).toBe('running');
    await new Promise((r) => setTimeout(r, 350));
    const done = JSON.parse((await call(cas, 'GET', `/message/${msgId}`, 'application/json')).body);
    expect(done).toMatchObject({ msgId, progress: 100, completed: true, result: 'success' });
    expect(vm.status).toBe('shutOff');
    expect((await call(cas, 'GET', '/message/999')).status).toBe(409);
  });

  it('fake cas - a wrong password is refused with a fresh challenge and the reason in the page', async () => {
    const uri = '/cas/casrs/version';
    const first = await fetch(`${cas.url}${uri}`);
    const p = parseParams(first.headers.get('www-authenticate')!.slice(7));
    const ha1 = md5(`${cas.username}:${p.realm}:wrong-password`);
    const response = md5(`${ha1}:${p.nonce}:00000001:c:auth:${md5(`GET:${uri}`)}`);
    const res = await fetch(`${cas.url}${uri}`, {
      headers: {
        authorization: `Digest username="admin", realm="${p.realm}", nonce="${p.nonce}", uri="${uri}", qop=auth, nc=00000001, cnonce="c", response="${response}"`,
      },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Digest realm="VMC RESTful Web Services"/);
    expect(await res.text()).toContain('Bad credentials');
  });
});
