import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';

/**
 * Creates the Kubernetes Secret holding the collector's sealing key, once: if it exists it is left as it is, whatever
 * it holds. Run by the chart's pre-install/pre-upgrade hook Job (masterKey.create), so the key is made in the cluster,
 * never while rendering the chart (a key made by `helm template` would change at every render, and every sealed
 * credential would become unreadable).
 */
export interface KubernetesApi {
  /** `https://<host>:<port>` of the API server. */
  url: string;
  token: string;
  /** The cluster's CA (PEM); absent for a plain-HTTP endpoint (tests). */
  ca?: string;
}

export interface MasterKeySecret {
  namespace: string;
  name: string;
  /** The key of the Secret's data that holds the key file. */
  key: string;
  labels?: Record<string, string>;
}

export type EnsureOutcome = 'created' | 'kept';

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The API server as seen from a pod, with the pod's service account token. */
export function inClusterApi(env: NodeJS.ProcessEnv = process.env): KubernetesApi {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT ?? '443';
  if (!host) throw new Error('KUBERNETES_SERVICE_HOST is not set: this runs in a Kubernetes pod');
  return {
    url: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    token: readFileSync(`${SERVICE_ACCOUNT_DIR}/token`, 'utf8').trim(),
    ca: readFileSync(`${SERVICE_ACCOUNT_DIR}/ca.crt`, 'utf8'),
  };
}

export async function ensureMasterKeySecret(api: KubernetesApi, secret: MasterKeySecret): Promise<EnsureOutcome> {
  const path = `/api/v1/namespaces/${encodeURIComponent(secret.namespace)}/secrets`;
  const existing = await call(api, 'GET', `${path}/${encodeURIComponent(secret.name)}`);
  if (existing.status === 200) return 'kept';
  if (existing.status !== 404) throw apiError('read', secret, existing);
  // The file the collector reads: 32 random bytes, base64 (as `openssl rand -base64 32`); Secret data is base64 again.
  const keyFile = randomBytes(32).toString('base64');
  const created = await call(api, 'POST', path, {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'Opaque',
    metadata: {
      name: secret.name,
      namespace: secret.namespace,
      labels: secret.labels ?? {},
      // Not part of the release: Helm never deletes it; the annotation says so to anyone who adopts it.
      annotations: { 'helm.sh/resource-policy': 'keep' },
    },
    data: { [secret.key]: Buffer.from(keyFile).toString('base64') },
  });
  if (created.status === 201) return 'created';
  // Another run created it between the read and the write: keep that one.
  if (created.status === 409) return 'kept';
  throw apiError('create', secret, created);
}

function apiError(what: string, secret: MasterKeySecret, res: { status: number; body: string }): Error {
  let reason = '';
  try {
    reason = (JSON.parse(res.body) as { message?: string }).message ?? '';
  } catch {
    reason = res.body.slice(0, 200);
  }
  return new Error(`cannot ${what} Secret ${secret.namespace}/${secret.name}: HTTP ${res.status} ${reason}`.trim());
}

async function call(
  api: KubernetesApi,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<{ status: number; body: string }> {
  const headers = {
    authorization: `Bearer ${api.token}`,
    accept: 'application/json',
    'content-type': 'application/json',
  };
  const payload = body === undefined ? undefined : JSON.stringify(body);
  if (!api.ca) {
    const res = await fetch(`${api.url}${path}`, {
      method,
      headers,
      body: payload,
      signal: AbortSignal.timeout(10_000),
    });
    return { status: res.status, body: await res.text() };
  }
  return new Promise((resolve, reject) => {
    const req = request(`${api.url}${path}`, { method, headers, ca: api.ca, timeout: 10_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('timeout', () => req.destroy(new Error(`Kubernetes API did not answer ${method} ${path} in 10 s`)));
    req.on('error', reject);
    req.end(payload);
  });
}
