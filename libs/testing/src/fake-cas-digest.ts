import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The server side of HTTP Digest (RFC 7616, MD5 and qop=auth) the way a Spring Security DigestAuthenticationFilter
 * does it, which is what CAS's Java stack is taken to run: nonces carry their own expiry and a keyed hash of it, so
 * they need no server state; an expired one is answered with `stale=true`. A nonce-count seen twice for one nonce is
 * refused as a replay (counts may arrive out of order: clients send requests side by side).
 */
export class DigestVerifier {
  private readonly key = randomBytes(16).toString('hex');
  private readonly seen = new Map<string, Set<string>>();

  constructor(
    readonly realm: string,
    private readonly users: () => ReadonlyMap<string, string>,
    private readonly nonceTtlMs: number,
  ) {}

  challenge(stale = false): string {
    const expiry = Date.now() + this.nonceTtlMs;
    const signature = createHmac('sha256', this.key).update(String(expiry)).digest('hex');
    const nonce = Buffer.from(`${expiry}:${signature}`).toString('base64');
    return `Digest realm="${this.realm}", qop="auth", nonce="${nonce}", algorithm=MD5${stale ? ', stale=true' : ''}`;
  }

  /** `ok`, or why the request is refused (`stale` asks the client to retry with a fresh nonce, not new credentials). */
  verify(method: string, url: string, header: string | undefined): 'ok' | 'missing' | 'stale' | 'refused' {
    if (!header?.startsWith('Digest ')) return 'missing';
    const p = parseParams(header.slice(7));
    const password = this.users().get(p.username ?? '');
    if (p.realm !== this.realm || p.uri !== url || !p.nonce || !p.response || password === undefined) return 'refused';
    const [expiry, signature] = Buffer.from(p.nonce, 'base64').toString().split(':');
    const expected = createHmac('sha256', this.key)
      .update(expiry ?? '')
      .digest('hex');
    if (!signature || !safeEqual(signature, expected)) return 'refused';
    if (p.algorithm && p.algorithm.toUpperCase() !== 'MD5') return 'refused';
    const ha1 = md5(`${p.username}:${this.realm}:${password}`);
    const ha2 = md5(`${method}:${p.uri}`);
    if (p.qop !== 'auth' || !p.nc || !p.cnonce) return 'refused';
    if (!safeEqual(p.response, md5(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${ha2}`))) return 'refused';
    // The credentials are right: an expired nonce only needs renewing.
    if (Number(expiry) < Date.now()) return 'stale';
    let counts = this.seen.get(p.nonce);
    if (!counts) this.seen.set(p.nonce, (counts = new Set()));
    if (counts.has(p.nc)) return 'refused';
    counts.add(p.nc);
    return 'ok';
  }
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const safeEqual = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/** `a="x", b=y` → { a: 'x', b: 'y' } (quoted strings may hold commas and escaped quotes). */
export function parseParams(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([a-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/gi;
  for (const m of text.matchAll(re))
    out[m[1]!.toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!;
  return out;
}
