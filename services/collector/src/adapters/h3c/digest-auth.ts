import { createHash, randomBytes } from 'node:crypto';

/**
 * The client side of HTTP Digest access authentication (RFC 7616): MD5, SHA-256 and SHA-512-256, each also as
 * `-sess`, with qop `auth` (or RFC 2069's form when the server offers no qop). `auth-int` is not offered by CAS and is
 * not implemented; a challenge that allows only it is refused as unusable.
 */
export interface DigestChallenge {
  realm: string;
  nonce: string;
  opaque?: string;
  algorithm: DigestAlgorithm;
  /** `auth`, or undefined for RFC 2069 (no qop). */
  qop?: 'auth';
  /** The server refused the nonce only, not the credentials: retry with the new one. */
  stale: boolean;
}

type DigestAlgorithm = 'MD5' | 'MD5-sess' | 'SHA-256' | 'SHA-256-sess' | 'SHA-512-256' | 'SHA-512-256-sess';
const HASHES: Record<string, string> = { MD5: 'md5', 'SHA-256': 'sha256', 'SHA-512-256': 'sha512-256' };
/** Strongest first: RFC 7616 §3.7 asks clients to pick the most preferred algorithm they support. */
const PREFERENCE: DigestAlgorithm[] = ['SHA-512-256', 'SHA-256', 'MD5'].flatMap((a) => [
  a as DigestAlgorithm,
  `${a}-sess` as DigestAlgorithm,
]);

/** `realm="x, y", qop="auth,auth-int", stale=TRUE` → lower-cased keys and unquoted values. */
export function parseAuthParams(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([a-z0-9_*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/gi;
  for (const m of text.matchAll(re)) {
    out[m[1]!.toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!;
  }
  return out;
}

/** The challenges of one or more WWW-Authenticate values (Node joins repeated headers with ", "). */
export function splitChallenges(header: string | string[] | undefined): Array<{ scheme: string; params: string }> {
  const text = Array.isArray(header) ? header.join(', ') : (header ?? '');
  // A scheme is a token followed by a space and then a parameter (or the end): "Digest realm=..., Basic realm=...".
  const starts = [...text.matchAll(/(?:^|,)\s*([A-Za-z][\w!#$%&'*+.^`|~-]*)(?=\s+[\w-]+\s*=|\s*$|\s*,)/g)];
  const challenges: Array<{ scheme: string; params: string }> = [];
  for (const [i, m] of starts.entries()) {
    // A token inside a quoted parameter value is not a scheme; parameters always contain "=".
    const before = text.slice(0, m.index);
    if ((before.match(/"/g)?.length ?? 0) % 2 === 1) continue;
    const next = starts.slice(i + 1).find((n) => ((text.slice(0, n.index).match(/"/g)?.length ?? 0) & 1) === 0);
    const params = text.slice(m.index + m[0].length, next?.index ?? text.length);
    if (/=/.test(params) || !params.trim()) challenges.push({ scheme: m[1]!, params });
  }
  return challenges;
}

/** The usable Digest challenge of a 401 answer, the strongest algorithm first; undefined when there is none. */
export function pickDigestChallenge(header: string | string[] | undefined): DigestChallenge | undefined {
  const candidates: DigestChallenge[] = [];
  for (const { scheme, params } of splitChallenges(header)) {
    if (scheme.toLowerCase() !== 'digest') continue;
    const p = parseAuthParams(params);
    if (p.realm === undefined || !p.nonce) continue;
    const algorithm = PREFERENCE.find((a) => a.toLowerCase() === (p.algorithm ?? 'MD5').toLowerCase());
    if (!algorithm) continue;
    const qops = p.qop?.split(',').map((q) => q.trim().toLowerCase());
    if (qops && !qops.includes('auth')) continue;
    candidates.push({
      realm: p.realm,
      nonce: p.nonce,
      opaque: p.opaque,
      algorithm,
      qop: qops ? 'auth' : undefined,
      stale: p.stale?.toLowerCase() === 'true',
    });
  }
  return candidates.sort((a, b) => PREFERENCE.indexOf(a.algorithm) - PREFERENCE.indexOf(b.algorithm))[0];
}

const quote = (s: string) => `"${s.replace(/(["\\])/g, '\\$1')}"`;

/** Answers one challenge for many requests: the nonce is reused with an increasing nonce count (nc). */
export class DigestSession {
  private nc = 0;
  private readonly hash: (s: string) => string;
  private readonly ha1: string;

  constructor(
    readonly challenge: DigestChallenge,
    private readonly username: string,
    password: string,
  ) {
    const algorithm = HASHES[challenge.algorithm.replace(/-sess$/, '')]!;
    this.hash = (s) => createHash(algorithm).update(s, 'utf8').digest('hex');
    this.ha1 = this.hash(`${username}:${challenge.realm}:${password}`);
  }

  /** The Authorization header for one request; `uri` is the request target (path and query) exactly as sent. */
  authorization(method: string, uri: string, cnonce = randomBytes(16).toString('hex')): string {
    const { realm, nonce, opaque, algorithm, qop } = this.challenge;
    const nc = (++this.nc).toString(16).padStart(8, '0');
    const ha1 = algorithm.endsWith('-sess') ? this.hash(`${this.ha1}:${nonce}:${cnonce}`) : this.ha1;
    const ha2 = this.hash(`${method}:${uri}`);
    const response = qop
      ? this.hash(`${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`)
      : this.hash(`${ha1}:${nonce}:${ha2}`);
    // A user name outside printable ASCII goes as username* (RFC 7616 §3.4.4, RFC 5987 encoding).
    const user = /^[\x20-\x7e]*$/.test(this.username)
      ? `username=${quote(this.username)}`
      : `username*=UTF-8''${encodeURIComponent(this.username)}`;
    const parts = [
      user,
      `realm=${quote(realm)}`,
      `nonce=${quote(nonce)}`,
      `uri=${quote(uri)}`,
      `algorithm=${algorithm}`,
      `response=${quote(response)}`,
    ];
    if (qop) parts.push(`qop=${qop}`, `nc=${nc}`, `cnonce=${quote(cnonce)}`);
    if (opaque !== undefined) parts.push(`opaque=${quote(opaque)}`);
    return `Digest ${parts.join(', ')}`;
  }
}
