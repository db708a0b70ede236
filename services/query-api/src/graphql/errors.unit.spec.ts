import { describe, expect, it } from 'vitest';
import { publicText } from './errors';

describe('error texts - what a client reads of an error', () => {
  it('error texts - OpenSSL source paths and codes, stack frames and file paths are left out', () => {
    const openssl =
      'Cannot connect to vCenter 10.0.0.5:443: write EPROTO 40F7D2B2F07F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:355:';
    expect(publicText(openssl)).toBe('Cannot connect to vCenter 10.0.0.5:443: write EPROTO wrong version number');
    expect(publicText('boom\n    at run (/work/justfit/services/collector/src/x.ts:12:3)')).toBe('boom');
    expect(publicText('failed in /srv/app/libs/storage/src/client.ts:41:7 while reading')).toBe(
      'failed in while reading',
    );
  });

  it('error texts - ordinary messages pass unchanged', () => {
    for (const text of [
      'connection conn-1 not found',
      'limit must be between 1 and 1000',
      'vCenter 10.0.0.5:443 did not answer within 30 s',
    ])
      expect(publicText(text)).toBe(text);
  });
});
