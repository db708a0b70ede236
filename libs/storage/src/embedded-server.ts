import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { chdbPath } from './client';
import { ChdbExecutor } from './embedded/chdb-executor';
import { ClickHouseFailure, toFailureReply } from './embedded/clickhouse-failure';
import { parseStreamableInsert, type StreamableInsert } from './embedded/insert-statement';
import { decodedBody, parseMultipart, readCapped } from './embedded/request-body';
import { readRequestedQuery, type RequestedQuery } from './embedded/request-url';

export interface EmbeddedServerOptions {
  /** JUSTFIT_DATA_DIR: the server owns `<dataDir>/clickhouse`. */
  dataDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Largest body buffered in memory (query texts, non-streamable INSERTs). Streamed INSERTs are not limited. */
  maxBufferedBodyBytes?: number;
  /** How long close() waits for requests in flight before cutting them off. */
  shutdownGraceMs?: number;
  log?: (message: string) => void;
}

export interface EmbeddedServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const DEFAULT_MAX_BUFFERED_BODY = 256 * 1024 * 1024;

/** Where the body of a request goes: streamed into a table, or appended to the query text. */
type Statement =
  { kind: 'streamed-insert'; sql: string; insert: StreamableInsert; rows: Readable } | { kind: 'text'; sql: string };

/**
 * Serves chDB (in this process) over enough of the ClickHouse HTTP interface for @clickhouse/client, on 127.0.0.1
 * only, so that several JustFit processes can share one chDB data directory by URL.
 */
export async function startEmbeddedClickHouseServer(options: EmbeddedServerOptions): Promise<EmbeddedServer> {
  const chdb = await importChdb();
  const path = chdbPath(options.dataDir);
  mkdirSync(path, { recursive: true });
  const executor = new ChdbExecutor(new chdb.Session(path));
  const timezone = (
    await executor.run({ database: 'default', settings: {}, params: {} }, (s) =>
      s.queryAsync('SELECT timezone()', { format: 'TabSeparatedRaw' }),
    )
  )
    .text()
    .trim();
  const maxBufferedBody = options.maxBufferedBodyBytes ?? DEFAULT_MAX_BUFFERED_BODY;
  const log = options.log ?? (() => undefined);

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => replyFailure(res, error));
  });
  server.keepAliveTimeout = 10_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/ping') return replyText(res, 'Ok.\n');
    if (url.pathname !== '/') {
      req.resume();
      return replyFailure(
        res,
        new ClickHouseFailure(0, 'HTTP_NOT_FOUND', `There is no handler for ${url.pathname}`),
        404,
      );
    }
    const requested = readRequestedQuery(url);
    if (req.method !== 'POST' && !requested.urlQuery) {
      req.resume();
      return replyText(res, 'Ok.\n');
    }
    const statement = await readStatement(req, requested);
    if (!statement.sql.trim()) throw new ClickHouseFailure(62, 'SYNTAX_ERROR', 'Empty query');
    const queryId = requested.queryId || randomUUID();
    const started = process.hrtime.bigint();
    const scope = { database: requested.database, settings: requested.settings, params: requested.params };
    const outcome = await executor.run(scope, async (session) => {
      if (/\bUSE\s/i.test(statement.sql)) executor.forgetDatabase();
      if (statement.kind === 'streamed-insert') {
        const { table, columns, format } = statement.insert;
        const summary = await session.insert({ table, columns, format, values: statement.rows });
        return {
          body: Buffer.alloc(0),
          readRows: 0,
          readBytes: 0,
          writtenRows: summary.rowsWritten,
          writtenBytes: summary.bytesWritten,
        };
      }
      const result = await session.queryAsync(statement.sql, { format: requested.format });
      const bytes = result.bytes();
      return {
        body: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        readRows: result.rowsRead,
        readBytes: result.bytesRead,
        writtenRows: 0,
        writtenBytes: 0,
      };
    });
    const summary = {
      read_rows: String(outcome.readRows),
      read_bytes: String(outcome.readBytes),
      written_rows: String(outcome.writtenRows),
      written_bytes: String(outcome.writtenBytes),
      total_rows_to_read: '0',
      result_rows: '0',
      result_bytes: String(outcome.body.length),
      elapsed_ns: String(process.hrtime.bigint() - started),
    };
    const gzip = requested.compressResponse && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? gzipSync(outcome.body) : outcome.body;
    res.writeHead(200, {
      'Content-Type': contentTypeOf(requested.format),
      'Content-Length': body.length,
      'X-ClickHouse-Query-Id': queryId,
      'X-ClickHouse-Format': requested.format,
      'X-ClickHouse-Timezone': timezone,
      'X-ClickHouse-Summary': JSON.stringify(summary),
      ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
    });
    res.end(body);
  }

  async function readStatement(req: IncomingMessage, requested: RequestedQuery): Promise<Statement> {
    const body = decodedBody(req);
    const contentType = String(req.headers['content-type'] ?? '');
    if (contentType.toLowerCase().startsWith('multipart/form-data')) {
      const parts = parseMultipart(await readCapped(body, maxBufferedBody), contentType);
      for (const [name, value] of Object.entries(parts)) {
        if (name.startsWith('param_')) requested.params[name.slice('param_'.length)] = value;
      }
      return { kind: 'text', sql: [requested.urlQuery, parts.query].filter(Boolean).join('\n') };
    }
    const insert = requested.urlQuery && req.method === 'POST' ? parseStreamableInsert(requested.urlQuery) : undefined;
    if (insert) return { kind: 'streamed-insert', sql: requested.urlQuery!, insert, rows: body };
    const text = (await readCapped(body, maxBufferedBody)).toString('utf8');
    return {
      kind: 'text',
      sql: requested.urlQuery ? (text ? `${requested.urlQuery}\n${text}` : requested.urlQuery) : text,
    };
  }

  function replyFailure(res: ServerResponse, error: unknown, status = 500): void {
    const failure = toFailureReply(error);
    log(`query failed: ${failure.text}`);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const body = `${failure.text}\n`;
    res.writeHead(status, {
      'Content-Type': 'text/plain; charset=UTF-8',
      'Content-Length': Buffer.byteLength(body),
      'X-ClickHouse-Exception-Code': String(failure.code),
      // The rest of a failed body (e.g. a rejected INSERT) is not read; the connection cannot be reused.
      Connection: 'close',
    });
    res.end(body);
    res.req.resume();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  log(`embedded ClickHouse (chDB at ${path}) listening on 127.0.0.1:${port}`);

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const grace = setTimeout(() => server.closeAllConnections(), options.shutdownGraceMs ?? 10_000);
      await stopped;
      clearTimeout(grace);
      await executor.close(chdb.drainPending);
      log('embedded ClickHouse stopped');
    })();
    return closing;
  };
  return { url: `http://127.0.0.1:${port}`, port, close };
}

function replyText(res: ServerResponse, text: string): void {
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=UTF-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function contentTypeOf(format: string): string {
  return /^JSON/i.test(format) ? 'application/json; charset=UTF-8' : 'text/plain; charset=UTF-8';
}

async function importChdb(): Promise<typeof import('chdb')> {
  try {
    return await import('chdb');
  } catch (error) {
    throw new Error(
      'The embedded server needs chDB (optional dependency "chdb" of @justfit/storage): npm install chdb',
      {
        cause: error,
      },
    );
  }
}
