import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

const FORMAT = 'v1';

/** AES-256-GCM sealing of connection credentials. The secret's reference is bound in as associated data. */
export class Sealer {
  private constructor(private readonly key: Buffer) {}

  static fromKeyMaterial(material: string): Sealer {
    const text = material.trim();
    const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
    if (key.length !== 32)
      throw new Error('the master key must be 32 bytes (64 hex characters or 44 base64 characters)');
    return new Sealer(key);
  }

  static fromConfig(config: { JUSTFIT_MASTER_KEY?: string; JUSTFIT_MASTER_KEY_FILE?: string }): Sealer {
    if (config.JUSTFIT_MASTER_KEY) return Sealer.fromKeyMaterial(config.JUSTFIT_MASTER_KEY);
    if (config.JUSTFIT_MASTER_KEY_FILE)
      return Sealer.fromKeyMaterial(readFileSync(config.JUSTFIT_MASTER_KEY_FILE, 'utf8'));
    throw new Error('no master key configured');
  }

  seal(plaintext: string, ref: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(ref));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [FORMAT, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
  }

  open(sealed: string, ref: string): string {
    const [format, iv, tag, body] = sealed.split(':');
    if (format !== FORMAT || !iv || !tag || body === undefined) throw new Error('sealed secret has an unknown format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(ref));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  }
}
