import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureMasterKeySecret, type KubernetesApi } from '../../src/secrets/master-key-secret';
import { Sealer } from '../../src/secrets/sealer';

/**
 * FAKE Kubernetes API server: no Kubernetes API server can run on these machines. It keeps Secrets in a map and
 * answers the two calls the hook makes (read one Secret, create one) as the real one does (200/404, 201/409, 403
 * without the right token), so the hook's decisions are tested, not the API server.
 */
async function fakeKubernetesApi(token: string) {
  const secrets = new Map<string, { metadata: { name: string }; data: Record<string, string> }>();
  const calls: string[] = [];
  const body = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let text = '';
      req.on('data', (c) => (text += c));
      req.on('end', () => resolve(text));
    });
  const server: Server = createServer(async (req, res) => {
    calls.push(`${req.method} ${req.url}`);
    const send = (status: number, json: unknown) => res.writeHead(status).end(JSON.stringify(json));
    if (req.headers.authorization !== `Bearer ${token}`) return send(403, { message: 'forbidden' });
    const match = /^\/api\/v1\/namespaces\/([^/]+)\/secrets(?:\/([^/]+))?$/.exec(req.url ?? '');
    if (!match) return send(404, { message: 'no route' });
    const [, ns, name] = match;
    if (req.method === 'GET') {
      const found = secrets.get(`${ns}/${name}`);
      return found ? send(200, found) : send(404, { message: `secrets "${name}" not found` });
    }
    const secret = JSON.parse(await body(req));
    const id = `${ns}/${secret.metadata.name}`;
    if (secrets.has(id)) return send(409, { message: 'already exists' });
    secrets.set(id, secret);
    return send(201, secret);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, secrets, calls, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('master key secret - made once in the cluster, never while rendering the chart', () => {
  let api: Awaited<ReturnType<typeof fakeKubernetesApi>> | undefined;
  afterEach(async () => {
    await api?.close();
  });
  const secret = { namespace: 'justfit', name: 'justfit-master-key', key: 'master.key' };

  it('master key - absent: a new 256-bit key is created, one the collector can seal with', async () => {
    api = await fakeKubernetesApi('sa-token');
    const k8s: KubernetesApi = { url: api.url, token: 'sa-token' };
    expect(await ensureMasterKeySecret(k8s, secret)).toBe('created');
    const stored = api.secrets.get('justfit/justfit-master-key')!;
    const keyFile = Buffer.from(stored.data['master.key']!, 'base64').toString();
    expect(Buffer.from(keyFile, 'base64')).toHaveLength(32);
    const sealer = Sealer.fromKeyMaterial(keyFile);
    expect(sealer.open(sealer.seal('vcenter-password', 'ref'), 'ref')).toBe('vcenter-password');
  });

  it('master key - present: kept byte for byte, on every upgrade', async () => {
    api = await fakeKubernetesApi('sa-token');
    const k8s: KubernetesApi = { url: api.url, token: 'sa-token' };
    await ensureMasterKeySecret(k8s, secret);
    const first = api.secrets.get('justfit/justfit-master-key')!.data['master.key'];
    expect(await ensureMasterKeySecret(k8s, secret)).toBe('kept');
    expect(await ensureMasterKeySecret(k8s, secret)).toBe('kept');
    expect(api.secrets.get('justfit/justfit-master-key')!.data['master.key']).toBe(first);
    expect(api.calls.filter((c) => c.startsWith('POST'))).toHaveLength(1);
  });

  it('master key - without the right to read Secrets the hook fails with the API’s reason, creating nothing', async () => {
    api = await fakeKubernetesApi('sa-token');
    await expect(ensureMasterKeySecret({ url: api.url, token: 'wrong' }, secret)).rejects.toThrow(
      'cannot read Secret justfit/justfit-master-key: HTTP 403 forbidden',
    );
    expect(api.secrets.size).toBe(0);
  });
});
