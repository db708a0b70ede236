import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../src/ports';

const [ephemeralLow = 32_768] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
  .trim()
  .split(/\s+/)
  .map(Number);

const held: Server[] = [];
afterEach(async () => {
  await Promise.all(held.splice(0).map((s) => new Promise((r) => s.close(r))));
});

function hold(port: number): Promise<void> {
  return new Promise((res, rej) => {
    const srv = createServer();
    held.push(srv);
    srv.once('error', rej);
    srv.listen(port, '127.0.0.1', () => res());
  });
}

describe('free ports', () => {
  it('ports - handed out below the ephemeral range, where outgoing connections never take them', async () => {
    const ports = await Promise.all(Array.from({ length: 50 }, () => freePort()));
    for (const port of ports) {
      expect(port).toBeGreaterThan(1024);
      expect(port).toBeLessThan(ephemeralLow);
    }
    expect(new Set(ports).size).toBe(ports.length);
  });

  it('ports - the ones a server already holds are skipped, and each handed out binds', async () => {
    // Ports go round in order, so the three after this one are the next candidates: hold them.
    const last = await freePort();
    const taken = [last + 1, last + 2, last + 3];
    for (const port of taken) await hold(port);
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    for (const port of taken) expect(ports).not.toContain(port);
    for (const port of ports) await hold(port);
  });
});
