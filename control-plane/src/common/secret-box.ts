// Secrets at rest (datastore passwords, node agent credentials) are sealed with AES-256-GCM before
// they are stored: a copy of the database alone does not give access to the datastores. The key
// comes from STRATA_SECRET_KEY, or for SQLite from <data dir>/secret-key (created on first start).
// Values stored before a key existed (plain text) are still read.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const PREFIX = 'enc:v1:';

export class SecretBox {
  private readonly key: Buffer | null;

  /** `secret`: any string of at least 32 characters (hashed to the AES key); null stores plain text. */
  constructor(secret: string | null) {
    this.key = secret ? createHash('sha256').update(secret).digest() : null;
  }

  get encrypting(): boolean {
    return this.key !== null;
  }

  seal(plain: string): string {
    if (!this.key) return plain;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  open(stored: string): string {
    if (!stored.startsWith(PREFIX)) return stored;
    if (!this.key) throw new Error('a stored secret is encrypted but no STRATA_SECRET_KEY is configured');
    const raw = Buffer.from(stored.slice(PREFIX.length), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}
