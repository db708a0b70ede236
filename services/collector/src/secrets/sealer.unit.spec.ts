import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Sealer } from './sealer';

describe('sealer - AES-256-GCM', () => {
  const sealer = Sealer.fromKeyMaterial(randomBytes(32).toString('hex'));

  it('round-trips, and the sealed text does not contain the secret', () => {
    const sealed = sealer.seal('p@ssw0rd-value', 'secret-a');
    expect(sealed).not.toContain('p@ssw0rd');
    expect(sealer.open(sealed, 'secret-a')).toBe('p@ssw0rd-value');
  });

  it('seals the same secret differently each time (random IV)', () => {
    expect(sealer.seal('x', 'r')).not.toBe(sealer.seal('x', 'r'));
  });

  it('refuses a sealed secret moved to another reference, a tampered one, or another key', () => {
    const sealed = sealer.seal('secret', 'secret-a');
    expect(() => sealer.open(sealed, 'secret-b')).toThrow();
    const [v, iv, tag, body] = sealed.split(':');
    const flipped = Buffer.from(body!, 'base64');
    flipped[0]! ^= 1;
    expect(() => sealer.open([v, iv, tag, flipped.toString('base64')].join(':'), 'secret-a')).toThrow();
    expect(() => Sealer.fromKeyMaterial(randomBytes(32).toString('base64')).open(sealed, 'secret-a')).toThrow();
  });

  it('accepts 32-byte keys as hex or base64 and refuses anything else with a clear message', () => {
    expect(() => Sealer.fromKeyMaterial(randomBytes(32).toString('base64'))).not.toThrow();
    expect(() => Sealer.fromKeyMaterial('too-short')).toThrow(/32 bytes/);
    expect(() => Sealer.fromKeyMaterial(randomBytes(16).toString('hex'))).toThrow(/32 bytes/);
  });
});
