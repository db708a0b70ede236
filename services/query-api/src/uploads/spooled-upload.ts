import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';

/**
 * A file of a multipart request, written to disk as it arrived (never held in memory). It can be read as often as
 * needed; it is deleted when the request's response is sent, unless its reader takes it over with `keep()` (an
 * import that goes on publishing after the mutation answered), and then deletes it itself.
 */
export class SpooledUpload {
  private kept = false;

  constructor(
    readonly name: string,
    readonly mimeType: string,
    readonly path: string,
    /** Bytes on disk. */
    readonly size: number,
  ) {}

  open(): Readable {
    return createReadStream(this.path, { highWaterMark: 256 * 1024 });
  }

  /** The caller now owns the file and deletes it; the request's end leaves it in place. */
  keep(): void {
    this.kept = true;
  }

  get isKept(): boolean {
    return this.kept;
  }

  delete(): Promise<void> {
    return rm(this.path, { force: true });
  }
}
