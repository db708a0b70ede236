import { createServer, type Server, type Socket } from 'node:net';
import { freePort } from '@justfit/testing/tools';
import { type FakeCas, startFakeCas } from '@justfit/testing/fake-cas-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CasConnector } from '../../src/adapters/h3c/cas-connector';
import { connectorFor, inventoryOf } from './fixtures';

describe('h3c connection', () => {
  let cas: FakeCas;
  beforeAll(async () => {
    cas = await startFakeCas({ vms: 8, nonceTtlMs: 300 });
  });
  afterAll(() => cas?.stop());

  it('h3c - test connection answers with the CAS version and its latency', async () => {
    const connector = connectorFor(cas);
    const result = await connector.test();
    await connector.close();
    expect(result).toMatchObject({ success: true, serverVersion: `H3C CAS ${cas.version}`, apiVersion: cas.version });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result.message).toBe(`connected to H3C CAS ${cas.version}`);
  });

  it('h3c - a wrong password fails with 1001 and the reason CAS gave; collecting with it fails the same way', async () => {
    const refusedBefore = cas.stats.refused;
    const connector = connectorFor(cas, { password: 'not-the-password' });
    const result = await connector.test();
    expect(result).toMatchObject({ success: false, code: 1001, latencyMs: 0 });
    expect(result.message).toMatch(/rejected the login of user "admin": Bad credentials\. Check the user name/);
    expect(result.message).not.toContain('not-the-password');
    expect(cas.stats.refused).toBeGreaterThan(refusedBefore);
    await expect(inventoryOf(connector)).rejects.toMatchObject({ code: 1001 });
    await connector.close();
  });

  it('h3c - a nonce that went stale is renewed without failing the requests that meet it', async () => {
    const connector = connectorFor(cas);
    const challengesBefore = cas.stats.challenges;
    const refusedBefore = cas.stats.refused;
    await inventoryOf(connector);
    await new Promise((r) => setTimeout(r, 400)); // past the fake's 300 ms nonce lifetime
    const entities = await inventoryOf(connector);
    await connector.close();
    expect(entities.filter((e) => e.kind === 'vm')).toHaveLength(8 + cas.estate.templates.length);
    // The first challenge, then one stale answer: never a refusal.
    expect(cas.stats.challenges - challengesBefore).toBeGreaterThanOrEqual(2);
    expect(cas.stats.refused).toBe(refusedBefore);
  });

  describe('what does not answer as CAS', () => {
    let silent: Server;
    let silentPort: number;
    const held = new Set<Socket>();
    beforeAll(async () => {
      silent = createServer((socket) => held.add(socket)); // accepts connections, never answers
      await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
      silentPort = (silent.address() as { port: number }).port;
    });
    afterAll(() => {
      for (const socket of held) socket.destroy();
      return new Promise<void>((r) => silent.close(() => r()));
    });

    it('h3c - a refused port and a host that never answers both read "unreachable" (1001)', async () => {
      for (const port of [await freePort(), silentPort]) {
        const connector = connectorFor(cas, { port }, { timeoutMs: 500 });
        const result = await connector.test();
        await connector.close();
        expect(result).toMatchObject({ success: false, code: 1001 });
        expect(result.message).toMatch(/is unreachable/);
      }
    });
  });

  it('h3c - a CAS that asked for credentials and then falls silent is a timeout (408)', async () => {
    const quiet = await startFakeCas({ vms: 2, behaviour: { silent: 'after-challenge' } });
    try {
      const connector = connectorFor(quiet, {}, { timeoutMs: 400 });
      const started = Date.now();
      const result = await connector.test();
      expect(result).toMatchObject({ success: false, code: 408 });
      expect(result.message).toMatch(/did not answer within 0\.4 s/);
      expect(Date.now() - started).toBeLessThan(5_000);
      // Silence while collecting is a timeout too, whatever was answered before.
      await expect(inventoryOf(connector)).rejects.toMatchObject({ code: 408 });
      await connector.close();
    } finally {
      await quiet.stop();
    }
  });

  it('h3c - loopback is refused (1005) before any request unless a lab allows it, also by a name resolving there', async () => {
    const handled = () => [...cas.stats.byRoute.values()].reduce((a, b) => a + b, 0) + cas.stats.challenges;
    const before = handled();
    for (const endpoint of [cas.host, 'localhost']) {
      const connector = new CasConnector({
        endpoint,
        port: cas.port,
        username: cas.username,
        password: cas.password,
        verifyTls: true,
      });
      const result = await connector.test();
      await connector.close();
      expect(result, endpoint).toMatchObject({ success: false, code: 1005 });
      expect(result.message).toMatch(/loopback/);
    }
    expect(handled()).toBe(before);
  });
});
