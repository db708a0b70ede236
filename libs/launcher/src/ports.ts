import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * Ports for child processes are handed out below the kernel's ephemeral range. A port the kernel picks with
 * listen(0) comes from that range, and so does the local port of every outgoing connection: between our probe
 * closing it and the child binding it, any connection on the machine could take it, and the child would die
 * with EADDRINUSE. Below the range only explicit binds compete, and the probe sees those.
 */
const SPAN = 8_000;
const SLICES = 8;

function ephemeralLow(): number | undefined {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    return Number.isInteger(low) ? low : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Each test worker (VITEST_POOL_ID) takes its own slice, so parallel workers never hand out the same port;
 * within a process the ports go round the slice, so a port handed out and not yet bound is not handed out again.
 */
function portSlice(): { first: number; size: number } | undefined {
  const low = ephemeralLow();
  if (low === undefined || low - SPAN < 1024) return undefined;
  const size = SPAN / SLICES;
  const worker = Number(process.env.VITEST_POOL_ID ?? 0) % SLICES;
  return { first: low - SPAN + worker * size, size };
}

const slice = portSlice();
let next = slice ? Math.floor(Math.random() * slice.size) : 0;

function probe(port: number): Promise<number | undefined> {
  return new Promise((res) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => res(undefined));
    srv.listen(port, '127.0.0.1', () => {
      const addr = srv.address();
      const bound = typeof addr === 'object' && addr ? addr.port : undefined;
      srv.close(() => res(bound));
    });
  });
}

/** A TCP port on 127.0.0.1 that nothing holds now, for a child process to bind. */
export async function freePort(): Promise<number> {
  if (slice) {
    for (let tries = 0; tries < slice.size; tries++) {
      const port = slice.first + (next++ % slice.size);
      if ((await probe(port)) === port) return port;
    }
  }
  const port = await probe(0);
  if (port === undefined) throw new Error('no free TCP port on 127.0.0.1');
  return port;
}
