import { parseArgs } from 'node:util';
import { startEmbeddedClickHouseServer } from './embedded-server';

// Usage: tsx libs/storage/src/embedded-server.main.ts --data-dir X --port N [--max-body-mb M] [--exit-on-stdin-close]
// Prints {"url":"http://127.0.0.1:N"} on stdout once it accepts connections; logs go to stderr.
const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string', default: '0' },
    'max-body-mb': { type: 'string' },
    'exit-on-stdin-close': { type: 'boolean', default: false },
  },
});
const dataDir = values['data-dir'] ?? process.env.JUSTFIT_DATA_DIR ?? './.data';
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got ${values.port}`);

const log = (message: string) =>
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), msg: message })}\n`);
const server = await startEmbeddedClickHouseServer({
  dataDir,
  port,
  maxBufferedBodyBytes: values['max-body-mb'] ? Number(values['max-body-mb']) * 1024 * 1024 : undefined,
  log,
});
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);

const stop = (reason: string) => {
  log(`stopping (${reason})`);
  server.close().then(
    () => process.exit(0),
    (error: unknown) => {
      log(`stop failed: ${String(error)}`);
      process.exit(1);
    },
  );
};
process.once('SIGTERM', () => stop('SIGTERM'));
process.once('SIGINT', () => stop('SIGINT'));
// A test harness that dies without signalling leaves no orphan holding the port and the chDB path.
if (values['exit-on-stdin-close']) {
  process.stdin.on('end', () => stop('stdin closed'));
  process.stdin.resume();
}
