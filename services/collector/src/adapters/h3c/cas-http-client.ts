import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { XMLParser } from 'fast-xml-parser';
import { EndpointPolicy } from '../endpoint-policy';
import { DigestSession, pickDigestChallenge } from './digest-auth';
import { isTlsTrustError } from '../vcenter/errors';
import { CasHttpError, CasLoginRefused, CasTimeout, CasTlsUntrusted, DEFAULT_CAS_TIMEOUT_MS } from './cas-errors';

export const CAS_USER_AGENT = 'JustFit-collector';

export interface CasHttpOptions {
  /** The REST base, e.g. `http://cvm:8080/cas/casrs`. */
  baseUrl: string;
  username: string;
  password: string;
  verifyTls: boolean;
  ca?: string | Buffer;
  timeoutMs?: number;
  /** Sockets kept open to CAS, which bounds the requests in flight (default 8). */
  maxSockets?: number;
  endpointPolicy?: EndpointPolicy;
}

type Query = Record<string, string | number | undefined>;

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

// Values stay text (a VM named "007" is not the number 7); callers convert the fields they know to be numbers.
const xml = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true });

/**
 * GETs JSON (or XML, where an endpoint answers nothing else) from the CAS REST API behind HTTP Digest. One challenge
 * is answered for many requests (nonce count increasing); a stale nonce is renewed without failing the request. The
 * endpoint policy judges the address and, through the agent's DNS lookup, whatever a name resolves to.
 */
export class CasHttpClient {
  private readonly agent: http.Agent;
  private readonly base: URL;
  private digest: DigestSession | undefined;
  private readonly policy: EndpointPolicy;
  /** The server has answered with a Digest challenge under the CAS REST path: it is (or poses as) CAS. */
  answeredAsCas = false;

  constructor(private readonly options: CasHttpOptions) {
    this.base = new URL(options.baseUrl.replace(/\/+$/, ''));
    const policy = (this.policy = options.endpointPolicy ?? new EndpointPolicy());
    const agentOptions = {
      keepAlive: true,
      maxSockets: options.maxSockets ?? 8,
      lookup: policy.lookup,
    } as http.AgentOptions;
    this.agent =
      this.base.protocol === 'https:'
        ? new https.Agent({ ...agentOptions, rejectUnauthorized: options.verifyTls, ca: options.ca })
        : new http.Agent(agentOptions);
  }

  get timeoutMs(): number {
    return this.options.timeoutMs ?? DEFAULT_CAS_TIMEOUT_MS;
  }

  /** The decoded body of `GET <base><path>?<query>`: JSON as sent, XML without its root element. */
  async get(path: string, query: Query = {}, signal?: AbortSignal): Promise<unknown> {
    // An address is judged here; a name, by the agent's lookup on each connection.
    const host = this.base.hostname.replace(/^\[(.*)\]$/, '$1');
    if (isIP(host)) this.policy.assertAllowed(host, host);
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) search.set(k, String(v));
    const target = `${this.base.pathname}${path}${search.size ? `?${search}` : ''}`;
    // Credentials refused again right after answering a fresh challenge are wrong; before that, the nonce may
    // only have been old (the server restarted, or forgot it), or stale (the credentials were right).
    let answeredFresh = false;
    for (let attempt = 0; ; attempt++) {
      const sent = this.digest;
      const res = await this.send(target, sent?.authorization('GET', target), signal).catch(async (error) => {
        if (isTlsTrustError(error) && !this.answeredAsCas && (await this.isCasBehindUntrustedTls(signal)))
          throw new CasTlsUntrusted(error);
        throw error;
      });
      if (res.status === 401) {
        const challenge = pickDigestChallenge(res.headers['www-authenticate']);
        if (!challenge) throw new CasHttpError(401, path, undefined, 'HTTP 401 without a usable Digest challenge');
        this.answeredAsCas = true;
        if ((sent && !challenge.stale && answeredFresh) || attempt >= 3) throw new CasLoginRefused(reasonOf(res));
        // Another request may have renewed the session meanwhile: use that one.
        if (this.digest === sent)
          this.digest = new DigestSession(challenge, this.options.username, this.options.password);
        answeredFresh = true;
        continue;
      }
      if (res.status === 200) return decode(res);
      throw httpError(res, path);
    }
  }

  /**
   * Whether the server behind a certificate that failed verification is CAS: worth explaining only then. The probe
   * sends no credentials over the unverified connection; a Digest challenge under the REST path is the answer.
   */
  private async isCasBehindUntrustedTls(signal?: AbortSignal): Promise<boolean> {
    const probe = new https.Agent({ rejectUnauthorized: false, lookup: this.policy.lookup });
    try {
      const res = await this.send(`${this.base.pathname}/version`, undefined, signal, probe);
      return res.status === 401 && pickDigestChallenge(res.headers['www-authenticate']) !== undefined;
    } catch {
      return false;
    } finally {
      probe.destroy();
    }
  }

  private send(
    target: string,
    authorization: string | undefined,
    signal?: AbortSignal,
    agent: http.Agent = this.agent,
  ): Promise<RawResponse> {
    const transport = this.base.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = transport.request(
        {
          protocol: this.base.protocol,
          hostname: this.base.hostname.replace(/^\[(.*)\]$/, '$1'),
          port: this.base.port || (this.base.protocol === 'https:' ? 443 : 80),
          path: target,
          method: 'GET',
          agent,
          signal,
          headers: {
            Accept: 'application/json',
            'User-Agent': CAS_USER_AGENT,
            ...(authorization ? { Authorization: authorization } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', reject);
        },
      );
      req.setTimeout(this.timeoutMs, () =>
        req.destroy(new CasTimeout(`no answer to GET ${target} within ${this.timeoutMs} ms`)),
      );
      req.on('error', reject);
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

function decode(res: RawResponse): unknown {
  const type = String(res.headers['content-type'] ?? '');
  if (/json/i.test(type)) return res.body ? JSON.parse(res.body) : {};
  if (/xml/i.test(type) || res.body.trimStart().startsWith('<')) {
    const doc = xml.parse(res.body) as Record<string, unknown>;
    const roots = Object.keys(doc).filter((k) => !k.startsWith('?'));
    return roots.length === 1 ? (doc[roots[0]!] ?? {}) : doc;
  }
  return res.body;
}

/** The text of a 401 page ("Bad credentials"), without its markup. */
function reasonOf(res: RawResponse): string {
  const text = res.body
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^\s*HTTP Status 401\s*-?\s*/i, '')
    .trim();
  return text.slice(0, 200) || 'HTTP 401 to Digest credentials';
}

/** CAS reports a refused request as HTTP 409 with Error-Code and Error-Message headers. */
function httpError(res: RawResponse, path: string): CasHttpError {
  const header = (name: string) => {
    const value = res.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  };
  const message =
    header('error-message') ??
    (res.body
      .replace(/<[^>]*>/g, ' ')
      .trim()
      .slice(0, 200) ||
      'no message');
  return new CasHttpError(res.status, path, header('error-code'), message);
}
