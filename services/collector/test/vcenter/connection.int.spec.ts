import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@justfit/testing/tools';
import { startVcsim, type Vcsim } from '@justfit/testing/vcsim';
import { EndpointPolicy } from '../../src/adapters/endpoint-policy';
import { VcenterError } from '../../src/adapters/vcenter/errors';
import { VimClient } from '../../src/adapters/vcenter/vim-client';
import { VCenterConnector } from '../../src/adapters/vcenter/vcenter-connector';
import { connectorFor, justfitSessions, NO_SCOPE, LAB_ENDPOINTS } from './fixtures';

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
      VimClient.connect({
        url: sim.url,
        username: sim.username,
        password: 'nope',
        verifyTls: false,
        endpointPolicy: LAB_ENDPOINTS,
      }),
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

  describe('what is not a vCenter reads the same, whatever the port state', () => {
    let silent: Server;
    let web: HttpServer;
    let lurker: Server;
    const ports = { refused: 0, silent: 0, web: 0, lurker: 0 };
    let lurkerConnections = 0;
    const held = new Set<Socket>();
    beforeAll(async () => {
      ports.refused = await freePort();
      silent = createServer((socket) => held.add(socket)); // holds the socket, says nothing
      web = createHttpServer((_req, res) => res.end('<html>a web server, not vCenter</html>'));
      lurker = createServer((socket) => {
        lurkerConnections++;
        socket.destroy();
      });
      for (const [name, server] of [
        ['silent', silent],
        ['web', web],
        ['lurker', lurker],
      ] as const) {
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        ports[name] = (server.address() as AddressInfo).port;
      }
    });
    afterAll(async () => {
      for (const socket of held) socket.destroy();
      for (const server of [silent, web, lurker]) await new Promise((resolve) => server.close(resolve));
    });

    const testAt = (endpoint: string, port: number, policy = LAB_ENDPOINTS, verifyTls = false) =>
      new VCenterConnector(
        { endpoint, port, username: 'u', password: 'p', verifyTls },
        { timeoutMs: 500, endpointPolicy: policy },
      ).test();

    it('vcenter - a refused port, a silent host, a web server and a TLS service that is not the SDK all read "unreachable" (1001)', async () => {
      const results = [
        await testAt('127.0.0.1', ports.refused),
        await testAt('127.0.0.1', ports.silent),
        await testAt('127.0.0.1', ports.web),
        await testAt(`https://127.0.0.1:${sim.port}/not-the-sdk`, sim.port),
        await testAt(`https://127.0.0.1:${sim.port}/not-the-sdk`, sim.port, LAB_ENDPOINTS, true),
      ];
      for (const result of results) {
        expect(result).toMatchObject({ success: false, code: 1001, latencyMs: 0 });
        expect(result.message).toMatch(/^vCenter 127\.0\.0\.1:\d+ is unreachable: check the address and port/);
      }
      const words = new Set(results.map((r) => r.message.replace(/127\.0\.0\.1:\d+/, 'HOST')));
      expect(words.size).toBe(1);
      // The collector's log keeps what happened.
      expect(results[0]!.detail).toMatch(/ECONNREFUSED/);
      expect(results[1]!.detail).toMatch(/timeout/i);
      expect(new Set(results.map((r) => r.detail)).size).toBeGreaterThan(1);
    });

    it('vcenter - loopback is refused (1005) before any connection unless a lab allows it, also by a name resolving there', async () => {
      for (const endpoint of ['127.0.0.1', 'localhost', `https://[::ffff:127.0.0.1]:${ports.lurker}/sdk`]) {
        const result = await testAt(endpoint, ports.lurker, new EndpointPolicy());
        expect(result, endpoint).toMatchObject({ success: false, code: 1005 });
        expect(result.message).toMatch(/is loopback: connection endpoints there are refused/);
        expect(result.message).toMatch(/COLLECTOR_ALLOWED_ENDPOINT_CIDRS/);
      }
      expect(lurkerConnections).toBe(0);
      expect(await testAt('127.0.0.1', ports.lurker)).toMatchObject({ code: 1001 });
      expect(lurkerConnections).toBe(1);
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
