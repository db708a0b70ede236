import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Busboy } from '@fastify/busboy';
import { SpooledUpload } from './spooled-upload';

export interface SpoolLimits {
  /** Where files are written while their request is served. */
  dir: string;
  maxFileBytes: number;
}

/** The request is wrong (too large, malformed): the caller's 400. */
export class UploadRefused extends Error {}

/** `operations` and `map` are small JSON documents. */
const MAX_FIELD_BYTES = 1024 * 1024;
const MAX_FIELDS = 8;
/** importMetrics takes one file; a request may carry no more. */
const MAX_FILES = 1;

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/**
 * Reads a GraphQL multipart request (github.com/jaydenseric/graphql-multipart-request-spec) as it streams in: the
 * `operations` and `map` fields, and each file written straight to disk, so memory stays flat whatever the file's
 * size. A file over the limit is cut off (the rest of the body is read and dropped) and the request refused. Returns
 * the operations with each mapped variable set to its SpooledUpload.
 */
export async function spoolMultipart(
  body: AsyncIterable<Uint8Array>,
  contentType: string,
  limits: SpoolLimits,
): Promise<{ operations: unknown; files: SpooledUpload[] }> {
  const fields = new Map<string, string>();
  const files = new Map<string, SpooledUpload>();
  const writes: Array<Promise<void>> = [];
  const paths: string[] = [];
  const streams: Readable[] = [];
  let refusal: string | undefined;
  const refuse = (reason: string) => (refusal ??= reason);

  const busboy = new Busboy({
    headers: { 'content-type': contentType },
    limits: {
      fileSize: limits.maxFileBytes,
      files: MAX_FILES,
      fields: MAX_FIELDS,
      fieldSize: MAX_FIELD_BYTES,
      parts: MAX_FILES + MAX_FIELDS,
    },
  });
  busboy.on('field', (name, value, _nameTruncated, valueTruncated) => {
    if (valueTruncated) refuse(`the multipart field ${JSON.stringify(name)} is over ${megabytes(MAX_FIELD_BYTES)}`);
    else fields.set(name, value);
  });
  busboy.on('file', (field, stream, fileName, _encoding, mimeType) => {
    const path = join(limits.dir, `upload-${randomUUID()}`);
    paths.push(path);
    streams.push(stream);
    let bytes = 0;
    stream.on('data', (chunk: Buffer) => (bytes += chunk.length));
    stream.on('limit', () => refuse(`the file is over ${megabytes(limits.maxFileBytes)}: split it into several files`));
    writes.push(
      pipeline(stream, createWriteStream(path)).then(() => {
        files.set(field, new SpooledUpload(fileName || 'upload', mimeType, path, bytes));
      }),
    );
  });
  busboy.on('filesLimit', () => refuse(`a request may carry ${MAX_FILES} file`));
  busboy.on('fieldsLimit', () => refuse(`a request may carry ${MAX_FIELDS} fields`));
  busboy.on('partsLimit', () => refuse(`a request may carry ${MAX_FILES + MAX_FIELDS} parts`));

  const discardAll = () => Promise.all(paths.map((path) => rm(path, { force: true })));
  try {
    await pipeline(Readable.from(body), busboy as unknown as Writable);
    await Promise.all(writes);
  } catch (e) {
    // A body cut off mid-file leaves that file's stream open: end it so its write settles.
    for (const stream of streams) stream.destroy();
    await Promise.allSettled(writes);
    await discardAll();
    if (refusal) throw new UploadRefused(refusal);
    throw new UploadRefused(`the multipart body could not be read: ${(e as Error).message}`);
  }
  try {
    if (refusal) throw new UploadRefused(refusal);
    return { operations: mapFiles(fields, files), files: [...files.values()] };
  } catch (e) {
    await discardAll();
    throw e;
  }
}

function parseField(fields: Map<string, string>, name: string): unknown {
  const text = fields.get(name);
  if (text === undefined) throw new UploadRefused(`the multipart field ${JSON.stringify(name)} is missing`);
  try {
    return JSON.parse(text);
  } catch {
    throw new UploadRefused(`the multipart field ${JSON.stringify(name)} is not JSON`);
  }
}

/** Sets each file at the operation paths `map` gives it (`{"0": ["variables.file"]}`). */
function mapFiles(fields: Map<string, string>, files: Map<string, SpooledUpload>): unknown {
  const operations = parseField(fields, 'operations');
  if (typeof operations !== 'object' || operations === null)
    throw new UploadRefused('the multipart field "operations" must be a JSON object or array');
  const map = fields.has('map') ? parseField(fields, 'map') : {};
  if (typeof map !== 'object' || map === null || Array.isArray(map))
    throw new UploadRefused('the multipart field "map" must be a JSON object');
  for (const [field, paths] of Object.entries(map as Record<string, unknown>)) {
    const file = files.get(field);
    if (!file) throw new UploadRefused(`the map names file ${JSON.stringify(field)}, which the request does not carry`);
    if (!Array.isArray(paths)) throw new UploadRefused(`the map's entry ${JSON.stringify(field)} must be an array`);
    for (const path of paths) setPath(operations as Record<string, unknown>, String(path), file);
  }
  return operations;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node: Record<string, unknown> = target;
  keys.forEach((key, i) => {
    if (FORBIDDEN_KEYS.has(key)) throw new UploadRefused(`the map path ${JSON.stringify(path)} is not allowed`);
    if (i === keys.length - 1) return void (node[key] = value);
    const next = node[key];
    if (typeof next !== 'object' || next === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  });
}
