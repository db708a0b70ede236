import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { newTraceId } from '@justfit/service-kit';
import { createGraphQLError, type FetchAPI, type Plugin } from 'graphql-yoga';
import { spoolMultipart, UploadRefused } from './multipart-spool';
import type { SpooledUpload } from './spooled-upload';

export interface UploadSettings {
  /** Where uploaded files are spooled (under the data directory). */
  dir: string;
  /** The largest file importMetrics takes. */
  maxFileBytes: number;
}

/** What a multipart request may carry besides its file: the operations and map fields and the part headers. */
export const MULTIPART_OVERHEAD_BYTES = 2 * 1024 * 1024;
/** Other request bodies (JSON queries) stay within about graphql-yoga's own default (25,000,000 bytes). */
export const MAX_BODY_BYTES = 25 * 1024 * 1024;
/** A spooled file this old belonged to a process that stopped before deleting it. */
const STALE_SPOOL_MS = 24 * 3600_000;

const refusal = (message: string, request: Request) =>
  createGraphQLError(message, {
    extensions: { code: 400, traceId: request.headers.get('x-trace-id') || newTraceId(), http: { status: 400 } },
  });

/** The request body's size as announced, when it is. */
function announcedLength(request: Request): number | undefined {
  const header = request.headers.get('content-length');
  return header && /^\d+$/.test(header) ? Number(header) : undefined;
}

/**
 * Request bodies for graphql-yoga: a multipart upload is streamed to disk by spoolMultipart instead of being read into
 * memory (yoga's own parser buffers every file), and what is too large is refused with a 400 and the reason, before
 * its body is read when the request announces its length. Yoga's maxRequestBodySize must be at least the upload
 * limit plus MULTIPART_OVERHEAD_BYTES, so that these checks answer first. Spooled files are deleted when the response
 * is sent, unless a resolver kept them.
 */
export function useUploads(settings: UploadSettings): Plugin {
  mkdirSync(settings.dir, { recursive: true });
  removeStaleSpool(settings.dir);
  const spooled = new WeakMap<Request, SpooledUpload[]>();
  const maxMultipartBytes = settings.maxFileBytes + MULTIPART_OVERHEAD_BYTES;
  const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      if (request.method !== 'POST' || !request.body) return;
      const contentType = request.headers.get('content-type') ?? '';
      const length = announcedLength(request);
      if (!/^multipart\/form-data\b/i.test(contentType)) {
        const tooLarge = () => refusal(`the request body is over ${mb(MAX_BODY_BYTES)}`, request);
        if (length !== undefined && length > MAX_BODY_BYTES) throw tooLarge();
        if (length === undefined && requestParser) {
          const parse = requestParser;
          setRequestParser((req) => parse(limitBody(req, MAX_BODY_BYTES, tooLarge, fetchAPI)));
        }
        return;
      }
      if (length !== undefined && length > maxMultipartBytes)
        throw refusal(`the file is over ${mb(settings.maxFileBytes)}: split it into several files`, request);
      setRequestParser(async (parsed) => {
        try {
          const { operations, files } = await spoolMultipart(
            parsed.body as unknown as AsyncIterable<Uint8Array>,
            contentType,
            settings,
          );
          spooled.set(request, files);
          return operations as Record<string, unknown>;
        } catch (e) {
          if (e instanceof UploadRefused) throw refusal(e.message, request);
          throw e;
        }
      });
    },
    async onResponse({ request }) {
      const files = spooled.get(request);
      if (files) await Promise.all(files.filter((f) => !f.isKept).map((f) => f.delete()));
    },
  };
}

/** The request with a body that fails with `tooLarge()` once more than `limit` bytes have come (chunked bodies). */
function limitBody(request: Request, limit: number, tooLarge: () => Error, fetchAPI: FetchAPI): Request {
  let bytes = 0;
  // A native body needs the native TransformStream, a ponyfilled one the ponyfill's (as yoga's own limit does).
  const Transform = request.body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
  const body = request.body!.pipeThrough(
    new Transform<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        bytes += chunk.byteLength;
        if (bytes > limit) controller.error(tooLarge());
        else controller.enqueue(chunk);
      },
    }),
  );
  return new fetchAPI.Request(request.url, {
    method: request.method,
    headers: request.headers,
    signal: request.signal,
    body,
    duplex: 'half',
  } as RequestInit);
}

function removeStaleSpool(dir: string): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (Date.now() - statSync(path).mtimeMs > STALE_SPOOL_MS) rmSync(path, { force: true });
  }
}
