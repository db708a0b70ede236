import { createHash, randomBytes } from 'node:crypto';

/** API tokens read `jft_` and 43 base64url characters (32 random bytes). */
const TOKEN_FORMAT = /^jft_[A-Za-z0-9_-]{43}$/;

export function newTokenSecret(): string {
  return `jft_${randomBytes(32).toString('base64url')}`;
}

export function looksLikeApiToken(value: string): boolean {
  return TOKEN_FORMAT.test(value);
}

/**
 * What is stored of a token: its SHA-256. A token is 256 random bits, so a fast hash is enough (no password
 * stretching); the secret itself is shown once, at creation, and kept nowhere.
 */
export function hashTokenSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
