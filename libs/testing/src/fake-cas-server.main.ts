/**
 * Runs the fake H3C CAS as a process of its own (benchmarks measure a client, not a server sharing its event loop):
 * `node --import tsx fake-cas-server.main.ts '<FakeCasOptions as JSON>'` prints `{"port":N}` once listening and
 * stops on SIGTERM or when its parent closes stdin.
 */
import { startFakeCas } from './fake-cas-server';

const cas = await startFakeCas(JSON.parse(process.argv[2] ?? '{}'));
process.stdout.write(`${JSON.stringify({ port: cas.port, username: cas.username, password: cas.password })}\n`);
const stop = () => void cas.stop().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
