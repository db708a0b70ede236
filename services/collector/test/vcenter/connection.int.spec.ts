import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@justfit/testing/tools';
import { startVcsim, type Vcsim } from '@justfit/testing/vcsim';
import { VcenterError } from '../../src/adapters/vcenter/errors';
import { VimClient } from '../../src/adapters/vcenter/vim-client';
import { VCenterConnector } from '../../src/adapters/vcenter/vcenter-connector';
import { connectorFor, justfitSessions, NO_SCOPE } from './fixtures';

let sim: Vcsim;
beforeAll(async () => {
  sim = await startVcsim();
});
afterAll(async () => {
  await sim?.stop();
});

async function failureOf(promise: Promise<unknown>): Promise<VcenterError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(VcenterError);
  return error as VcenterError;
}

describe('vcenter connection', () => {
  it('vcenter - test connection logs in and reports the server version like govc about', async () => {
    const about = (JSON.parse(await sim.govc('about', '-json')) as { about: { fullName: string; apiVersion: string } })
      .about;
    const connector = connectorFor(sim);
    const result = await connector.test();
    await connector.close();
    expect(result).toMatchObject({ success: true, serverVersion: about.fullName, apiVersion: about.apiVersion });
    expect(result.serverVersion).toContain('VMware vCenter Server');
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('vcenter - close logs the session out', async () => {
    const connector = connectorFor(sim);
    expect((await connector.test()).success).toBe(true);
    expect(await justfitSessions(sim)).toHaveLength(1);
    await connector.close();
    expect(await justfitSessions(sim)).toHaveLength(0);
  });

  it('vcenter - a wrong password fails with 1001 and the server reason', async () => {
    const connector = connectorFor(sim, { password: 'not-the-password' });
    const result = await connector.test();
    expect(result).toMatchObject({ success: false, code: 1001 });
    expect(result.message).toContain('Login failure'); // vcsim's InvalidLogin text
    expect(result.message).toContain(sim.username);

    const error = await failureOf(
      VimClient.connect({ url: sim.url, username: sim.username, password: 'nope', verifyTls: false }),
    );
    expect(error.code).toBe(1001);
    expect(error.reason).toBe('Login failure');
    await connector.close();
  });

  it('vcenter - inventory with a wrong password rejects with 1001', async () => {
    const connector = connectorFor(sim, { password: 'not-the-password' });
    const error = await failureOf(
      (async () => {
        for await (const _ of connector.inventory(NO_SCOPE)) {
          /* drain */
        }
      })(),
    );
    expect(error.code).toBe(1001);
  });

  it('vcenter - an unreachable port fails with 1001 and says what to check', async () => {
    const port = await freePort();
    const connector = new VCenterConnector({
      endpoint: '127.0.0.1',
      port,
      username: 'u',
      password: 'p',
      verifyTls: false,
    });
    const result = await connector.test();
    expect(result).toMatchObject({ success: false, code: 1001 });
    expect(result.message).toMatch(/connection refused/i);
    expect(result.message).toContain(`127.0.0.1:${port}`);
  });

  describe('a server that accepts connections but never answers', () => {
    let silent: Server;
    let port: number;
    const held = new Set<Socket>();
    beforeAll(async () => {
      port = await freePort();
      silent = createServer((socket) => held.add(socket)); // hold the socket, say nothing
      await new Promise<void>((resolve) => silent.listen(port, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      for (const socket of held) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    });

    it('vcenter - a silent server times out with 408', async () => {
      const connector = new VCenterConnector(
        { endpoint: '127.0.0.1', port, username: 'u', password: 'p', verifyTls: false },
        { timeoutMs: 500 },
      );
      const result = await connector.test();
      expect(result).toMatchObject({ success: false, code: 408 });
      expect(result.message).toMatch(/did not answer within 0\.5 s/);
    });
  });

  it('vcenter - verifyTls true refuses the self-signed certificate with a clear message', async () => {
    const before = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    const connector = connectorFor(sim, { verifyTls: true });
    const result = await connector.test();
    expect(result).toMatchObject({ success: false, code: 1001 });
    expect(result.message).toMatch(/certificate/i);
    expect(result.message).toMatch(/self-signed/i);
    expect(result.message).toContain('verifyTls: false');
    expect(process.env.NODE_TLS_REJECT_UNAUTHORIZED).toBe(before);
  });

  it('vcenter - verifyTls false works for this connection only', async () => {
    const before = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    const insecure = connectorFor(sim, { verifyTls: false });
    const strict = connectorFor(sim, { verifyTls: true });
    const [a, b] = await Promise.all([insecure.test(), strict.test()]);
    expect(a.success).toBe(true);
    expect(b.success).toBe(false);
    expect(process.env.NODE_TLS_REJECT_UNAUTHORIZED).toBe(before);
    await Promise.all([insecure.close(), strict.close()]);
  });
});
