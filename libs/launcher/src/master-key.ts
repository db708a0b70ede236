import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** For local runs only: a fresh 256-bit key in the data directory, readable by its owner alone. */
export function ensureLocalMasterKey(path: string): void {
  if (existsSync(path)) return;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, randomBytes(32).toString('hex'), { mode: 0o600 });
}
