// Encryption at rest for staff TOTP secrets: a copied database (a backup, a dump) must not be
// enough to produce second-factor codes. The key is derived from SESSION_SECRET, so that secret
// must stay the same for as long as the secrets it protects: changing it makes every enrolled
// member's secret unreadable until an administrator resets their sign-in.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** The stored form's version prefix, so a later key or algorithm can sit beside this one. */
const VERSION = 'v1';

/** Thrown when a stored secret cannot be decrypted: SESSION_SECRET changed, or the row was tampered with. */
export class SecretUnreadableError extends Error {
  readonly code = 'totp_secret_unreadable';
  constructor() {
    super('a stored TOTP secret cannot be decrypted: SESSION_SECRET changed since it was stored, or the value was altered');
  }
}

const keys = new Map<string, Buffer>();

/**
 * A 256-bit key from the session secret by HKDF-SHA256 (RFC 5869), with its own `info`, so the
 * key that encrypts TOTP secrets is not the one that signs cookies.
 */
function keyFor(sessionSecret: string): Buffer {
  let key = keys.get(sessionSecret);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', sessionSecret, 'prosfero', 'staff-totp-secret/v1', 32));
    keys.set(sessionSecret, key);
  }
  return key;
}

/**
 * Encrypts `plain` with AES-256-GCM (NIST SP 800-38D) under a fresh 96-bit IV.
 * @param context bound in as additional authenticated data: the same value must be given to
 *   decrypt, so a ciphertext copied onto another account (or session) does not decrypt there.
 * @returns `v1.<iv>.<ciphertext>.<tag>`, each part base64url.
 */
export function encryptSecret(sessionSecret: string, plain: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(sessionSecret), iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

/**
 * Reverses encryptSecret.
 * @throws SecretUnreadableError when the value is malformed, the key differs, or `context` is not
 *   the one it was encrypted with.
 */
export function decryptSecret(sessionSecret: string, stored: string, context: string): string {
  const [version, iv, body, tag] = stored.split('.');
  if (version !== VERSION || !iv || body === undefined || !tag) throw new SecretUnreadableError();
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor(sessionSecret), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretUnreadableError();
  }
}
