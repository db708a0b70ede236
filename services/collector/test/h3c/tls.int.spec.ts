import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type FakeCas, startFakeCas } from '@justfit/testing/fake-cas-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CasConnector, type CasConnectorOptions } from '../../src/adapters/h3c/cas-connector';
import { LAB_POLICY } from './fixtures';

describe('h3c over https', () => {
  let dir: string;
  let cert: string;
  let cas: FakeCas;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'justfit-cas-tls-'));
    // A self-signed certificate for 127.0.0.1, as a CVM installed with its defaults has one of its own.
    await promisify(execFile)('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ]);
    cert = await readFile(join(dir, 'cert.pem'), 'utf8');
    cas = await startFakeCas({ vms: 4, tls: { key: await readFile(join(dir, 'key.pem'), 'utf8'), cert } });
  });
  afterAll(async () => {
    await cas?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const connector = (verifyTls: boolean, options: CasConnectorOptions = {}) =>
    new CasConnector(
      { endpoint: cas.url, port: cas.port, username: cas.username, password: cas.password, verifyTls },
      { endpointPolicy: LAB_POLICY, ...options },
    );

  it('h3c - an untrusted certificate is refused with 1001 saying so, and no credentials cross it', async () => {
    const refusedBefore = cas.stats.refused;
    const c = connector(true);
    const result = await c.test();
    await c.close();
    expect(result).toMatchObject({ success: false, code: 1001 });
    expect(result.message).toMatch(/TLS certificate of H3C CAS 127\.0\.0\.1:\d+ could not be verified/);
    expect(result.message).toMatch(/verifyTls: false/);
    expect(cas.stats.refused).toBe(refusedBefore);
  });

  it("h3c - over HTTPS, the CVM's CA trusted or verification off for this connection, the connection works", async () => {
    for (const c of [connector(true, { ca: cert }), connector(false)]) {
      const result = await c.test();
      await c.close();
      expect(result).toMatchObject({ success: true, serverVersion: `H3C CAS ${cas.version}` });
    }
  });
});
