import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Writes a report atomically (temp file, then rename), so a reader never sees half a report. */
export async function writeReportFile(
  dir: string,
  name: string,
  content: string | Buffer,
): Promise<{ path: string; bytes: number; sha256: string }> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  const tmp = `${path}.partial`;
  const body = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  await writeFile(tmp, body, { mode: 0o640 });
  await rename(tmp, path);
  return { path, bytes: body.length, sha256: createHash('sha256').update(body).digest('hex') };
}
