import type { IncomingMessage } from 'node:http';
import { type Readable, pipeline, PassThrough } from 'node:stream';
import zlib from 'node:zlib';
import { ClickHouseFailure } from './clickhouse-failure';

/** The request body with any Content-Encoding (gzip, deflate, br, zstd where Node has it) undone, as a stream. */
export function decodedBody(req: IncomingMessage): Readable {
  const encoding = (req.headers['content-encoding'] ?? '').toLowerCase().trim();
  if (encoding === '' || encoding === 'identity') return req;
  const decoder = createDecoder(encoding);
  const output = new PassThrough();
  pipeline(req, decoder, output, () => undefined);
  return output;
}

function createDecoder(encoding: string): NodeJS.ReadWriteStream {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    case 'zstd': {
      const createZstd = (zlib as { createZstdDecompress?: () => NodeJS.ReadWriteStream }).createZstdDecompress;
      if (createZstd) return createZstd();
      break;
    }
  }
  throw new ClickHouseFailure(36, 'BAD_ARGUMENTS', `Unsupported Content-Encoding: ${encoding}`);
}

/** Reads a whole body that must be buffered (a query text, a non-streamable INSERT), refusing more than `maxBytes`. */
export async function readCapped(body: Readable, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    total += buffer.length;
    if (total > maxBytes) {
      body.destroy();
      throw new ClickHouseFailure(
        307,
        'TOO_MANY_BYTES',
        `Request body over ${maxBytes} bytes; the embedded server buffers a body unless it is ` +
          'INSERT ... FORMAT JSONEachRow|JSONCompactEachRow|TSV (streamed)',
      );
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** Minimal multipart/form-data reader for @clickhouse/client's `use_multipart_params` (query and param_* parts). */
export function parseMultipart(body: Buffer, contentType: string): Record<string, string> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundary) throw new ClickHouseFailure(36, 'BAD_ARGUMENTS', 'multipart/form-data without a boundary');
  const delimiter = `--${boundary[1] ?? boundary[2]}`;
  const parts: Record<string, string> = {};
  for (const section of body.toString('utf8').split(delimiter)) {
    const headerEnd = section.indexOf('\r\n\r\n');
    if (headerEnd < 0) continue;
    const name = /name="([^"]+)"/i.exec(section.slice(0, headerEnd))?.[1];
    if (!name) continue;
    parts[name] = section.slice(headerEnd + 4).replace(/\r\n$/, '');
  }
  return parts;
}
