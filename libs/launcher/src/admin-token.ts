import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * For local runs only: an admin API token in the data directory, readable by its owner alone, made once. query-api
 * registers it at start (JUSTFIT_ADMIN_TOKEN_FILE; API tokens read `jft_` and 32 random bytes in base64url).
 * Returns the token. Delete the file (and restart) to get a new one.
 */
export function ensureLocalAdminToken(path: string): string {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `jft_${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
  }
  chmodSync(path, 0o600);
  return readFileSync(path, 'utf8').trim();
}
