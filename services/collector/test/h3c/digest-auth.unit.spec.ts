import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DigestSession, parseAuthParams, pickDigestChallenge } from '../../src/adapters/h3c/digest-auth';

// RFC 7616 §3.9.1: the worked example, with its published responses for MD5 and SHA-256.
const RFC_CHALLENGE = (algorithm: string) =>
  `Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=${algorithm}, ` +
  'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"';
const CNONCE = 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ';

describe('digest auth', () => {
  it('digest - answers the RFC 7616 example with its published MD5 and SHA-256 responses', () => {
    for (const [algorithm, response] of [
      ['MD5', '8ca523f5e9506fed4657c9700eebdbec'],
      ['SHA-256', '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1'],
    ] as const) {
      const challenge = pickDigestChallenge(RFC_CHALLENGE(algorithm))!;
      expect(challenge).toMatchObject({ algorithm, qop: 'auth', stale: false });
      const header = new DigestSession(challenge, 'Mufasa', 'Circle of Life').authorization(
        'GET',
        '/dir/index.html',
        CNONCE,
      );
      expect(parseAuthParams(header.slice(7))).toMatchObject({
        username: 'Mufasa',
        realm: 'http-auth@example.org',
        uri: '/dir/index.html',
        algorithm,
        qop: 'auth',
        nc: '00000001',
        cnonce: CNONCE,
        response,
        opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
      });
    }
  });

  it('digest - the strongest usable challenge is chosen among several, and Basic is ignored', () => {
    const header = `Basic realm="x", Digest realm="r", nonce="n1", qop="auth", algorithm=MD5, Digest realm="r", nonce="n2", qop="auth", algorithm=SHA-256`;
    expect(pickDigestChallenge(header)).toMatchObject({ nonce: 'n2', algorithm: 'SHA-256' });
    expect(pickDigestChallenge(['Basic realm="x"'])).toBeUndefined();
    // auth-int alone is not something this client answers.
    expect(pickDigestChallenge('Digest realm="r", nonce="n", qop="auth-int"')).toBeUndefined();
  });

  it('digest - the nonce count rises with each request on one nonce; stale is read case-insensitively', () => {
    const challenge = pickDigestChallenge(
      'Digest realm="VMC RESTful Web Services", nonce="abc", qop="auth", stale=TRUE',
    )!;
    expect(challenge.stale).toBe(true);
    const session = new DigestSession(challenge, 'admin', 'pw');
    session.authorization('GET', '/a');
    expect(parseAuthParams(session.authorization('GET', '/b').slice(7)).nc).toBe('00000002');
  });

  it('digest - without qop the RFC 2069 response is sent, with no nc or cnonce', () => {
    const challenge = pickDigestChallenge(
      'Digest realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093"',
    )!;
    const p = parseAuthParams(
      new DigestSession(challenge, 'Mufasa', 'Circle Of Life').authorization('GET', '/dir/index.html').slice(7),
    );
    // RFC 2069's example with its parameters; the RFC's printed response is a known erratum, so it is recomputed here.
    const md5 = (x: string) => createHash('md5').update(x).digest('hex');
    const ha1 = md5('Mufasa:testrealm@host.com:Circle Of Life');
    expect(p.response).toBe(md5(`${ha1}:dcd98b7102dd2f0e8b11d0f600bfb0c093:${md5('GET:/dir/index.html')}`));
    expect(p.nc).toBeUndefined();
  });
});
